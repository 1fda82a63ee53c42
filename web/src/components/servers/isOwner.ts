import type { Server, User } from "../../types/api";

/** The API gives `owner` as the owner's id; older servers of the contract give the username. */
export function isOwner(server: Server, user: User | null): boolean {
  if (!user) return false;
  return String(server.owner) === String(user.id) || server.owner === user.username;
}
