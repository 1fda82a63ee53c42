// The member list's state (SPEC §11): members from `GET /api/servers/{id}/members/`, kept live
// from the gateway's presence.update, member.join and member.leave frames.
import type { ChosenStatus, GatewayFrame, PresenceStatus, Role, ServerMember } from "../types/api";

/** What a screen reader announces for each status, and the status picker's choices. */
export const STATUS_LABEL: Record<PresenceStatus | ChosenStatus, string> = {
  online: "Online",
  idle: "Idle",
  dnd: "Do not disturb",
  invisible: "Invisible",
  offline: "Offline",
};

export const CHOSEN_STATUSES: ChosenStatus[] = ["online", "idle", "dnd", "invisible"];

export interface MemberListState {
  members: ServerMember[];
  /**
   * Statuses from presence.update frames received since this list was subscribed. They win
   * over the REST page, which may have been read before them.
   */
  live: ReadonlyMap<number, PresenceStatus>;
}

export const EMPTY_MEMBER_LIST: MemberListState = { members: [], live: new Map() };

export function statusOf(state: MemberListState, member: ServerMember): PresenceStatus {
  return state.live.get(member.user.id) ?? member.status;
}

/** The state after a gateway frame (unchanged when the frame is about something else). */
export function applyMemberFrame(
  state: MemberListState,
  frame: GatewayFrame,
  serverId: number,
  now: () => string = () => new Date().toISOString(),
): MemberListState {
  if (frame.type === "presence.update") {
    if (state.live.get(frame.user_id) === frame.status) return state;
    return { ...state, live: new Map(state.live).set(frame.user_id, frame.status) };
  }
  if (frame.type === "member.join" && frame.server_id === serverId) {
    if (state.members.some((m) => m.user.id === frame.user.id)) return state;
    // Offline until its presence.update, which follows the join.
    const joined: ServerMember = {
      user: frame.user,
      roles: [],
      joined_at: now(),
      status: "offline",
    };
    return { ...state, members: [...state.members, joined] };
  }
  if (frame.type === "member.update" && frame.server_id === serverId) {
    const { user_id, roles } = frame;
    if (!state.members.some((m) => m.user.id === user_id)) return state;
    return {
      ...state,
      members: state.members.map((m) => (m.user.id === user_id ? { ...m, roles } : m)),
    };
  }
  if (frame.type === "member.leave" && frame.server_id === serverId) {
    if (!state.members.some((m) => m.user.id === frame.user_id)) return state;
    const live = new Map(state.live);
    live.delete(frame.user_id);
    return { members: state.members.filter((m) => m.user.id !== frame.user_id), live };
  }
  return state;
}

/** The server's roles after a role.create / role.update / role.delete frame (SPEC §10). */
export function applyRoleFrame(
  roles: readonly Role[],
  frame: GatewayFrame,
  serverId: number,
): readonly Role[] {
  if (frame.type === "role.create" || frame.type === "role.update") {
    if (frame.server_id !== serverId) return roles;
    const { role } = frame;
    return [...roles.filter((r) => r.id !== role.id), role];
  }
  if (frame.type === "role.delete" && frame.server_id === serverId) {
    return roles.filter((r) => r.id !== frame.role_id);
  }
  return roles;
}

export interface MemberGroup {
  /** Unique in a list: "online", "offline", or "role-<id>" for a hoisted role's group. */
  key: string;
  /** "Online", "Offline", or the hoisted role's name. */
  label: string;
  members: { member: ServerMember; status: PresenceStatus }[];
}

/**
 * The member list's groups (SPEC §11, as Discord shows it): online members (idle and dnd
 * included) under their highest hoisted role, the roles highest first; then the online members
 * without a hoisted role under "Online"; then everyone offline, whatever their roles, under
 * "Offline". Each group by name; empty groups are left out.
 */
export function groupMembers(state: MemberListState, roles: readonly Role[] = []): MemberGroup[] {
  const hoisted = roles.filter((role) => role.hoist).sort((a, b) => b.position - a.position);
  const rank = new Map(hoisted.map((role, index) => [role.id, index]));
  const roleGroups: MemberGroup[] = hoisted.map((role) => ({
    key: `role-${role.id}`,
    label: role.name,
    members: [],
  }));
  const online: MemberGroup = { key: "online", label: "Online", members: [] };
  const offline: MemberGroup = { key: "offline", label: "Offline", members: [] };
  for (const member of state.members) {
    const status = statusOf(state, member);
    if (status === "offline") {
      offline.members.push({ member, status });
      continue;
    }
    let best: number | undefined;
    for (const id of member.roles) {
      const index = rank.get(id);
      if (index !== undefined && (best === undefined || index < best)) best = index;
    }
    (best === undefined ? online : roleGroups[best]).members.push({ member, status });
  }
  const byName = (a: { member: ServerMember }, b: { member: ServerMember }) =>
    a.member.user.username.localeCompare(b.member.user.username, undefined, {
      sensitivity: "base",
    }) || a.member.user.id - b.member.user.id;
  const groups = [...roleGroups, online, offline];
  for (const group of groups) group.members.sort(byName);
  return groups.filter((group) => group.members.length > 0);
}
