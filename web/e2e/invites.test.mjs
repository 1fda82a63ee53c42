// SPEC §10's private servers and invite links against a real `parley serve`: the owner creates
// a private server in the "Create a server" dialog and an invite from the server menu; a second
// user, logged out, opens /invite/{code}, sees the preview, logs in, comes back, joins, and sees
// the server and its channel (which nobody outside could list before). An unknown code says so.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  DEMO,
  PHONE,
  apiCall,
  launchBrowser,
  logIn,
  openPage,
  startServer,
  uniqueSuffix,
} from "./harness.mjs";

describe("private servers and invite links", () => {
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

  async function open(options) {
    const page = await openPage(browser, server.baseUrl, options);
    opened.push(page);
    return page;
  }

  it("invites a second user into a private server through /invite/{code}", async () => {
    const alice = await open();
    await logIn(alice, "alice");
    const name = `Hideout ${uniqueSuffix()}`;
    await alice.getByRole("button", { name: "Create a server" }).first().click();
    const create = alice.getByRole("dialog", { name: "Create a server" });
    await create.getByLabel("Server name").fill(name);
    await create.getByRole("combobox", { name: "Category" }).click();
    await alice.getByRole("option", { name: /gaming/i }).click();
    await create.getByRole("combobox", { name: "Visibility" }).click();
    await alice.getByRole("option", { name: "Private" }).click();
    await create.getByRole("button", { name: "Create", exact: true }).click();
    await alice.getByRole("heading", { name: `Welcome to ${name}` }).waitFor();
    const serverId = Number(new URL(alice.url()).pathname.split("/")[2]);
    const made = await apiCall(alice, `/api/servers/${serverId}/channels/`, {
      method: "POST",
      body: { name: "lounge" },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    await alice.getByRole("button", { name: "Server menu" }).click();
    await alice.getByRole("menuitem", { name: "Invite people" }).click();
    const inviteDialog = alice.getByRole("dialog", { name: `Invite people to ${name}` });
    await inviteDialog.getByRole("button", { name: "Create invite" }).click();
    const linkBox = inviteDialog.getByRole("textbox", { name: "Invite link" });
    await linkBox.waitFor();
    const link = new URL(await linkBox.inputValue());
    assert.match(link.pathname, /^\/invite\/[A-Za-z0-9]{10}$/);

    // bob, logged out, opens the link on a phone.
    const bob = await open({ viewport: PHONE });
    await bob.goto(link.pathname);
    await bob.getByRole("heading", { name }).waitFor();
    await bob.getByText("1 member", { exact: true }).waitFor();
    await bob.getByRole("link", { name: "Log in to join" }).click();
    await bob.getByLabel("Username").fill("bob");
    await bob.getByLabel("Password").fill(DEMO.bob);
    await bob.getByRole("button", { name: "Log in" }).click();
    await bob.waitForURL((url) => url.pathname === link.pathname);
    // Private: bob cannot find it anywhere before joining.
    const before = await apiCall(bob, "/api/server/select/");
    assert.ok(!before.body.some((s) => s.id === serverId), "private server listed to bob");
    const hidden = await apiCall(bob, `/api/servers/${serverId}/members/`);
    assert.equal(hidden.status, 404);

    await bob.getByRole("button", { name: `Join ${name}` }).click();
    await bob.waitForURL((url) => url.pathname.startsWith(`/server/${serverId}`));
    await bob.getByRole("heading", { name: `Welcome to ${name}` }).waitFor();
    await bob.getByRole("button", { name: "Open navigation" }).click();
    await bob
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "lounge" })
      .waitFor();
    const after = await apiCall(bob, "/api/server/select/?by_user=true");
    assert.ok(after.body.some((s) => s.id === serverId && s.visibility === "private"));

    // The link again: already a member, it simply opens the server.
    await bob.goto(link.pathname);
    await bob.getByRole("button", { name: `Join ${name}` }).click();
    await bob.waitForURL((url) => url.pathname.startsWith(`/server/${serverId}`));
  });

  it("says so when the invite is unknown", async () => {
    const carol = await open();
    await logIn(carol, "carol");
    await carol.goto("/invite/NoSuchCode");
    await carol.getByRole("heading", { name: "This invite is invalid or has expired" }).waitFor();
    await carol.getByRole("link", { name: "Go to Parley" }).waitFor();
  });
});
