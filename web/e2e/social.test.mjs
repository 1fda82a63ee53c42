// SPEC §8, §9 and §11 in the browser, against a real `parley serve`: "mark unread" on a message
// makes its channel bold again (and keeps it so while it stays open); blocking someone from the
// member list keeps them from opening a DM, unblocking lets them; the member list groups online
// members by hoisted role; the DM list shows a partner's status dot.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  apiCall,
  currentChannel,
  launchBrowser,
  logIn,
  messageRow,
  messageWithText,
  openChannel,
  openPage,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

describe("mark unread, blocks, hoisted roles, DM presence", () => {
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
    const list = await apiCall(page, "/api/server/select/?by_user=true");
    return list.body.find((s) => s.name === name);
  }

  const channels = (page) => page.getByRole("navigation", { name: "Channels" });
  const members = (page) => page.getByRole("region", { name: "Members" });
  const memberButton = (page, group, username) =>
    members(page)
      .getByRole("list", { name: group })
      .getByRole("button", { name: username, exact: true });

  it("mark unread shows the channel bold again and keeps it unread while it is open", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const jazz = await serverOf(alice, "Jazz Corner");
    const listening = jazz.channel_server.find((c) => c.name === "listening");
    const suffix = uniqueSuffix();
    const sent = [];
    for (const text of [`first ${suffix}`, `second ${suffix}`]) {
      const r = await apiCall(alice, `/api/channels/${listening.id}/messages/`, {
        method: "POST",
        body: { content: text },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      sent.push(r.body);
    }
    await openChannel(bob, "Jazz Corner", "listening");
    await waitLive(bob);
    await messageWithText(bob, `second ${suffix}`).waitFor();
    const entry = channels(bob).getByRole("link", { name: /^listening$/ });
    await entry.waitFor(); // read: seen at the bottom

    // The action sits in the message's toolbar (shown on hover or keyboard focus).
    await messageRow(bob, `second ${suffix}`).hover();
    await messageRow(bob, `second ${suffix}`).getByRole("button", { name: "Mark unread" }).click();
    const unread = channels(bob).getByRole("link", { name: /^listening, unread/ });
    await unread.waitFor();
    const weight = await unread
      .locator(".MuiListItemText-primary")
      .evaluate((node) => getComputedStyle(node).fontWeight);
    assert.equal(weight, "700", "the channel is bold again");
    await bob.getByRole("separator", { name: "New messages" }).waitFor();
    // The server has the mark just before the chosen message, and the open channel does not
    // ack it away again.
    await bob.waitForTimeout(1_500);
    const states = await apiCall(bob, "/api/users/@me/read-states/");
    const state = states.body.find((s) => s.channel_id === listening.id);
    assert.equal(state.last_read_id, sent[0].id);
    assert.equal(await unread.count(), 1);

    // Leaving and coming back reads it as usual.
    const servers = bob.getByRole("navigation", { name: "Your servers" });
    await servers.getByRole("link", { name: /Speedrunners/ }).click();
    await bob.getByRole("heading", { name: "Welcome to Speedrunners" }).waitFor();
    await servers.getByRole("link", { name: /^Jazz Corner, unread/ }).click();
    await channels(bob)
      .getByRole("link", { name: /^listening, unread/ })
      .click();
    await messageWithText(bob, `second ${suffix}`).waitFor();
    await channels(bob)
      .getByRole("link", { name: /^listening$/ })
      .waitFor();
    assert.equal(currentChannel(bob).channelId, listening.id);
  });

  it("a block from the member list keeps the blocked from opening a DM", async () => {
    const carol = await open("carol");
    const dave = await open("dave");
    await openChannel(carol, "C++ Lounge", "general");
    await waitLive(carol);
    await memberButton(carol, "Online", "dave").click();
    const carolMenu = carol.getByRole("menu", { name: "dave: actions" });
    await carolMenu.getByRole("menuitem", { name: "Block" }).click();
    await carolMenu.getByRole("menuitem", { name: "Unblock" }).waitFor();
    await carol.keyboard.press("Escape");

    await openChannel(dave, "C++ Lounge", "general");
    await waitLive(dave);
    await memberButton(dave, "Online", "carol").focus();
    await dave.keyboard.press("Enter"); // keyboard reachable
    const daveMenu = dave.getByRole("menu", { name: "carol: actions" });
    await daveMenu.getByRole("menuitem", { name: "Message" }).click();
    await daveMenu
      .getByRole("alert")
      .getByText("carol doesn't accept messages from you.")
      .waitFor();
    assert.equal(new URL(dave.url()).pathname.startsWith("/dms"), false);
    await dave.keyboard.press("Escape");

    // Unblocked: the same action opens their conversation.
    await memberButton(carol, "Online", "dave").click();
    await carolMenu.getByRole("menuitem", { name: "Unblock" }).click();
    await carolMenu.getByRole("menuitem", { name: "Block" }).waitFor();
    await carol.keyboard.press("Escape");
    await memberButton(dave, "Online", "carol").click();
    await daveMenu.getByRole("menuitem", { name: "Message" }).click();
    await dave.waitForURL((url) => url.pathname.startsWith("/dms/"));
    await dave.getByRole("textbox", { name: /Message @carol/ }).waitFor();
  });

  it("groups online members by hoisted role, and the DM list shows a partner's status", async () => {
    const alice = await open("alice");
    const bob = await open("bob"); // signed in: his gateway makes him online
    const jazz = await serverOf(alice, "Jazz Corner");
    const bobId = (await apiCall(bob, "/api/account/me/")).body.id;
    const role = await apiCall(alice, `/api/servers/${jazz.id}/roles/`, {
      method: "POST",
      body: { name: "Players", hoist: true },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const given = await apiCall(
      alice,
      `/api/servers/${jazz.id}/members/${bobId}/roles/${role.body.id}/`,
      { method: "PUT" },
    );
    assert.equal(given.status, 204);

    await openChannel(alice, "Jazz Corner", "listening");
    await waitLive(alice);
    const players = members(alice).getByRole("list", { name: "Players" });
    await players.getByText("bob", { exact: true }).waitFor();
    await players.getByRole("img", { name: "Online" }).waitFor();
    const headings = await members(alice).getByRole("heading").allTextContents();
    assert.deepEqual(headings.slice(0, 2), ["Players — 1", "Online — 1"]);

    // Alice and bob talk in a DM: her conversation list shows bob's dot, and that he goes.
    const dm = await apiCall(alice, "/api/users/@me/channels/", {
      method: "POST",
      body: { recipients: [bobId] },
    });
    assert.ok([200, 201].includes(dm.status), JSON.stringify(dm.body));
    await alice.goto("/dms");
    const conversations = alice.getByRole("list", { name: "Conversations" });
    await conversations
      .getByRole("link", { name: /^bob.*, Online$/ })
      .getByRole("img", { name: "Online" })
      .waitFor();
    await bob.getByRole("button", { name: "Account menu" }).click();
    await bob.getByRole("menuitemradio", { name: "Do not disturb" }).click();
    await bob.keyboard.press("Escape");
    // The server pushes presence only to member-list subscribers: the list reads it again
    // (every 30 s, and when it shows).
    await alice.reload();
    await conversations.getByRole("img", { name: "Do not disturb" }).waitFor();
  });
});
