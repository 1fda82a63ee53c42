// The choices the moderation and invite forms offer, and the small conversions they need
// (SPEC §10). Pure, so that the limits are tested once.

export interface Choice {
  label: string;
  seconds: number;
}

/** "Delete messages from the last …" of a ban: at most 7 days (604800 s). */
export const BAN_DELETE_CHOICES: readonly Choice[] = [
  { label: "Don't delete any", seconds: 0 },
  { label: "Previous hour", seconds: 3600 },
  { label: "Previous 6 hours", seconds: 6 * 3600 },
  { label: "Previous 12 hours", seconds: 12 * 3600 },
  { label: "Previous 24 hours", seconds: 24 * 3600 },
  { label: "Previous 3 days", seconds: 3 * 86400 },
  { label: "Previous 7 days", seconds: 7 * 86400 },
];

export const MAX_TIMEOUT_SECONDS = 28 * 86400;

export const TIMEOUT_CHOICES: readonly Choice[] = [
  { label: "60 seconds", seconds: 60 },
  { label: "5 minutes", seconds: 300 },
  { label: "10 minutes", seconds: 600 },
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86400 },
  { label: "1 week", seconds: 7 * 86400 },
  { label: "28 days", seconds: MAX_TIMEOUT_SECONDS },
];

/** An invite's lifetime; 0 = never expires (the server's default is 1 day). */
export const INVITE_AGE_CHOICES: readonly Choice[] = [
  { label: "30 minutes", seconds: 1800 },
  { label: "1 hour", seconds: 3600 },
  { label: "6 hours", seconds: 6 * 3600 },
  { label: "12 hours", seconds: 12 * 3600 },
  { label: "1 day", seconds: 86400 },
  { label: "7 days", seconds: 7 * 86400 },
  { label: "Never", seconds: 0 },
];

/** 0 = no limit. */
export const INVITE_USE_CHOICES: readonly number[] = [0, 1, 5, 10, 25, 50, 100];

/** The `timeout_until` of a timeout of `seconds` from `now`, in the SPEC's timestamp form. */
export function timeoutUntil(now: Date, seconds: number): string {
  const clamped = Math.min(Math.max(seconds, 0), MAX_TIMEOUT_SECONDS);
  return isoMicros(new Date(now.getTime() + clamped * 1000));
}

/** ISO 8601 UTC with microseconds and `Z` (SPEC conventions). */
export function isoMicros(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Whether a member is timed out at `now`. */
export function isTimedOut(timeoutUntilValue: string | null | undefined, now: Date): boolean {
  if (!timeoutUntilValue) return false;
  const until = Date.parse(timeoutUntilValue);
  return Number.isFinite(until) && until > now.getTime();
}

/** Limit of the `X-Audit-Log-Reason` header, in characters. */
export const MAX_AUDIT_REASON = 512;

/** The header that gives an action's reason to the audit log; none for a blank reason. */
export function auditReasonHeaders(reason: string): Record<string, string> {
  const text = reason.trim().slice(0, MAX_AUDIT_REASON);
  return text ? { "X-Audit-Log-Reason": encodeURIComponent(text) } : {};
}

export function inviteUsesLabel(uses: number, maxUses: number): string {
  return maxUses === 0 ? `${uses} uses` : `${uses} of ${maxUses} uses`;
}

export function inviteLink(origin: string, code: string): string {
  return `${origin}/invite/${encodeURIComponent(code)}`;
}

const ACTION_LABELS: Record<string, string> = {
  "server.update": "Updated the server",
  "channel.create": "Created a channel",
  "channel.update": "Updated a channel",
  "channel.delete": "Deleted a channel",
  "overwrite.update": "Changed channel permissions",
  "overwrite.delete": "Removed channel permissions",
  "role.create": "Created a role",
  "role.update": "Updated a role",
  "role.delete": "Deleted a role",
  "member.role_add": "Gave a role",
  "member.role_remove": "Took a role away",
  "member.kick": "Kicked a member",
  "member.ban": "Banned a member",
  "member.unban": "Unbanned a member",
  "member.timeout": "Timed out a member",
  "message.delete": "Deleted a message",
  "invite.create": "Created an invite",
  "invite.delete": "Revoked an invite",
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** What an audit entry's target is, by its action: a member, a role, a channel or an invite. */
export function auditTargetKind(action: string): "user" | "role" | "channel" | "other" {
  if (action.startsWith("member.") || action === "message.delete") return "user";
  if (action.startsWith("role.")) return "role";
  if (action.startsWith("channel.") || action.startsWith("overwrite.")) return "channel";
  return "other";
}

/** One `changes` entry as text: `name: "old" → "new"`. */
export function describeChange(field: string, change: unknown): string {
  if (Array.isArray(change) && change.length === 2)
    return `${field}: ${showValue(change[0])} → ${showValue(change[1])}`;
  return `${field}: ${showValue(change)}`;
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}
