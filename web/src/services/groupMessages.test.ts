import { describe, expect, it } from "vitest";
import { groupMessages } from "./groupMessages";

const message = (id: number, sender: string, minute: number, day = 28) => ({
  id,
  sender,
  sender_id: sender.length,
  channel_id: 1,
  content: `m${id}`,
  timestamp: new Date(2026, 10, day, 10, minute).toISOString(),
});

describe("groupMessages", () => {
  it("groups consecutive messages of one author and splits by day", () => {
    const days = groupMessages([
      message(1, "alice", 0, 27),
      message(2, "alice", 1),
      message(3, "alice", 2),
      message(4, "bob", 3),
      message(5, "alice", 4),
      message(6, "alice", 30),
    ]);
    expect(days).toHaveLength(2);
    expect(days[0].groups.map((g) => g.messages.map((m) => m.id))).toEqual([[1]]);
    // A long pause starts a new group even for the same author.
    expect(days[1].groups.map((g) => g.messages.map((m) => m.id))).toEqual([[2, 3], [4], [5], [6]]);
  });

  it("starts a group at the first unread message, marked for the divider", () => {
    const days = groupMessages(
      [message(1, "alice", 0), message(2, "alice", 1), message(3, "alice", 2)],
      2,
    );
    expect(days[0].groups.map((g) => [g.messages.map((m) => m.id), g.firstUnread])).toEqual([
      [[1], undefined],
      [[2, 3], true],
    ]);
  });
});
