// SPEC §10's web client against a real `parley serve`: the owner creates a role in server
// settings and gives it a permission (it persists across a reload), and reorders roles; the
// owner hides a channel from @everyone with an overwrite and a member's channel list loses it
// at once (the gateway sends channel.delete); a member without a settings permission is offered
// no "Server settings"; the Members tab gives and takes a role, and a member banned there
// shows in Bans and is unbanned; a member timed out there can read but not post, and the audit
// log shows who did it and why.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  PHONE,
  apiCall,
  launchBrowser,
  logIn,
  messageBox,
  openChannel,
  openPage,
  startServer,
  uniqueSuffix,
} from "./harness.mjs";

const SERVER = "Retro Arcade"; // owner alice; members alice, bob, carol
const CREATE_INSTANT_INVITE = 1n;

describe("server settings and channel permissions", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const opened = [];
  afterEach(async () => {
    for (const page of opened.splice(0)) {
      assert.deepEqual(page.errors, [], "no page errors");
      await page.context().close();
    }
  });

  async function open(username, options) {
    const page = await openPage(browser, server.baseUrl, options);
    opened.push(page);
    await logIn(page, username);
    return page;
  }

  async function serverOf(page, name) {
    const list = await apiCall(page, "/api/server/select/");
    return list.body.find((s) => s.name === name);
  }

  async function openServer(page) {
    await page
      .getByRole("link", { name: new RegExp(SERVER) })
      .first()
      .click();
    await page.getByRole("heading", { name: `Welcome to ${SERVER}` }).waitFor();
  }

  async function openSettings(page, tab) {
    await page.getByRole("button", { name: "Server menu" }).click();
    await page.getByRole("menuitem", { name: "Server settings" }).click();
    const dialog = page.getByRole("dialog", { name: /Server settings/ });
    await dialog.waitFor();
    if (tab) await dialog.getByRole("tab", { name: tab }).click();
    return dialog;
  }

  const channels = (page) => page.getByRole("navigation", { name: "Channels" });

  it("creates a role, gives it a permission, and it is still there after a reload", async () => {
    const alice = await open("alice");
    await openServer(alice);
    let dialog = await openSettings(alice, "Roles");
    const name = `mods ${uniqueSuffix()}`;
    await dialog.getByRole("button", { name: "Create role" }).click();
    const nameBox = dialog.getByRole("textbox", { name: "Role name" });
    await nameBox.waitFor();
    await nameBox.fill(name);
    const kick = dialog.getByRole("switch", { name: /^Kick members/ });
    assert.equal(await kick.isChecked(), false);
    await kick.check();
    await dialog.getByRole("button", { name: "Save role" }).click();
    await dialog.getByText("Role saved.").waitFor();

    await alice.reload();
    await alice.getByRole("heading", { name: `Welcome to ${SERVER}` }).waitFor();
    dialog = await openSettings(alice, "Roles");
    await dialog.getByRole("list", { name: "Roles, highest first" }).getByText(name).click();
    assert.equal(await dialog.getByRole("textbox", { name: "Role name" }).inputValue(), name);
    assert.equal(await dialog.getByRole("switch", { name: /^Kick members/ }).isChecked(), true);
    assert.equal(await dialog.getByRole("switch", { name: /^Ban members/ }).isChecked(), false);

    const arcade = await serverOf(alice, SERVER);
    const roles = (await apiCall(alice, `/api/servers/${arcade.id}/roles/`)).body;
    const saved = roles.find((r) => r.name === name);
    assert.ok(saved, "the role is on the server");
    assert.equal(BigInt(saved.permissions) & 2n, 2n, "with KICK_MEMBERS");

    // A second role goes in just above @everyone, below the first; "move up" swaps them.
    await dialog.getByRole("button", { name: "Create role" }).click();
    await dialog.getByRole("button", { name: "Move new role up" }).waitFor();
    await dialog.getByRole("button", { name: "Move new role up" }).click();
    await waitFor(async () => {
      const now = (await apiCall(alice, `/api/servers/${arcade.id}/roles/`)).body;
      const top = now.filter((r) => r.id !== arcade.id).sort((a, b) => b.position - a.position);
      return top[0].name === "new role" && top[1].name === name;
    }, "the new role moved above the first one");
    const names = await dialog
      .getByRole("list", { name: "Roles, highest first" })
      .getByRole("listitem")
      .allTextContents();
    assert.ok(names[0].startsWith("new role") && names[1].startsWith(name), names.join(" | "));

    // Dragging the first role back onto the top row reorders them again.
    const rows = dialog.getByRole("list", { name: "Roles, highest first" }).getByRole("listitem");
    await rows.nth(1).dragTo(rows.nth(0));
    await waitFor(async () => {
      const now = (await apiCall(alice, `/api/servers/${arcade.id}/roles/`)).body;
      const top = now.filter((r) => r.id !== arcade.id).sort((a, b) => b.position - a.position);
      return top[0].name === name && top[1].name === "new role";
    }, "the dragged role is on top again");
  });

  it("hides a channel from @everyone, and a member's channel list loses it at once", async () => {
    const bob = await open("bob");
    await openServer(bob);
    await channels(bob).getByRole("link", { name: "high-scores" }).waitFor();

    const alice = await open("alice");
    await openServer(alice);
    await channels(alice).getByRole("button", { name: "Menu for #high-scores" }).click();
    await alice.getByRole("menuitem", { name: "Permissions" }).click();
    const dialog = alice.getByRole("dialog", { name: "Permissions of #high-scores" });
    await dialog.getByRole("combobox", { name: "Add a role or member" }).click();
    await alice.getByRole("option", { name: "@everyone" }).click();
    const view = dialog.getByRole("group", { name: "View channels" });
    await view.getByRole("button", { name: "Deny" }).click();
    assert.equal(
      await view.getByRole("button", { name: "Deny" }).getAttribute("aria-pressed"),
      "true",
    );
    await dialog.getByRole("button", { name: "Save permissions" }).click();
    await dialog.getByText("Saved.").waitFor();

    // Bob's gateway gets channel.delete: the list changes without a reload.
    await channels(bob).getByRole("link", { name: "high-scores" }).waitFor({ state: "detached" });
    await channels(bob).getByRole("link", { name: "general" }).waitFor();

    const arcade = await serverOf(alice, SERVER);
    const channel = arcade.channel_server.find((c) => c.name === "high-scores");
    const list = await apiCall(alice, `/api/channels/${channel.id}/permissions/`);
    assert.deepEqual(
      list.body.map((o) => [o.id, o.type, o.deny]),
      [[arcade.id, "role", "1024"]],
    );
    // Removing the overwrite gives the channel back.
    await dialog.getByRole("button", { name: "Remove overwrite" }).click();
    await dialog.getByText("No overwrites: the roles decide everything here.").waitFor();
    await channels(bob).getByRole("link", { name: "high-scores" }).waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    await channels(alice).getByRole("link", { name: "high-scores" }).waitFor();
  });

  it("offers a member only what their bits allow, and nothing without them", async () => {
    const bob = await open("bob", { viewport: PHONE });
    await openServer(bob);
    // @everyone may create invites by default: bob's settings hold the Invites tab alone. On a
    // phone the server's column (with its menu) is in the navigation drawer.
    await bob.getByRole("button", { name: "Open navigation" }).click();
    const dialog = await openSettings(bob);
    const tabs = await dialog.getByRole("tab").allTextContents();
    assert.deepEqual(tabs, ["Invites"]);
    await dialog.getByRole("button", { name: "Create invite" }).waitFor();
    await dialog.getByText("No invites yet").waitFor();
    await dialog.getByRole("button", { name: "Close settings" }).click();

    const alice = await open("alice");
    const arcade = await serverOf(alice, SERVER);
    const roles = (await apiCall(alice, `/api/servers/${arcade.id}/roles/`)).body;
    const everyone = roles.find((r) => r.id === arcade.id);
    const without = (BigInt(everyone.permissions) & ~CREATE_INSTANT_INVITE).toString();
    const patched = await apiCall(alice, `/api/servers/${arcade.id}/roles/${arcade.id}/`, {
      method: "PATCH",
      body: { permissions: without },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    try {
      await bob.reload();
      await bob.getByRole("heading", { name: `Welcome to ${SERVER}` }).waitFor();
      await bob.getByRole("button", { name: "Open navigation" }).click();
      await channels(bob).getByRole("link", { name: "general" }).waitFor();
      assert.equal(await bob.getByRole("button", { name: "Server menu" }).count(), 0);
      assert.equal(await bob.getByRole("menuitem", { name: "Server settings" }).count(), 0);
      assert.equal(await bob.getByRole("button", { name: /^Menu for #/ }).count(), 0);

      // A logged-in visitor who is not a member gets nothing either.
      const dave = await open("dave");
      await openServer(dave);
      await channels(dave).getByRole("link", { name: "general" }).waitFor();
      assert.equal(await dave.getByRole("button", { name: "Server menu" }).count(), 0);
    } finally {
      await apiCall(alice, `/api/servers/${arcade.id}/roles/${arcade.id}/`, {
        method: "PATCH",
        body: { permissions: everyone.permissions },
      });
    }
  });

  it("bans a member from the Members tab, lists them in Bans, and unbans them", async () => {
    const alice = await open("alice");
    const arcade = await serverOf(alice, SERVER);
    const roleName = `helpers ${uniqueSuffix()}`;
    const made = await apiCall(alice, `/api/servers/${arcade.id}/roles/`, {
      method: "POST",
      body: { name: roleName },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await openServer(alice);
    const dialog = await openSettings(alice, "Members");
    const members = dialog.getByRole("list", { name: "Server members" });
    await members.getByRole("listitem", { name: "carol" }).waitFor();

    // Give bob the role, then take it away.
    await dialog.getByRole("button", { name: "Add a role to bob" }).click();
    await alice
      .getByRole("menu", { name: "Roles to give bob" })
      .getByRole("menuitem", { name: roleName })
      .click();
    const removeRole = dialog.getByRole("button", { name: `Remove role ${roleName} from bob` });
    await removeRole.waitFor();
    const bobId = (await apiCall(alice, `/api/servers/${arcade.id}/members/`)).body.find(
      (m) => m.user.username === "bob",
    ).user.id;
    const rolesOfBob = async () =>
      (await apiCall(alice, `/api/servers/${arcade.id}/members/?after=${bobId - 1}&limit=1`))
        .body[0].roles;
    assert.deepEqual(await rolesOfBob(), [made.body.id]);
    await removeRole.click();
    await removeRole.waitFor({ state: "detached" });
    assert.deepEqual(await rolesOfBob(), []);

    // The owner is not offered to be moderated.
    assert.equal(await dialog.getByRole("button", { name: "Moderate alice" }).count(), 0);
    await dialog.getByRole("button", { name: "Moderate carol" }).click();
    await alice.getByRole("menuitem", { name: "Ban" }).click();
    const ban = alice.getByRole("dialog", { name: "Ban carol" });
    await ban.getByRole("textbox", { name: "Reason" }).fill("spamming high scores");
    await ban.getByRole("button", { name: "Ban", exact: true }).click();
    await ban.waitFor({ state: "detached" });
    await members.getByRole("listitem", { name: "carol" }).waitFor({ state: "detached" });

    await dialog.getByRole("tab", { name: "Bans" }).click();
    const banned = dialog.getByRole("list", { name: "Banned users" });
    await banned.getByText("carol").waitFor();
    await banned.getByText("Reason: spamming high scores").waitFor();
    await dialog.getByRole("button", { name: "Unban carol" }).click();
    await dialog.getByText("Nobody is banned").waitFor();

    const bans = await apiCall(alice, `/api/servers/${arcade.id}/bans/`);
    assert.deepEqual(bans.body, []);
    // Carol left with the ban; she may join again now.
    const carol = await open("carol");
    const join = await apiCall(carol, `/api/membership/${arcade.id}/membership/`, {
      method: "POST",
    });
    assert.equal(join.status, 200, JSON.stringify(join.body));
  });

  it("times a member out from the Members tab: they may read but not post, and the audit log says so", async () => {
    const alice = await open("alice");
    const arcade = await serverOf(alice, SERVER);
    const bob = await open("bob");
    await openChannel(bob, SERVER, "general");
    await openServer(alice);
    const dialog = await openSettings(alice, "Members");
    await dialog.getByRole("button", { name: "Moderate bob" }).click();
    await alice.getByRole("menuitem", { name: "Time out" }).click();
    const timeout = alice.getByRole("dialog", { name: "Time out bob" });
    await timeout.getByRole("textbox", { name: "Reason" }).fill("cool down ✓");
    await timeout.getByRole("button", { name: "Time out", exact: true }).click();
    await timeout.waitFor({ state: "detached" });

    // Bob's next send is refused; the conversation then says until when, and the box is closed.
    const box = messageBox(bob, "general");
    await box.fill("can I still talk?");
    await box.press("Enter");
    await bob.getByText(/You're timed out until .*You can read, but not post or react\./).waitFor();
    assert.equal(await box.isDisabled(), true);
    await bob.reload();
    await bob.getByText(/You're timed out until/).waitFor();

    await dialog.getByRole("tab", { name: "Audit log" }).click();
    const log = dialog.getByRole("list", { name: "Audit log entries, newest first" });
    await log.getByText("Timed out a member bob").first().waitFor();
    await log
      .getByText(/Reason: cool down ✓/)
      .first()
      .waitFor();

    const bobId = (await apiCall(alice, `/api/servers/${arcade.id}/members/`)).body.find(
      (m) => m.user.username === "bob",
    ).user.id;
    const lifted = await apiCall(alice, `/api/servers/${arcade.id}/members/${bobId}/`, {
      method: "PATCH",
      body: { timeout_until: null },
    });
    assert.equal(lifted.status, 200, JSON.stringify(lifted.body));
    await bob.reload();
    await messageBox(bob, "general").waitFor();
    assert.equal(await messageBox(bob, "general").isDisabled(), false);
    assert.equal(await bob.getByText(/You're timed out until/).count(), 0);
  });

  it("an invite link with an unknown code says it is invalid", async () => {
    const bob = await open("bob");
    await bob.goto("/invite/no-such-code-123");
    await bob.getByRole("heading", { name: "This invite is invalid or has expired" }).waitFor();
  });

  it("shows the audit log tab, its entries or that nothing is logged yet", async () => {
    const alice = await open("alice");
    await openServer(alice);
    const dialog = await openSettings(alice, "Audit log");
    await dialog
      .getByRole("list", { name: "Audit log entries, newest first" })
      .or(dialog.getByText("Nothing logged yet"))
      .first()
      .waitFor();
    assert.equal(await dialog.getByRole("alert").count(), 0, "no error shown");
  });
});

async function waitFor(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting: ${what}`);
}
