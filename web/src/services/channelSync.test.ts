import { afterEach, describe, expect, it, vi } from "vitest";
import { ChannelSync, EVENTS_PAGE_SIZE } from "./channelSync";
import type { ChannelState } from "./channelSync";
import { GatewayConnection } from "./gatewayConnection";
import { FakeChannel, FakeSocket, readyFrame } from "./testGateway";

const ME = 1;

/** Lets every pending promise (the fake REST answers) settle. */
async function flush() {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

function setup({ covered = true, history = 3 } = {}) {
  const channel = new FakeChannel(7);
  for (let i = 0; i < history; i++) channel.post();
  const sockets: FakeSocket[] = [];
  const gateway = new GatewayConnection({
    url: "ws://chat.test/ws/gateway",
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    refreshSession: async () => {},
    random: () => 0,
    newNonce: () => "nonce",
  });
  const socket = () => sockets[sockets.length - 1];
  /** Opens a (new) gateway socket whose `ready` reports the channel's current seq. */
  const connect = () => {
    socket().open();
    socket().receive(readyFrame(covered ? [{ id: 7, last_seq: channel.lastSeq }] : [], ME));
  };
  gateway.start();
  connect();
  let state!: ChannelState;
  const sync = new ChannelSync({
    channelId: 7,
    myUserId: ME,
    rest: channel,
    gateway,
    onChange: (next) => (state = next),
    pollIntervalMs: 1_000,
  });
  const contents = () => state.messages.map((m) => m.content);
  return { channel, gateway, socket, connect, sync, state: () => state, contents };
}

describe("ChannelSync", () => {
  afterEach(() => vi.useRealTimers());

  it("loads the newest page, then applies each event once, in seq order", async () => {
    const { channel, socket, sync, contents, state } = setup();
    sync.start();
    await flush();
    expect(contents()).toEqual(["message 1", "message 2", "message 3"]);
    expect(state().loading).toBe(false);

    const edit = channel.editMessage(2, "edited");
    socket().receive(edit);
    socket().receive(edit); // a duplicate: same seq
    const post = channel.post();
    socket().receive(post);
    await flush();
    expect(contents()).toEqual(["message 1", "edited", "message 3", "message 4"]);
    // Everything came live: no catch-up was needed.
    expect(channel.requests.filter((r) => r.startsWith("events"))).toEqual([]);
  });

  it("fills a gap from the events route before applying what follows it", async () => {
    const { channel, socket, sync, contents } = setup();
    sync.start();
    await flush();
    channel.post({ content: "missed" }); // seq 4, never delivered
    socket().receive(channel.post({ content: "after the gap" })); // seq 5
    await flush();
    expect(channel.requests).toContain("events 3 100");
    expect(contents().slice(-2)).toEqual(["missed", "after the gap"]);
  });

  it("holds events that arrive while the page loads and applies the newer ones after it", async () => {
    const { channel, socket, sync, contents } = setup();
    sync.start();
    // The page request is in flight; an event arrives before its answer.
    socket().receive(channel.post({ content: "during load" }));
    await flush();
    expect(contents()).toEqual(["message 1", "message 2", "message 3", "during load"]);
  });

  it("catches up after a reconnect, paging until a short page", async () => {
    const { channel, socket, connect, sync, contents, state } = setup();
    sync.start();
    await flush();
    socket().drop(1006);
    // While offline: an edit, a reaction, a deletion and 2.5 pages of new messages.
    channel.editMessage(1, "edited while offline");
    channel.reaction(2, "👍", 5);
    channel.deleteMessage(3);
    for (let i = 0; i < 2.5 * EVENTS_PAGE_SIZE; i++) channel.post();
    await new Promise((resolve) => setTimeout(resolve, 400));
    connect();
    await flush();
    expect(channel.requests.filter((r) => r.startsWith("events"))).toEqual([
      "events 3 100",
      "events 103 100",
      "events 203 100",
    ]);
    expect(contents()[0]).toBe("edited while offline");
    expect(state().messages[1].reactions).toEqual([{ emoji: "👍", count: 1, me: false }]);
    expect(state().messages.some((m) => m.id === 3)).toBe(false);
    expect(state().messages).toHaveLength(2 + 250);
    expect(new Set(state().messages.map((m) => m.id)).size).toBe(state().messages.length);
  });

  it("reloads the newest page when the events it needs were trimmed (410)", async () => {
    const { channel, socket, connect, sync, contents } = setup();
    sync.start();
    await flush();
    socket().drop(1006);
    channel.deleteMessage(1);
    channel.post({ content: "new" });
    channel.trimBefore(channel.lastSeq);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const pagesBefore = channel.requests.filter((r) => r.startsWith("messages")).length;
    connect();
    await flush();
    expect(channel.requests).toContain("events 3 100");
    expect(channel.requests.filter((r) => r.startsWith("messages")).length).toBe(pagesBefore + 1);
    expect(contents()).toEqual(["message 2", "message 3", "new"]);
    // From the reloaded page on, live events apply again.
    socket().receive(channel.post({ content: "live" }));
    await flush();
    expect(contents().at(-1)).toBe("live");
  });

  it("tracks my reactions from the events' user ids", async () => {
    const { channel, socket, sync, state } = setup();
    sync.start();
    await flush();
    socket().receive(channel.reaction(1, "🎉", ME));
    socket().receive(channel.reaction(1, "🎉", 2));
    await flush();
    expect(state().messages[0].reactions).toEqual([{ emoji: "🎉", count: 2, me: true }]);
    socket().receive(channel.reaction(1, "🎉", ME, false));
    await flush();
    expect(state().messages[0].reactions).toEqual([{ emoji: "🎉", count: 1, me: false }]);
  });

  it("polls the events route for a channel outside the user's servers (a visitor's)", async () => {
    vi.useFakeTimers();
    const { channel, sync, contents, gateway } = setup({ covered: false });
    expect(gateway.covers(7)).toBe(false);
    sync.start();
    await flush();
    expect(contents()).toHaveLength(3);
    channel.post({ content: "seen by polling" });
    await vi.advanceTimersByTimeAsync(1_000);
    await flush();
    expect(contents().at(-1)).toBe("seen by polling");
    sync.stop();
  });

  it("tells a visitor to join when the gateway does not know the channel", async () => {
    const { socket, sync } = setup({ covered: false });
    sync.start();
    await flush();
    const sent = sync.send("hello");
    socket().receive({ type: "error", code: "not_found", detail: "Not found.", nonce: "nonce" });
    await expect(sent).rejects.toMatchObject({
      code: "not_member",
      message: "Join this server to post",
    });
    sync.stop();
  });

  it("jumps to an old message, then comes back to the present without losing live messages", async () => {
    const { channel, socket, sync, state } = setup({ history: 120 });
    sync.start();
    await flush();
    expect(state().messages[0].id).toBe(71);
    expect(await sync.jumpTo(10)).toBe(true);
    expect(state().hasNewer).toBe(true);
    expect(state().messages.some((m) => m.id === 10)).toBe(true);
    // A new message while the old window is shown is kept aside, not appended under it.
    socket().receive(channel.post({ content: "while away" }));
    await flush();
    expect(state().messages.some((m) => m.content === "while away")).toBe(false);
    await sync.loadNewer();
    await sync.loadNewer();
    await sync.loadNewer();
    expect(state().hasNewer).toBe(false);
    const ids = state().messages.map((m) => m.id);
    expect(ids.at(-1)).toBe(121);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  it("reports a deleted channel", async () => {
    const { socket, sync, state } = setup();
    sync.start();
    await flush();
    socket().receive({ type: "channel.delete", server_id: 3, channel_id: 7 });
    expect(state().fatalError).toBe("This channel doesn't exist any more.");
  });

  it("shows who else is typing in this channel and sends its own typing with the channel id", async () => {
    vi.useFakeTimers();
    const { socket, sync, state } = setup();
    sync.start();
    await flush();
    socket().receive({ type: "typing", channel_id: 7, user: "bob", user_id: 2 });
    socket().receive({ type: "typing", channel_id: 8, user: "carol", user_id: 3 });
    socket().receive({ type: "typing", channel_id: 7, user: "alice", user_id: ME });
    expect(state().typingUsers).toEqual(["bob"]);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(state().typingUsers).toEqual([]);
    sync.notifyTyping();
    expect(socket().sent).toEqual([{ type: "typing", channel_id: 7 }]);
    sync.stop();
  });
});
