import { describe, expect, it } from "vitest";
import type { ChatMessage, DmChannel } from "../types/api";
import { applyDmFrame, dmTitle, sortDms } from "./directMessages";

function dm(id: number, last: number | null, extra: Partial<DmChannel> = {}): DmChannel {
  return {
    id,
    type: "dm",
    name: null,
    owner: null,
    recipients: [{ id: 100 + id, username: `user${id}` }],
    last_message_id: last,
    last_seq: last ? 1 : 0,
    ...extra,
  };
}

function message(id: number, channelId: number): ChatMessage {
  return {
    id,
    sender: "user1",
    sender_id: 101,
    content: "hi",
    timestamp: "2026-12-01T10:00:00.000000Z",
    channel_id: channelId,
  } as ChatMessage;
}

describe("dmTitle", () => {
  it("names a 1:1 after the other person and a group after its name or its people", () => {
    expect(dmTitle(dm(1, null))).toBe("user1");
    const people = [
      { id: 2, username: "bob" },
      { id: 3, username: "carol" },
    ];
    expect(dmTitle(dm(2, null, { type: "group", recipients: people }))).toBe("bob, carol");
    expect(dmTitle(dm(2, null, { type: "group", name: "Trip", recipients: people }))).toBe("Trip");
    expect(dmTitle(dm(3, null, { type: "group", recipients: [] }))).toBe("Just you");
  });
});

describe("sortDms", () => {
  it("puts the latest activity first, then the newest conversation", () => {
    const sorted = sortDms([dm(1, 10), dm(2, null), dm(3, 30), dm(4, null)]);
    expect(sorted.map((d) => d.id)).toEqual([3, 1, 4, 2]);
  });
});

describe("applyDmFrame", () => {
  const list = sortDms([dm(1, 10), dm(2, 20)]);

  it("adds a created DM and replaces an updated one", () => {
    const created = applyDmFrame(list, { type: "dm.create", channel: dm(3, null) });
    expect(created.map((d) => d.id)).toEqual([2, 1, 3]);
    const renamed = applyDmFrame(created, {
      type: "dm.update",
      channel: dm(1, 5, { type: "group", name: "Renamed" }),
    });
    const one = renamed.find((d) => d.id === 1);
    expect(one?.name).toBe("Renamed");
    expect(one?.last_message_id).toBe(10); // an older snapshot does not move it back
  });

  it("drops a DM the user left and moves a DM with a new message to the top", () => {
    expect(applyDmFrame(list, { type: "dm.delete", channel_id: 2 }).map((d) => d.id)).toEqual([1]);
    const moved = applyDmFrame(list, {
      type: "chat.message",
      channel_id: 1,
      seq: 2,
      new_message: message(25, 1),
    });
    expect(moved.map((d) => d.id)).toEqual([1, 2]);
    expect(moved[0].last_seq).toBe(2);
  });

  it("leaves the list alone for frames of other channels", () => {
    const frame = { type: "chat.message", channel_id: 99, seq: 1, new_message: message(50, 99) };
    expect(applyDmFrame(list, frame as never)).toBe(list);
    expect(applyDmFrame(list, { type: "dm.delete", channel_id: 42 })).toBe(list);
  });
});
