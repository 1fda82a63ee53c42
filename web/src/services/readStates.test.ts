import { describe, expect, it, vi } from "vitest";
import type { ChatMessage, GatewayFrame, ReadyFrame } from "../types/api";
import { MAX_MENTIONS, ReadStates, markBefore } from "./readStates";

const ME = 2;
const ALICE = 1;

function ready(readStates: ReadyFrame["read_states"] = []): ReadyFrame {
  const channel = (id: number, last: number) => ({
    id,
    name: `c${id}`,
    topic: null,
    last_message_id: last,
    last_seq: last,
    permissions: "0",
  });
  return {
    type: "ready",
    user: { id: ME, username: "bob" },
    servers: [
      { id: 10, name: "A", icon: null, owner: ALICE, channels: [channel(100, 5), channel(101, 0)] },
      { id: 20, name: "B", icon: null, owner: ALICE, channels: [channel(200, 9)] },
    ],
    dms: [],
    read_states: readStates,
  };
}

function message(id: number, channelId: number, extra: Partial<ChatMessage> = {}): GatewayFrame {
  return {
    type: "chat.message",
    channel_id: channelId,
    seq: id,
    new_message: {
      id,
      sender: "alice",
      sender_id: ALICE,
      channel_id: channelId,
      content: "hi",
      timestamp: "2026-12-01T10:00:00.000000Z",
      ...extra,
    },
  };
}

describe("ReadStates", () => {
  it("takes unread and mentions from ready", () => {
    const store = new ReadStates(ME);
    store.apply(
      ready([
        { channel_id: 100, last_read_id: 5, mention_count: 0 },
        { channel_id: 200, last_read_id: 3, mention_count: 2 },
      ]),
    );
    expect(store.unreadOf(100)).toEqual({ unread: false, mentions: 0 });
    expect(store.unreadOf(101)).toEqual({ unread: false, mentions: 0 }); // empty channel
    expect(store.unreadOf(200)).toEqual({ unread: true, mentions: 2 });
    expect(store.unreadOfServer(10)).toEqual({ unread: false, mentions: 0 });
    expect(store.unreadOfServer(20)).toEqual({ unread: true, mentions: 2 });
    expect(store.totalMentions()).toBe(2);
  });

  it("counts live mentions of me and of everyone in channels not on screen", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 100, last_read_id: 5, mention_count: 0 }]));
    const listener = vi.fn();
    store.subscribe(listener);
    store.apply(message(6, 100));
    expect(store.unreadOf(100)).toEqual({ unread: true, mentions: 0 });
    store.apply(message(7, 100, { mentions: [ME] }));
    store.apply(message(8, 100, { mention_everyone: true }));
    store.apply(message(9, 100, { mentions: [3] }));
    expect(store.unreadOf(100).mentions).toBe(2);
    store.setVisible(101);
    store.apply(message(10, 101, { mentions: [ME] }));
    expect(store.unreadOf(101)).toEqual({ unread: true, mentions: 0 }); // being read
    expect(listener).toHaveBeenCalled();
  });

  it("never counts my own messages as mentions, and leaves the mark to the ack", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 100, last_read_id: 5, mention_count: 1 }]));
    store.apply(message(6, 100, { sender_id: ME, mention_everyone: true }));
    expect(store.unreadOf(100)).toEqual({ unread: true, mentions: 1 });
    store.markRead(100, 6); // seen at the bottom, by the device that sent it
    expect(store.unreadOf(100)).toEqual({ unread: false, mentions: 0 });
  });

  it("follows read.ack from any device, back and forth", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 200, last_read_id: 3, mention_count: 2 }]));
    store.apply({ type: "read.ack", channel_id: 200, last_read_id: 9, mention_count: 0 });
    expect(store.unreadOf(200)).toEqual({ unread: false, mentions: 0 });
    store.apply({ type: "read.ack", channel_id: 200, last_read_id: 4, mention_count: 1 });
    expect(store.unreadOf(200)).toEqual({ unread: true, mentions: 1 });
  });

  it("marks read locally without moving back", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 200, last_read_id: 3, mention_count: 2 }]));
    store.markRead(200, 9);
    expect(store.unreadOf(200)).toEqual({ unread: false, mentions: 0 });
    store.markRead(200, 4);
    expect(store.channel(200)?.lastReadId).toBe(9);
  });

  it("asks for the server's truth when a message after the mark is edited or deleted", () => {
    const resync = vi.fn();
    const store = new ReadStates(ME, resync);
    store.apply(ready([{ channel_id: 200, last_read_id: 3, mention_count: 1 }]));
    store.apply({ type: "chat.message_delete", channel_id: 200, seq: 10, id: 2 }); // already read
    expect(resync).not.toHaveBeenCalled();
    store.apply({ type: "chat.message_delete", channel_id: 200, seq: 11, id: 8 });
    expect(resync).toHaveBeenCalledWith(200);
    store.setFromServer(200, { last_read_id: 3, mention_count: 0 }, 3);
    expect(store.unreadOf(200)).toEqual({ unread: false, mentions: 0 }); // no ghost
  });

  it("caps mentions, tracks DMs with their ready read state and forgets left servers", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 900, last_read_id: 4, mention_count: 3 }]));
    store.track(900, null, 7); // a DM, known from elsewhere
    expect(store.unreadOf(900)).toEqual({ unread: true, mentions: 3 });
    for (let id = 10; id < 10 + MAX_MENTIONS + 5; id++)
      store.apply(message(id, 100, { mentions: [ME] }));
    expect(store.unreadOf(100).mentions).toBe(MAX_MENTIONS);
    store.apply({ type: "member.leave", server_id: 10, user_id: ME });
    expect(store.unreadOf(100)).toEqual({ unread: false, mentions: 0 });
    expect(store.totalMentions()).toBe(3);
  });

  it("marks unread by hand: the mark moves back and holds while the channel is on screen", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 100, last_read_id: 5, mention_count: 0 }]));
    store.setVisible(100);
    expect(store.unreadOf(100).unread).toBe(false);
    store.markUnread(100, 3);
    expect(store.unreadOf(100).unread).toBe(true);
    expect(store.heldMark(100)).toBe(3);
    // Reading on does not move it forward again (the bottom is still in view).
    store.markRead(100, 5);
    expect(store.channel(100)?.lastReadId).toBe(3);
    // The server's read.ack brings the mention count of what is unread now.
    store.apply({ type: "read.ack", channel_id: 100, last_read_id: 3, mention_count: 1 });
    expect(store.unreadOf(100)).toEqual({ unread: true, mentions: 1 });
    // Leaving the channel lets go: the next visit reads it as usual.
    store.setVisible(null);
    expect(store.heldMark(100)).toBeUndefined();
    store.setVisible(100);
    store.markRead(100, 5);
    expect(store.unreadOf(100)).toEqual({ unread: false, mentions: 0 });
  });

  it("lets go of a hand-made unread mark when I post there", () => {
    const store = new ReadStates(ME);
    store.apply(ready([{ channel_id: 100, last_read_id: 5, mention_count: 0 }]));
    store.setVisible(100);
    store.markUnread(100, 4);
    store.apply(message(6, 100, { sender_id: ALICE }));
    expect(store.heldMark(100)).toBe(4);
    store.apply(message(7, 100, { sender_id: ME, sender: "bob" }));
    expect(store.heldMark(100)).toBeUndefined();
    store.markRead(100, 7);
    expect(store.unreadOf(100).unread).toBe(false);
  });

  it("puts the mark of mark unread just before the chosen message", () => {
    const page = [{ id: 4 }, { id: 7 }, { id: 9 }];
    expect(markBefore(page, 9)).toBe(7);
    expect(markBefore(page, 7)).toBe(4);
    expect(markBefore(page, 4)).toBeNull(); // the first loaded: the caller asks the server
    expect(markBefore(page, 5)).toBeNull();
  });
});
