import type { ReadyFrame } from "../types/api";

/** ATTACH_FILES (SPEC §10, Discord's bit). */
const ATTACH_FILES = 1n << 15n;

/**
 * Whether the composer should offer files in this channel: a server channel says so in the
 * permissions the gateway gave for it (ready, then channel updates); DMs let recipients attach,
 * and a channel the gateway does not know (a visitor's) is left to the server to answer.
 */
export function mayAttachFiles(ready: ReadyFrame | null, channelId: number): boolean {
  for (const server of ready?.servers ?? []) {
    const channel = server.channels.find((c) => c.id === channelId);
    if (!channel) continue;
    try {
      return (BigInt(channel.permissions) & ATTACH_FILES) !== 0n;
    } catch {
      return true; // not a number: let the server decide
    }
  }
  return true;
}
