import { describe, expect, it } from "vitest";
import type { EventFrame } from "../types/api";
import { applyEvent, applyReaction, removeMessage, upsertMessages } from "./messageEvents";
import { message } from "./testGateway";

const ME = 1;
const OTHER = 2;
const apply = (
  messages: ReturnType<typeof message>[],
  frame: Partial<EventFrame>,
  acceptNew = true,
) =>
  applyEvent(messages, { channel_id: 7, seq: 1, ...frame } as EventFrame, {
    myUserId: ME,
    acceptNew,
  });
const ids = (list: { id: number }[]) => list.map((m) => m.id);

describe("message events", () => {
  it("inserts new messages in id order, once", () => {
    let list = [message(1), message(3)];
    list = apply(list, { type: "chat.message", new_message: message(2) });
    list = apply(list, { type: "chat.message", new_message: message(2) });
    expect(ids(list)).toEqual([1, 2, 3]);
  });

  it("leaves new messages out while an older window is shown, but still edits loaded ones", () => {
    const list = [message(1)];
    expect(apply(list, { type: "chat.message", new_message: message(9) }, false)).toBe(list);
    const edited = apply(
      list,
      { type: "chat.message_update", message: message(1, { content: "new", edited_at: "x" }) },
      false,
    );
    expect(edited[0].content).toBe("new");
  });

  it("keeps my reaction flags through an edit frame (whose `me` is always false)", () => {
    const list = [message(1, { reactions: [{ emoji: "👍", count: 2, me: true }] })];
    const next = apply(list, {
      type: "chat.message_update",
      message: message(1, { content: "edited", reactions: [{ emoji: "👍", count: 2, me: false }] }),
    });
    expect(next[0].reactions).toEqual([{ emoji: "👍", count: 2, me: true }]);
    expect(next[0].content).toBe("edited");
  });

  it("updates the quotes of replies when the original is edited", () => {
    const original = message(1, { content: "before" });
    const reply = message(2, {
      reply_to: { id: 1, sender: "bob", sender_id: 2, content: "before" },
    });
    const next = apply([original, reply], {
      type: "chat.message_update",
      message: { ...original, content: "é".repeat(150) },
    });
    expect(next[1].reply_to).toMatchObject({ id: 1, content: "é".repeat(100) });
  });

  it("removes a deleted message and turns replies to it into the tombstone", () => {
    const list = [
      message(1),
      message(2, { reply_to: { id: 1, sender: "bob", sender_id: 2, content: "message 1" } }),
    ];
    const next = apply(list, { type: "chat.message_delete", id: 1 });
    expect(ids(next)).toEqual([2]);
    expect(next[0].reply_to).toEqual({ id: 1, deleted: true });
    expect(removeMessage(next, 42)).toBe(next);
  });

  it("treats replayed frames of deleted messages as deletions", () => {
    const list = [message(1), message(2)];
    expect(
      ids(apply(list, { type: "chat.message", new_message: { id: 2, deleted: true } })),
    ).toEqual([1]);
    expect(
      ids(apply(list, { type: "chat.message_update", message: { id: 1, deleted: true } })),
    ).toEqual([2]);
    expect(apply(list, { type: "chat.reaction_add", message_id: 1, deleted: true })).toBe(list);
  });

  it("counts other users' reactions and tracks mine exactly", () => {
    let list = [message(1)];
    const react = (userId: number, add: boolean, emoji = "👍") =>
      (list = applyReaction(list, { messageId: 1, emoji, userId, add }, ME));
    react(OTHER, true);
    expect(list[0].reactions).toEqual([{ emoji: "👍", count: 1, me: false }]);
    react(ME, true);
    react(ME, true); // the echo of my own PUT, already applied locally: no change
    expect(list[0].reactions).toEqual([{ emoji: "👍", count: 2, me: true }]);
    react(ME, true, "🎉");
    expect(list[0].reactions!.map((r) => r.emoji)).toEqual(["👍", "🎉"]);
    react(ME, false);
    react(ME, false);
    expect(list[0].reactions![0]).toEqual({ emoji: "👍", count: 1, me: false });
    react(OTHER, false);
    expect(list[0].reactions!.map((r) => r.emoji)).toEqual(["🎉"]);
  });

  it("lets a REST page replace what is held (it knows `me`)", () => {
    const held = [message(1, { reactions: [{ emoji: "👍", count: 1, me: false }] })];
    const page = [message(1, { reactions: [{ emoji: "👍", count: 1, me: true }] }), message(2)];
    expect(upsertMessages(held, page)).toEqual(page);
  });
});
