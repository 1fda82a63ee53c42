// SPEC §11 in the browser: the member list beside the conversation shows a user coming online
// and changing status live; it can be hidden; on a phone it is a drawer; the account menu picks
// a status.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  openLiveChannel,
  launchBrowser,
  logIn,
  openPage,
  PHONE,
  startServer,
  waitLive,
} from "./harness.mjs";

/** The row of `username` in the member list's group `group` ("Online" or "Offline"). */
function memberRow(page, group, username) {
  return page
    .getByRole("region", { name: "Members" })
    .getByRole("list", { name: group })
    .getByRole("listitem")
    .filter({ hasText: username });
}

describe("Member list and presence", () => {
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

  it("shows a user coming online and changing status, live", async () => {
    const alice = await openLiveChannel(
      browser,
      server.baseUrl,
      "alice",
      "Jazz Corner",
      "listening",
    );
    const members = alice.getByRole("region", { name: "Members" });
    await members.waitFor();
    await memberRow(alice, "Online", "alice").getByRole("img", { name: "Online" }).waitFor();
    await memberRow(alice, "Offline", "bob").getByRole("img", { name: "Offline" }).waitFor();

    // Bob signs in elsewhere: his gateway makes him online in Alice's list.
    const bob = await openPage(browser, server.baseUrl);
    await logIn(bob, "bob");
    await memberRow(alice, "Online", "bob")
      .getByRole("img", { name: "Online" })
      .waitFor({ timeout: 20_000 });
    assert.equal(await memberRow(alice, "Offline", "bob").count(), 0);

    // Bob chooses "Do not disturb" in his account menu; Alice sees it (within the 5 s window).
    await bob.getByRole("button", { name: "Account menu" }).click();
    const dnd = bob.getByRole("menuitemradio", { name: "Do not disturb" });
    await dnd.click();
    await bob.getByRole("menuitemradio", { name: "Do not disturb", checked: true }).waitFor();
    await bob.keyboard.press("Escape");
    await memberRow(alice, "Online", "bob")
      .getByRole("img", { name: "Do not disturb" })
      .waitFor({ timeout: 20_000 });

    // Invisible: offline to Alice, and the choice is still there when Bob's menu opens again.
    await bob.getByRole("button", { name: "Account menu" }).click();
    await bob.getByRole("menuitemradio", { name: "Invisible" }).click();
    await bob.keyboard.press("Escape");
    await memberRow(alice, "Offline", "bob")
      .getByRole("img", { name: "Offline" })
      .waitFor({ timeout: 20_000 });
    await bob.reload();
    await bob.getByRole("button", { name: "Account menu" }).click();
    await bob.getByRole("menuitemradio", { name: "Invisible", checked: true }).waitFor();
    await bob.getByRole("menuitemradio", { name: "Online" }).click();
    await bob.keyboard.press("Escape");
    await memberRow(alice, "Online", "bob").waitFor({ timeout: 20_000 });

    // The button "Member list" hides and shows it, from the keyboard too.
    const toggle = alice.getByRole("button", { name: "Member list" });
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    await toggle.focus();
    await alice.keyboard.press("Enter");
    await members.waitFor({ state: "detached" });
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await alice.keyboard.press("Space");
    await members.waitFor();
    assert.deepEqual(alice.errors, []);
    assert.deepEqual(bob.errors, []);
    await alice.context().close();
    await bob.context().close();
  });

  it("is a drawer on a phone, in dark mode too", async () => {
    const carol = await openPage(browser, server.baseUrl, { viewport: PHONE, colorScheme: "dark" });
    await logIn(carol, "carol");
    await carol.getByRole("button", { name: "Open navigation" }).click();
    await carol
      .getByRole("link", { name: /C\+\+ Lounge/ })
      .first()
      .click();
    await carol.getByRole("heading", { name: "Welcome to C++ Lounge" }).waitFor();
    await carol.getByRole("button", { name: "Open navigation" }).click();
    await carol
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "general" })
      .click();
    await waitLive(carol);
    assert.equal(await carol.getByRole("region", { name: "Members" }).count(), 0);
    await carol.getByRole("button", { name: "Member list" }).click();
    const members = carol.getByRole("region", { name: "Members" });
    await members.waitFor();
    await memberRow(carol, "Online", "carol").waitFor();
    const box = await members.boundingBox();
    assert.ok(box && box.width <= PHONE.width, "the drawer fits the phone");
    await carol.keyboard.press("Escape");
    await members.waitFor({ state: "detached" });
    assert.deepEqual(carol.errors, []);
    await carol.context().close();
  });
});
