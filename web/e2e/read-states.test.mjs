// SPEC §8 in the browser, against a real `parley serve`: a mention elsewhere raises badges on
// the server and the channel (and the document title) while the user reads another server;
// opening the channel shows the "new messages" divider and clears them, on every device.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  PHONE,
  apiCall,
  currentChannel,
  launchBrowser,
  logIn,
  messageWithText,
  openChannel,
  openPage,
  sendMessage,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

const READING = "Speedrunners"; // bob owns it
const ELSEWHERE = "Jazz Corner"; // owner alice; members alice, bob
const CHANNEL = "listening";

describe("read states (SPEC §8)", () => {
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

  async function open(username, options) {
    const page = await openPage(browser, server.baseUrl, options);
    opened.push(page);
    await logIn(page, username);
    return page;
  }

  /** Alice (through her own page's session) posts in Jazz Corner #listening. */
  async function alicePosts(alice, content) {
    const servers = await apiCall(alice, "/api/server/select/?by_user=true");
    const jazz = servers.body.find((s) => s.name === ELSEWHERE);
    const channel = jazz.channel_server.find((c) => c.name === CHANNEL);
    const sent = await apiCall(alice, `/api/channels/${channel.id}/messages/`, {
      method: "POST",
      body: { content },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    return sent.body;
  }

  const servers = (page) => page.getByRole("navigation", { name: "Your servers" });
  const channels = (page) => page.getByRole("navigation", { name: "Channels" });

  it("a mention on another server shows badges while I read elsewhere and clears when I open it", async () => {
    const alice = await open("alice");
    const bob = await open("bob");
    const bobTablet = await open("bob"); // a second device of bob's
    const me = await apiCall(bob, "/api/account/me/");
    await openChannel(bob, READING, "general");
    await waitLive(bob);
    await openChannel(bobTablet, READING, "glitches");
    await waitLive(bobTablet);

    const suffix = uniqueSuffix();
    await alicePosts(alice, `ping <@${me.body.id}> ${suffix}`);

    for (const page of [bob, bobTablet]) {
      const jazz = servers(page).getByRole("link", { name: /Jazz Corner, unread, 1 mentions/ });
      await jazz.waitFor();
      await assert.doesNotReject(
        page.waitForFunction(() => document.title === "(1) Parley", null, { timeout: 10_000 }),
      );
    }
    // The badge is also announced on its own, next to the name.
    await servers(bob)
      .getByRole("link", { name: /Jazz Corner/ })
      .getByRole("img", { name: "1 mentions" })
      .waitFor();

    // Keyboard: focus the server entry and follow it.
    await servers(bob)
      .getByRole("link", { name: /Jazz Corner, unread/ })
      .focus();
    await bob.keyboard.press("Enter");
    await bob.getByRole("heading", { name: `Welcome to ${ELSEWHERE}` }).waitFor();
    const entry = channels(bob).getByRole("link", { name: /listening, unread, 1 mentions/ });
    await entry.waitFor();
    const weight = await entry
      .locator(".MuiListItemText-primary")
      .evaluate((node) => getComputedStyle(node).fontWeight);
    assert.equal(weight, "700", "an unread channel is bold");
    await entry.click();
    await messageWithText(bob, suffix).waitFor(); // shown as "ping @bob …"
    await bob.getByRole("separator", { name: "New messages" }).waitFor();

    // Seen at the bottom: acked, and every device of bob's hears it.
    for (const page of [bob, bobTablet]) {
      await servers(page)
        .getByRole("link", { name: /Jazz Corner, unread/ })
        .waitFor({
          state: "detached",
        });
      await page.waitForFunction(() => document.title === "Parley", null, { timeout: 10_000 });
    }
    await channels(bob)
      .getByRole("link", { name: /^listening$/ })
      .waitFor();
    // What I write I have read: the sending device acks it once it shows at the bottom.
    const mine = `my answer ${uniqueSuffix()}`;
    await sendMessage(bob, CHANNEL, mine);
    const { channelId } = currentChannel(bob);
    const sent = await apiCall(bob, `/api/channels/${channelId}/messages/?limit=1`);
    const deadline = Date.now() + 10_000;
    let state;
    do {
      const states = await apiCall(bob, "/api/users/@me/read-states/");
      state = states.body.find((s) => s.channel_id === channelId);
      if (state?.last_read_id === sent.body[0].id) break;
      await bob.waitForTimeout(200);
    } while (Date.now() < deadline);
    assert.deepEqual(state, {
      channel_id: channelId,
      last_read_id: sent.body[0].id,
      mention_count: 0,
    });
    // The other device heard the ack: Jazz Corner is read there too.
    await servers(bobTablet)
      .getByRole("link", { name: /Jazz Corner, unread/ })
      .waitFor({ state: "detached" });
  });

  it("on a phone, the drawer shows the mention badge of another server", async () => {
    const alice = await open("alice");
    const bob = await open("bob", { viewport: PHONE, colorScheme: "dark" });
    const me = await apiCall(bob, "/api/account/me/");
    const reading = await serverOf(bob, READING);
    await bob.goto(`/server/${reading.id}/${reading.channel_server[0].id}`);
    await waitLive(bob);
    await alicePosts(alice, `phone ping <@${me.body.id}> ${uniqueSuffix()}`);
    await bob.waitForFunction(() => /^\(\d+\) Parley$/.test(document.title), null, {
      timeout: 10_000,
    });
    await bob.getByRole("button", { name: /open navigation/i }).click();
    await bob.getByRole("link", { name: /Jazz Corner, unread, \d+ mentions/ }).waitFor();
  });

  async function serverOf(page, name) {
    const list = await apiCall(page, "/api/server/select/?by_user=true");
    return list.body.find((s) => s.name === name);
  }
});
