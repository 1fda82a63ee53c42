// Role order and rank (SPEC §10): what the roles tab shows and what it may send.
import type { Role } from "../types/api";

/** The caller's rank on a server: the owner outranks everyone, others rank by their top role. */
export interface Rank {
  isOwner: boolean;
  /** Position of the caller's highest role (0: only `@everyone`). */
  highest: number;
}

/** The roles other than `@everyone` (whose id is the server's), highest first as Discord lists them. */
export function rolesHighestFirst(roles: readonly Role[], serverId: number): Role[] {
  return roles.filter((role) => role.id !== serverId).sort((a, b) => b.position - a.position);
}

/** The highest position among `roleIds` (0 when none of them is a role of `roles`). */
export function highestPosition(roles: readonly Role[], roleIds: readonly number[]): number {
  const held = new Set(roleIds);
  return roles.reduce((top, role) => (held.has(role.id) ? Math.max(top, role.position) : top), 0);
}

/** Whether one may act on something at `position`: strictly below one's highest role. */
export function outranks(rank: Rank, position: number): boolean {
  return rank.isOwner || position < rank.highest;
}

/** `list` with the item at `from` moved to `to` (indices into the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/**
 * Whether the role at `from` (of a highest-first list) may go to `to`: it and every role it
 * passes must be below the caller, since a role cannot be moved at or above one's own.
 */
export function mayMove(order: readonly Role[], from: number, to: number, rank: Rank): boolean {
  if (from === to || from < 0 || to < 0 || from >= order.length || to >= order.length) return false;
  const [low, high] = from < to ? [from, to] : [to, from];
  return order.slice(low, high + 1).every((role) => outranks(rank, role.position));
}

/**
 * The `[{"id", "position"}]` body of `PATCH /api/servers/{id}/roles/` that gives a highest-first
 * `order`: the bottom role is 1. Only roles whose position changes are listed, so that someone
 * who is not the owner never names a role above their own.
 */
export function positionChanges(order: readonly Role[]): { id: number; position: number }[] {
  return order
    .map((role, index) => ({ id: role.id, position: order.length - index, was: role.position }))
    .filter((entry) => entry.position !== entry.was)
    .map(({ id, position }) => ({ id, position }));
}

/** A role colour (0 = none) as `#rrggbb`, and back. */
export function colorToHex(color: number): string {
  return `#${color.toString(16).padStart(6, "0")}`;
}

export function hexToColor(hex: string): number | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  return match ? parseInt(match[1], 16) : null;
}
