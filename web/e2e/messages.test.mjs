// SPEC §7 in the browser, against a real `parley serve`: replies, reactions, inline edits,
// deletion, mentions, two tabs of one user, and catching up after a dropped gateway.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  apiCall,
  currentChannel,
  launchBrowser,
  logIn,
  messageBox,
  messageRow,
  messageWithText,
  openChannel,
  openPage,
  sendMessage,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

const SERVER = "Retro Arcade"; // owner alice; members alice, bob, carol
const CHANNEL = "general";

describe("messages (SPEC §7)", () => {
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
  afterEach(() => {
    for (const page of opened.splice(0)) assert.deepEqual(page.errors, [], "no page errors");
  });

  /** A logged-in page showing Retro Arcade #general, live. */
  async function open(username, options) {
    const page = await openPage(browser, server.baseUrl, options);
    opened.push(page);
    await logIn(page, username);
    await openChannel(page, SERVER, CHANNEL);
    await waitLive(page);
    return page;
  }

  const chip = (row, emoji) => row.getByRole("button", { name: new RegExp(`^${emoji} \\d+`) });

  it("replies: the composer says to whom, the reply quotes the original and jumps to it", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const original = `original ${uniqueSuffix()}\nsecond line`;
    await sendMessage(alice, CHANNEL, original);
    const firstLine = original.split("\n")[0];

    const row = messageRow(bob, firstLine);
    await row.hover();
    await row.getByRole("button", { name: "Reply" }).click();
    await bob.getByText("Replying to alice").waitFor();
    const answer = `answer ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, answer);
    assert.equal(await bob.getByText("Replying to alice").count(), 0, "the reply bar closes");

    for (const page of [alice, bob]) {
      const preview = messageRow(page, answer).getByRole("button", {
        name: `Reply to alice: ${firstLine}`,
      });
      await preview.waitFor();
      assert.ok(!(await preview.textContent()).includes("second line"), "first line only");
    }
    // The original is on screen: the preview scrolls to it and focuses it.
    const originalId = await messageWithText(alice, firstLine).getAttribute("data-message-id");
    await messageRow(alice, answer)
      .getByRole("button", { name: /^Reply to alice/ })
      .click();
    await alice.waitForFunction(
      (id) => document.activeElement?.getAttribute("data-message-row") === id,
      originalId,
    );
    await alice.context().close();
    await bob.context().close();
  });

  it("replies: a preview of a message outside the loaded page loads the history around it", async () => {
    const bob = await open("bob");
    const { channelId } = currentChannel(bob);
    const original = `far back ${uniqueSuffix()}`;
    const posted = await apiCall(bob, `/api/channels/${channelId}/messages/`, {
      method: "POST",
      body: { content: original },
    });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    // More than a page of newer messages, paced under the send rate limit.
    for (let i = 0; i < 55; i++) {
      const filler = await apiCall(bob, `/api/channels/${channelId}/messages/`, {
        method: "POST",
        body: { content: `filler ${i}` },
      });
      if (filler.status === 429) i--;
      await bob.waitForTimeout(filler.status === 429 ? 1_000 : 120);
    }
    const answer = `late answer ${uniqueSuffix()}`;
    const reply = await apiCall(bob, `/api/channels/${channelId}/messages/`, {
      method: "POST",
      body: { content: answer, reply_to: posted.body.id },
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));

    const carol = await open("carol");
    await messageWithText(carol, answer).waitFor();
    assert.equal(await messageWithText(carol, original).count(), 0, "not in the newest page");
    const arounds = [];
    carol.on("request", (request) => {
      if (request.url().includes(`around=${posted.body.id}`)) arounds.push(request.url());
    });
    await messageRow(carol, answer)
      .getByRole("button", { name: `Reply to bob: ${original}` })
      .click();
    await messageWithText(carol, original).waitFor();
    await carol.waitForFunction(
      (id) => document.activeElement?.getAttribute("data-message-row") === String(id),
      posted.body.id,
    );
    assert.equal(arounds.length, 1, "loaded through around=");
    await carol.getByRole("button", { name: "Jump to present" }).click();
    await messageWithText(carol, answer).waitFor();
    await bob.context().close();
    await carol.context().close();
  });

  it("reacts and unreacts through the picker and the chips, seen by another user", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const text = `react to me ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, text);

    const aliceRow = messageRow(alice, text);
    await aliceRow.hover();
    await aliceRow.getByRole("button", { name: "Add reaction" }).click();
    const picker = alice.getByRole("dialog", { name: "Choose an emoji" });
    await picker.waitFor();
    // Keyboard: the first emoji has the focus; Enter chooses it (👍).
    await alice.keyboard.press("Enter");
    await picker.waitFor({ state: "hidden" });
    await aliceRow.getByRole("button", { name: "👍 1" }).waitFor();
    assert.equal(await chip(aliceRow, "👍").getAttribute("aria-pressed"), "true");

    const bobRow = messageRow(bob, text);
    await bobRow.getByRole("button", { name: "👍 1" }).waitFor();
    assert.equal(await chip(bobRow, "👍").getAttribute("aria-pressed"), "false");
    await chip(bobRow, "👍").click();
    await bobRow.getByRole("button", { name: "👍 2" }).waitFor();
    assert.equal(await chip(bobRow, "👍").getAttribute("aria-pressed"), "true");
    await aliceRow.getByRole("button", { name: "👍 2" }).waitFor();
    assert.equal(await chip(aliceRow, "👍").getAttribute("aria-pressed"), "true");

    await chip(aliceRow, "👍").click();
    await aliceRow.getByRole("button", { name: "👍 1" }).waitFor();
    assert.equal(await chip(aliceRow, "👍").getAttribute("aria-pressed"), "false");
    await bobRow.getByRole("button", { name: "👍 1" }).waitFor();
    assert.equal(await chip(bobRow, "👍").getAttribute("aria-pressed"), "true");

    // Esc closes the picker without reacting.
    await bobRow.hover();
    await bobRow.getByRole("button", { name: "Add reaction" }).click();
    await bob.getByRole("dialog", { name: "Choose an emoji" }).waitFor();
    await bob.keyboard.press("Escape");
    await bob.getByRole("dialog", { name: "Choose an emoji" }).waitFor({ state: "hidden" });
    assert.equal(
      await bobRow.getByRole("group", { name: "Reactions" }).getByRole("button").count(),
      1,
    );

    // A reload shows the same state from REST (`me` from the server).
    await alice.reload();
    await waitLive(alice);
    await messageRow(alice, text).getByRole("button", { name: "👍 1" }).waitFor();
    assert.equal(await chip(messageRow(alice, text), "👍").getAttribute("aria-pressed"), "false");
    await alice.context().close();
    await bob.context().close();
  });

  it("edits inline: Escape cancels, Enter saves, and the other user sees (edited)", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const text = `typo heer ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, text);

    // Edit is offered on one's own messages only.
    const aliceRow = messageRow(alice, text);
    await aliceRow.hover();
    assert.equal(await aliceRow.getByRole("button", { name: "Edit message" }).count(), 0);

    const row = messageRow(bob, text);
    await row.hover();
    await row.getByRole("button", { name: "Edit message" }).click();
    const editor = bob.getByRole("textbox", { name: "Edit message" });
    await editor.fill("this should be discarded");
    await editor.press("Escape");
    await editor.waitFor({ state: "hidden" });
    await messageWithText(bob, text).waitFor();

    await row.hover();
    await row.getByRole("button", { name: "Edit message" }).click();
    const fixed = text.replace("heer", "here");
    await editor.fill(fixed);
    await editor.press("Enter");
    await editor.waitFor({ state: "hidden" });
    for (const page of [bob, alice]) {
      const edited = messageWithText(page, fixed);
      await edited.waitFor();
      assert.match(await edited.textContent(), /\(edited\)$/);
      assert.equal(await messageWithText(page, "this should be discarded").count(), 0);
    }
    await alice.context().close();
    await bob.context().close();
  });

  it("deletes after a confirmation, for everyone; the owner may delete others' messages", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const carol = await open("carol");
    const mine = `delete me ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, mine);
    await messageWithText(alice, mine).waitFor();

    // Carol neither wrote it nor owns the server: no delete offered.
    const carolRow = messageRow(carol, mine);
    await carolRow.hover();
    await carolRow.getByRole("button", { name: "Reply" }).waitFor();
    assert.equal(await carolRow.getByRole("button", { name: "Delete message" }).count(), 0);

    const row = messageRow(bob, mine);
    await row.hover();
    await row.getByRole("button", { name: "Delete message" }).click();
    const dialog = bob.getByRole("dialog", { name: "Delete message" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await messageWithText(bob, mine).waitFor();

    await row.hover();
    await row.getByRole("button", { name: "Delete message" }).click();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await messageWithText(bob, mine).waitFor({ state: "detached" });
    await messageWithText(alice, mine).waitFor({ state: "detached" });
    await messageWithText(carol, mine).waitFor({ state: "detached" });

    // Alice owns Retro Arcade: she may delete Carol's message.
    const theirs = `moderated ${uniqueSuffix()}`;
    await sendMessage(carol, CHANNEL, theirs);
    const aliceRow = messageRow(alice, theirs);
    await aliceRow.hover();
    await aliceRow.getByRole("button", { name: "Delete message" }).click();
    await alice
      .getByRole("dialog", { name: "Delete message" })
      .getByRole("button", { name: "Delete", exact: true })
      .click();
    await messageWithText(carol, theirs).waitFor({ state: "detached" });
    await alice.context().close();
    await bob.context().close();
    await carol.context().close();
  });

  it("offers members on @, inserts the mention, shows @name and highlights it for the mentioned", async () => {
    const alice = await open("alice");
    const carol = await open("carol");
    // Alice has spoken in the loaded messages, so she is among the names offered.
    await sendMessage(alice, CHANNEL, `hello all ${uniqueSuffix()}`);
    const box = messageBox(carol, CHANNEL);
    await box.fill("");
    await box.pressSequentially("ping @ali");
    const options = carol.getByRole("listbox", { name: "Mention a member" });
    await options.getByRole("option", { name: "alice" }).waitFor();
    await box.press("Enter");
    const value = await box.inputValue();
    assert.match(value, /^ping <@\d+> $/);
    const tail = uniqueSuffix();
    await box.pressSequentially(`look ${tail}`);
    await box.press("Enter");
    const sent = messageWithText(carol, tail);
    await sent.waitFor();
    assert.match(await sent.textContent(), new RegExp(`^ping @alice look ${tail}`));

    // For alice the message is marked as mentioning her; for carol it is not.
    const aliceRow = messageRow(alice, tail);
    await aliceRow.waitFor();
    assert.equal(await aliceRow.getAttribute("aria-label"), "carol, mentions you");
    assert.equal(await messageRow(carol, tail).getAttribute("aria-label"), "carol");
    await alice.context().close();
    await carol.context().close();
  });

  it("keeps two tabs of one user in sync, including which reactions are theirs", async () => {
    const first = await open("bob");
    const second = await first.context().newPage();
    second.errors = [];
    await second.goto(first.url());
    await waitLive(second);

    const text = `two tabs ${uniqueSuffix()}`;
    await sendMessage(first, CHANNEL, text);
    await messageWithText(second, text).waitFor();

    const row = messageRow(first, text);
    await row.hover();
    await row.getByRole("button", { name: "Add reaction" }).click();
    await first
      .getByRole("dialog", { name: "Choose an emoji" })
      .getByRole("button", { name: /^🎉/ })
      .click();
    const other = messageRow(second, text);
    await other.getByRole("button", { name: "🎉 1" }).waitFor();
    assert.equal(await chip(other, "🎉").getAttribute("aria-pressed"), "true", "mine in both tabs");

    await other.hover();
    await other.getByRole("button", { name: "Edit message" }).click();
    await second.getByRole("textbox", { name: "Edit message" }).fill(`${text} (from tab two)`);
    await second.getByRole("textbox", { name: "Edit message" }).press("Enter");
    await messageWithText(first, "(from tab two)").waitFor();
    await first.context().close();
  });

  it("catches up after the gateway was cut: an edit made meanwhile shows after reconnecting", async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl });
    let cut = false;
    const routes = new Set();
    await context.routeWebSocket(/\/ws\/gateway$/, (ws) => {
      if (cut) {
        ws.close({ code: 1012 });
        return;
      }
      routes.add(ws);
      ws.connectToServer();
    });
    const alice = await context.newPage();
    alice.setDefaultTimeout(15_000);
    await logIn(alice, "alice");
    await openChannel(alice, SERVER, CHANNEL);
    await waitLive(alice);

    const bob = await open("bob");
    const text = `before the cut ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, text);
    await messageWithText(alice, text).waitFor();

    const catchUps = [];
    alice.on("request", (request) => {
      if (request.url().includes("/events/?after_seq=")) catchUps.push(request.url());
    });
    cut = true;
    for (const ws of routes) await ws.close({ code: 1012 });
    routes.clear();
    await alice
      .getByText(/Reconnecting/)
      .first()
      .waitFor();

    const row = messageRow(bob, text);
    await row.hover();
    await row.getByRole("button", { name: "Edit message" }).click();
    await bob.getByRole("textbox", { name: "Edit message" }).fill(`${text} edited offline`);
    await bob.getByRole("textbox", { name: "Edit message" }).press("Enter");
    const later = `sent while cut ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, later);
    assert.equal(await messageWithText(alice, "edited offline").count(), 0, "alice is cut off");

    cut = false;
    await waitLive(alice);
    await messageWithText(alice, "edited offline").waitFor();
    await messageWithText(alice, later).waitFor();
    assert.ok(catchUps.length >= 1, "caught up through the events route");
    assert.equal(await messageWithText(alice, later).count(), 1, "no duplicate");
    await context.close();
    await bob.context().close();
  });

  it("keeps the channel list current from the gateway: created, renamed, deleted", async () => {
    const bob = await open("bob");
    const alice = await open("alice");
    const { serverId } = currentChannel(alice);
    const channels = bob.getByRole("navigation", { name: "Channels" });
    const name = `live-${uniqueSuffix()}`;
    const created = await apiCall(alice, `/api/servers/${serverId}/channels/`, {
      method: "POST",
      body: { name },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await channels.getByRole("link", { name }).waitFor();
    const renamed = await apiCall(alice, `/api/servers/${serverId}/channels/${created.body.id}/`, {
      method: "PATCH",
      body: { name: `${name}-renamed` },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    await channels.getByRole("link", { name: `${name}-renamed` }).waitFor();
    const deleted = await apiCall(alice, `/api/servers/${serverId}/channels/${created.body.id}/`, {
      method: "DELETE",
    });
    assert.equal(deleted.status, 204);
    await channels.getByRole("link", { name: `${name}-renamed` }).waitFor({ state: "detached" });
    await alice.context().close();
    await bob.context().close();
  });
});
