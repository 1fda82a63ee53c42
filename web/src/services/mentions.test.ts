import { describe, expect, it } from "vitest";
import {
  activeMentionQuery,
  contentAsText,
  insertMention,
  knownUsers,
  mentionCandidates,
  mentionsUser,
  parseContent,
} from "./mentions";
import { message } from "./testGateway";

describe("mentions", () => {
  it("splits content into text and mentions", () => {
    expect(parseContent("hi <@12>, meet <@3>!")).toEqual([
      { kind: "text", text: "hi " },
      { kind: "mention", userId: 12 },
      { kind: "text", text: ", meet " },
      { kind: "mention", userId: 3 },
      { kind: "text", text: "!" },
    ]);
    expect(parseContent("<b>not html</b> <@x>")).toEqual([
      { kind: "text", text: "<b>not html</b> <@x>" },
    ]);
  });

  it("names mentions, and unknown users as @unknown-user", () => {
    expect(contentAsText("<@1> and <@9>", new Map([[1, "alice"]]))).toBe(
      "@alice and @unknown-user",
    );
  });

  it("finds the @name being typed at the caret", () => {
    expect(activeMentionQuery("hello @al", 9)).toEqual({ start: 6, query: "al" });
    expect(activeMentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(activeMentionQuery("mail me@home", 12)).toBeNull();
    expect(activeMentionQuery("@al ice", 7)).toBeNull();
    expect(activeMentionQuery("@alice and more", 3)).toEqual({ start: 0, query: "al" });
  });

  it("offers users by prefix, case-insensitively, sorted", () => {
    const users = new Map([
      [1, "alice"],
      [2, "Albert"],
      [3, "bob"],
    ]);
    expect(mentionCandidates(users, "AL").map((u) => u.username)).toEqual(["Albert", "alice"]);
    expect(mentionCandidates(users, "").length).toBe(3);
    expect(mentionCandidates(users, "z")).toEqual([]);
  });

  it("inserts <@ID> in place of the query", () => {
    expect(insertMention("hi @al there", { start: 3, query: "al" }, 5)).toEqual({
      text: "hi <@5>  there",
      caret: 8,
    });
  });

  it("knows who a message mentions and which names the messages show", () => {
    const me = 4;
    expect(mentionsUser(message(1, { mentions: [2, 4] }), me)).toBe(true);
    expect(mentionsUser(message(1, { mention_everyone: true }), me)).toBe(true);
    expect(mentionsUser(message(1, { mentions: [2] }), me)).toBe(false);
    const names = knownUsers(
      [message(1, { reply_to: { id: 9, sender: "carol", sender_id: 3, content: "x" } })],
      [[4, "dave"]],
    );
    expect([...names]).toEqual([
      [4, "dave"],
      [2, "bob"],
      [3, "carol"],
    ]);
  });
});
