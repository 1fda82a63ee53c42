import { describe, expect, it } from "vitest";
import type { Role, ServerMember } from "../types/api";
import {
  EMPTY_MEMBER_LIST,
  applyMemberFrame,
  applyRoleFrame,
  groupMembers,
  statusOf,
} from "./presence";

const member = (id: number, username: string, status: ServerMember["status"]): ServerMember => ({
  user: { id, username },
  roles: [],
  joined_at: "2026-12-01T10:00:00.000000Z",
  status,
});

const role = (id: number, name: string, position: number, hoist: boolean): Role => ({
  id,
  name,
  color: 0,
  position,
  permissions: "0",
  hoist,
  mentionable: false,
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

  it("puts online members under their highest hoisted role, then Online, then Offline", () => {
    const roles = [
      role(9, "@everyone", 0, false),
      role(101, "Helpers", 1, true),
      role(102, "Quiet", 2, false),
      role(103, "Admins", 3, true),
    ];
    const withRoles = (m: ServerMember, ids: number[]) => ({ ...m, roles: ids });
    const state = {
      ...EMPTY_MEMBER_LIST,
      members: [
        withRoles(member(1, "alice", "online"), [101, 103]), // both: the higher one wins
        withRoles(member(2, "bob", "idle"), [101]),
        withRoles(member(3, "carol", "dnd"), [102]), // a role that is not hoisted
        withRoles(member(4, "dave", "offline"), [103]), // offline whatever the role
        member(5, "erin", "online"),
        withRoles(member(6, "Abe", "online"), [101]),
      ],
    };
    const groups = groupMembers(state, roles);
    expect(groups.map((g) => [g.key, g.label])).toEqual([
      ["role-103", "Admins"],
      ["role-101", "Helpers"],
      ["online", "Online"],
      ["offline", "Offline"],
    ]);
    expect(groups.map((g) => g.members.map((m) => m.member.user.username))).toEqual([
      ["alice"],
      ["Abe", "bob"],
      ["carol", "erin"],
      ["dave"],
    ]);
    // A hoisted role nobody online holds has no group; without roles it is online / offline.
    expect(groupMembers(state).map((g) => g.label)).toEqual(["Online", "Offline"]);
  });

  it("follows role frames and member.update of this server only", () => {
    let roles: readonly Role[] = [role(9, "@everyone", 0, false)];
    roles = applyRoleFrame(
      roles,
      { type: "role.create", server_id: 9, role: role(7, "Mods", 1, true) },
      9,
    );
    expect(roles.map((r) => r.name)).toEqual(["@everyone", "Mods"]);
    const renamed = applyRoleFrame(
      roles,
      { type: "role.update", server_id: 9, role: role(7, "Moderators", 1, true) },
      9,
    );
    expect(renamed.map((r) => r.name)).toEqual(["@everyone", "Moderators"]);
    const elsewhere = { type: "role.delete", server_id: 8, role_id: 7 } as const;
    expect(applyRoleFrame(renamed, elsewhere, 9)).toBe(renamed);

    const state = applyMemberFrame(
      listed,
      { type: "member.update", server_id: 9, user_id: 1, roles: [7] },
      9,
    );
    expect(groupMembers(state, renamed).map((g) => [g.label, g.members.length])).toEqual([
      ["Moderators", 1],
      ["Online", 1],
      ["Offline", 1],
    ]);
    const gone = applyRoleFrame(renamed, { type: "role.delete", server_id: 9, role_id: 7 }, 9);
    expect(groupMembers(state, gone).map((g) => g.label)).toEqual(["Online", "Offline"]);
    expect(
      applyMemberFrame(state, { type: "member.update", server_id: 8, user_id: 1, roles: [] }, 9),
    ).toBe(state);
  });
});
