import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GatewayFrame } from "../types/api";
import { ApiError } from "./apiErrors";
import { ChatSendError, GatewayConnection, MAX_RECONNECT_ATTEMPTS } from "./gatewayConnection";
import { FakeSocket, message, readyFrame } from "./testGateway";

function setup() {
  const sockets: FakeSocket[] = [];
  const refreshSession = vi.fn(async () => {});
  let nonce = 0;
  const gateway = new GatewayConnection({
    url: "ws://chat.test/ws/gateway",
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    refreshSession,
    random: () => 0.5,
    newNonce: () => `n${++nonce}`,
  });
  const frames: GatewayFrame[] = [];
  gateway.onFrame((frame) => frames.push(frame));
  const statuses: string[] = [];
  gateway.onStatus((status) => statuses.push(status));
  gateway.start();
  const latest = () => sockets[sockets.length - 1];
  const connect = (channels = [{ id: 7, last_seq: 4 }]) => {
    latest().open();
    latest().receive(readyFrame(channels));
  };
  return { gateway, sockets, latest, connect, frames, statuses, refreshSession };
}

describe("GatewayConnection", () => {
  afterEach(() => vi.useRealTimers());

  it("opens /ws/gateway, is online once `ready` arrives and learns each channel's seq", () => {
    const { gateway, sockets, latest, frames } = setup();
    expect(sockets.map((s) => s.url)).toEqual(["ws://chat.test/ws/gateway"]);
    latest().open();
    expect(gateway.status).toBe("connecting");
    latest().receive(readyFrame([{ id: 7, last_seq: 4 }]));
    expect(gateway.status).toBe("online");
    expect(gateway.lastSeq(7)).toBe(4);
    expect(gateway.covers(7)).toBe(true);
    expect(gateway.covers(8)).toBe(false);
    latest().receive({ type: "chat.message_delete", channel_id: 7, seq: 5, id: 1 });
    expect(gateway.lastSeq(7)).toBe(5);
    // An older seq (a duplicate) never moves it back.
    latest().receive({ type: "chat.message_delete", channel_id: 7, seq: 3, id: 1 });
    expect(gateway.lastSeq(7)).toBe(5);
    expect(frames.map((f) => f.type)).toEqual([
      "ready",
      "chat.message_delete",
      "chat.message_delete",
    ]);
  });

  it("follows joins, leaves and channel changes of the user's servers", () => {
    const { gateway, latest, connect } = setup();
    connect();
    latest().receive({
      type: "member.join",
      server_id: 9,
      user: { id: 1, username: "alice" },
      server: { ...readyFrame([{ id: 20, last_seq: 11 }]).servers[0], id: 9 },
    });
    expect(gateway.lastSeq(20)).toBe(11);
    latest().receive({ type: "member.leave", server_id: 9, user_id: 1 });
    expect(gateway.covers(20)).toBe(false);
    latest().receive({
      type: "channel.create",
      server_id: 3,
      channel: {
        id: 30,
        name: "new",
        topic: null,
        last_message_id: null,
        last_seq: 0,
        permissions: "0",
      },
    });
    expect(gateway.lastSeq(30)).toBe(0);
    latest().receive({ type: "channel.delete", server_id: 3, channel_id: 30 });
    expect(gateway.covers(30)).toBe(false);
  });

  it("sends messages with a nonce and resolves on the echo carrying it", async () => {
    const { gateway, latest, connect } = setup();
    connect();
    const sent = gateway.sendMessage({ channelId: 7, content: "hi", replyTo: 3 });
    expect(latest().sent[0]).toEqual({
      type: "message",
      channel_id: 7,
      message: "hi",
      nonce: "n1",
      reply_to: 3,
    });
    latest().receive({
      type: "chat.message",
      channel_id: 7,
      seq: 5,
      new_message: message(10, { content: "hi", nonce: "n1" }),
    });
    await expect(sent).resolves.toMatchObject({ id: 10, content: "hi" });
  });

  it("sends the ids of stored uploads, with or without text (SPEC §12)", async () => {
    const { gateway, latest, connect } = setup();
    connect();
    const sent = gateway.sendMessage({ channelId: 7, content: "", attachments: [4, 5] });
    expect(latest().sent[0]).toEqual({
      type: "message",
      channel_id: 7,
      message: "",
      nonce: "n1",
      attachments: [4, 5],
    });
    latest().receive({
      type: "error",
      code: "bad_frame",
      detail: "Each attachment must be an unused upload of yours in this channel.",
      nonce: "n1",
      channel_id: 7,
    });
    await expect(sent).rejects.toMatchObject({ message: /unused upload/ });
    // Without files, blank text is still refused before anything is sent.
    await expect(
      gateway.sendMessage({ channelId: 7, content: " ", attachments: [] }),
    ).rejects.toMatchObject({ code: "empty" });
    expect(latest().sent).toHaveLength(1);
  });

  it("rejects a send with the error frame that names its nonce", async () => {
    const { gateway, latest, connect } = setup();
    connect();
    const sent = gateway.sendMessage({ channelId: 7, content: "x".repeat(5000) });
    latest().receive({
      type: "error",
      code: "too_long",
      detail: "Too long",
      nonce: "n1",
      channel_id: 7,
    });
    await expect(sent).rejects.toMatchObject({
      code: "too_long",
      message: "That message is too long (4,000 characters at most).",
    });
    await expect(gateway.sendMessage({ channelId: 7, content: "  " })).rejects.toBeInstanceOf(
      ChatSendError,
    );
  });

  it("refuses to send while offline and fails pending sends when the socket drops", async () => {
    const { gateway, latest, connect } = setup();
    await expect(gateway.sendMessage({ channelId: 7, content: "early" })).rejects.toMatchObject({
      code: "offline",
    });
    connect();
    const sent = gateway.sendMessage({ channelId: 7, content: "hi" });
    latest().drop(1006);
    await expect(sent).rejects.toMatchObject({ code: "offline" });
  });

  it("throttles typing per channel", () => {
    const { gateway, latest, connect } = setup();
    connect();
    gateway.sendTyping(7, 1_000);
    gateway.sendTyping(7, 2_000);
    gateway.sendTyping(8, 2_000);
    gateway.sendTyping(7, 4_500);
    expect(latest().sent).toEqual([
      { type: "typing", channel_id: 7 },
      { type: "typing", channel_id: 8 },
      { type: "typing", channel_id: 7 },
    ]);
  });

  describe("reconnecting", () => {
    beforeEach(() => vi.useFakeTimers());

    it("reconnects with exponential backoff and gives up after a bounded number of attempts", () => {
      const { gateway, sockets, latest, statuses } = setup();
      latest().open();
      const delays: number[] = [];
      for (let attempt = 0; attempt < MAX_RECONNECT_ATTEMPTS; attempt++) {
        const before = sockets.length;
        latest().drop(1006);
        let waited = 0;
        while (sockets.length === before) {
          vi.advanceTimersByTime(50);
          waited += 50;
        }
        delays.push(waited);
      }
      expect(delays[1]).toBeGreaterThan(delays[0]);
      expect(delays[4]).toBeGreaterThan(delays[3]);
      expect(Math.max(...delays)).toBeLessThanOrEqual(15_000);
      latest().drop(1006);
      vi.advanceTimersByTime(60_000);
      expect(sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 1);
      expect(gateway.status).toBe("offline");
      expect(statuses).toContain("reconnecting");
      gateway.retryNow();
      expect(sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 2);
    });

    it("on close 4001 refreshes the token, then reconnects", async () => {
      const { sockets, latest, connect, refreshSession } = setup();
      connect();
      latest().drop(4001);
      expect(refreshSession).toHaveBeenCalledTimes(1);
      await vi.waitFor(() => expect(sockets).toHaveLength(2));
    });

    it("stops when the refresh is refused (the session is over)", async () => {
      const { gateway, sockets, latest, refreshSession } = setup();
      refreshSession.mockRejectedValueOnce(new ApiError(401, { detail: "expired" }));
      latest().drop(4001);
      await vi.waitFor(() => expect(gateway.status).toBe("closed"));
      vi.advanceTimersByTime(60_000);
      expect(sockets).toHaveLength(1);
    });

    it("does not loop when the socket keeps refusing a freshly refreshed token", async () => {
      const { gateway, sockets, latest, refreshSession } = setup();
      for (let i = 0; i < 5; i++) {
        const count = sockets.length;
        latest().drop(4001);
        await vi.waitFor(() =>
          expect(sockets.length > count || gateway.status === "offline").toBe(true),
        );
      }
      expect(refreshSession).toHaveBeenCalledTimes(2);
      expect(gateway.status).toBe("offline");
    });
  });
});
