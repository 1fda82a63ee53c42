// The member list's state (SPEC §11): members from `GET /api/servers/{id}/members/`, kept live
// from the gateway's presence.update, member.join and member.leave frames.
import type { ChosenStatus, GatewayFrame, PresenceStatus, ServerMember } from "../types/api";

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
  if (frame.type === "member.leave" && frame.server_id === serverId) {
    if (!state.members.some((m) => m.user.id === frame.user_id)) return state;
    const live = new Map(state.live);
    live.delete(frame.user_id);
    return { members: state.members.filter((m) => m.user.id !== frame.user_id), live };
  }
  return state;
}

export interface MemberGroup {
  /** "Online" or "Offline" (hoisted roles will add groups of their own). */
  label: string;
  members: { member: ServerMember; status: PresenceStatus }[];
}

/** Online (idle and dnd included) first, then offline; each by name. */
export function groupMembers(state: MemberListState): MemberGroup[] {
  const online: MemberGroup = { label: "Online", members: [] };
  const offline: MemberGroup = { label: "Offline", members: [] };
  for (const member of state.members) {
    const status = statusOf(state, member);
    (status === "offline" ? offline : online).members.push({ member, status });
  }
  const byName = (a: { member: ServerMember }, b: { member: ServerMember }) =>
    a.member.user.username.localeCompare(b.member.user.username, undefined, {
      sensitivity: "base",
    }) || a.member.user.id - b.member.user.id;
  online.members.sort(byName);
  offline.members.sort(byName);
  return [online, offline];
}
