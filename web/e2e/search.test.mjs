// SPEC §13 in the browser, against a real `parley serve`: the channel header's search box finds
// a word, and a result jumps to the message in context (history loaded around it), in the open
// channel and in another one.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  apiCall,
  currentChannel,
  launchBrowser,
  logIn,
  messageWithText,
  openChannel,
  openPage,
  shownMessageIds,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

const SERVER = "Retro Arcade";
const FAST = ["--message-rate", "100000", "--message-burst", "100000"];

describe("search (SPEC §13)", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ extraArgs: FAST });
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

  async function open(username, channel) {
    const page = await openPage(browser, server.baseUrl);
    opened.push(page);
    await logIn(page, username);
    await openChannel(page, SERVER, channel);
    await waitLive(page);
    return page;
  }

  async function post(page, channelId, content) {
    const r = await apiCall(page, `/api/channels/${channelId}/messages/`, {
      method: "POST",
      body: { content },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  }

  /** Types into the header's search box and waits for the results' count. */
  async function searchFor(page, text) {
    const box = page.getByRole("searchbox", { name: "Search messages" });
    await box.fill(text);
    await box.press("Enter");
    const results = page.getByRole("list", { name: "Search results" });
    // New messages reach the index a moment after they are stored: search again until found.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await results.isVisible()) return results;
      await page.waitForTimeout(250);
      await page.getByRole("button", { name: "Search", exact: true }).click();
    }
    await results.waitFor({ timeout: 5_000 });
    return results;
  }

  it("finds a word and jumps to the message, older than the loaded history", async () => {
    const bob = await open("bob", "general");
    const { channelId } = currentChannel(bob);
    const word = `zeppelin${uniqueSuffix()}`;
    const target = await post(bob, channelId, `the ${word} lands at noon`);
    // Enough newer messages that the target is outside the newest page.
    for (let i = 0; i < 70; i++) await post(bob, channelId, `filler message ${i}`);
    await bob.reload();
    await waitLive(bob);
    await messageWithText(bob, "filler message 69").waitFor();
    assert.ok(!(await shownMessageIds(bob)).includes(target.id), "not loaded before the jump");

    const results = await searchFor(bob, word.toUpperCase().slice(0, -2)); // a prefix, any case
    assert.equal(await bob.getByText("1 result", { exact: true }).count(), 1);
    const result = results.getByRole("button", { name: /Jump to the message of bob/ });
    assert.equal(await result.count(), 1);
    await result.focus();
    await bob.keyboard.press("Enter"); // keyboard, as a screen reader user would
    const row = messageWithText(bob, word);
    await row.waitFor();
    assert.ok((await shownMessageIds(bob)).includes(target.id), "loaded around the result");
    assert.ok(await row.isVisible(), "scrolled into view");
  });

  it("jumps to a result in another channel, and says when nothing matches", async () => {
    const alice = await open("alice", "general");
    const { serverId } = currentChannel(alice);
    const channels = await apiCall(alice, `/api/server/select/?by_serverid=${serverId}`);
    const scores = channels.body[0].channel_server.find((c) => c.name === "high-scores");
    const word = `galactic${uniqueSuffix()}`;
    const target = await post(alice, scores.id, `new record on ${word} stage`);

    const results = await searchFor(alice, word);
    await results.getByRole("button", { name: /in #high-scores/ }).click();
    await alice.waitForURL((url) => url.pathname === `/server/${serverId}/${scores.id}`);
    await messageWithText(alice, word).waitFor();
    assert.ok((await shownMessageIds(alice)).includes(target.id));

    const box = alice.getByRole("searchbox", { name: "Search messages" });
    await box.fill(`nothing${uniqueSuffix()} "NEAR(`);
    await box.press("Enter");
    await alice.getByText("No results", { exact: true }).waitFor();
    await alice.keyboard.press("Escape");
    await alice.getByRole("list", { name: "Search results" }).waitFor({ state: "detached" });
  });
});
