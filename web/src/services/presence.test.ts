import { describe, expect, it } from "vitest";
import type { ServerMember } from "../types/api";
import { EMPTY_MEMBER_LIST, applyMemberFrame, groupMembers, statusOf } from "./presence";

const member = (id: number, username: string, status: ServerMember["status"]): ServerMember => ({
  user: { id, username },
  roles: [],
  joined_at: "2026-12-01T10:00:00.000000Z",
  status,
});

const listed = {
  ...EMPTY_MEMBER_LIST,
  members: [member(1, "alice", "online"), member(2, "Bob", "offline"), member(3, "carol", "dnd")],
};

describe("member list state", () => {
  it("groups online (idle and dnd included) before offline, each by name", () => {
    const groups = groupMembers(listed);
    expect(groups.map((g) => g.label)).toEqual(["Online", "Offline"]);
    expect(groups[0].members.map((m) => [m.member.user.username, m.status])).toEqual([
      ["alice", "online"],
      ["carol", "dnd"],
    ]);
    expect(groups[1].members.map((m) => m.member.user.username)).toEqual(["Bob"]);
  });

  it("lets presence.update win over the page it may postdate", () => {
    let state = applyMemberFrame(
      listed,
      { type: "presence.update", user_id: 2, status: "idle" },
      9,
    );
    state = applyMemberFrame(state, { type: "presence.update", user_id: 1, status: "offline" }, 9);
    expect(statusOf(state, listed.members[1])).toBe("idle");
    const groups = groupMembers(state);
    expect(groups[0].members.map((m) => m.member.user.username)).toEqual(["Bob", "carol"]);
    expect(groups[1].members.map((m) => m.member.user.username)).toEqual(["alice"]);
  });

  it("adds joiners (offline until their status comes) and drops leavers of this server only", () => {
    const now = () => "2026-12-01T11:00:00.000Z";
    let state = applyMemberFrame(
      listed,
      { type: "member.join", server_id: 9, user: { id: 4, username: "dave" } },
      9,
      now,
    );
    expect(state.members.map((m) => m.user.id)).toEqual([1, 2, 3, 4]);
    expect(statusOf(state, state.members[3])).toBe("offline");
    const other = applyMemberFrame(
      state,
      { type: "member.join", server_id: 8, user: { id: 5, username: "erin" } },
      9,
    );
    expect(other).toBe(state);
    state = applyMemberFrame(state, { type: "presence.update", user_id: 4, status: "online" }, 9);
    state = applyMemberFrame(state, { type: "member.leave", server_id: 9, user_id: 4 }, 9);
    expect(state.members.map((m) => m.user.id)).toEqual([1, 2, 3]);
    expect(state.live.has(4)).toBe(false);
    expect(applyMemberFrame(state, { type: "member.leave", server_id: 8, user_id: 1 }, 9)).toBe(
      state,
    );
  });
});
