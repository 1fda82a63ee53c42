// Discord's permission bits as SPEC §10 lists them, and what the web client derives from them.
// Bits travel as decimal strings (they pass 2^53), so they are BigInts here.

export const PERMISSIONS = [
  {
    key: "ADMINISTRATOR",
    bit: 1n << 3n,
    label: "Administrator",
    hint: "Every permission, everywhere",
  },
  {
    key: "MANAGE_GUILD",
    bit: 1n << 5n,
    label: "Manage server",
    hint: "Edit name, description and visibility",
  },
  {
    key: "MANAGE_ROLES",
    bit: 1n << 28n,
    label: "Manage roles",
    hint: "Create, edit and assign roles below their own; edit channel permissions",
  },
  {
    key: "MANAGE_CHANNELS",
    bit: 1n << 4n,
    label: "Manage channels",
    hint: "Create, rename and delete channels",
  },
  { key: "VIEW_AUDIT_LOG", bit: 1n << 7n, label: "View audit log", hint: "See who changed what" },
  {
    key: "KICK_MEMBERS",
    bit: 1n << 1n,
    label: "Kick members",
    hint: "Remove members ranked below them",
  },
  {
    key: "BAN_MEMBERS",
    bit: 1n << 2n,
    label: "Ban members",
    hint: "Ban and unban members ranked below them",
  },
  {
    key: "MODERATE_MEMBERS",
    bit: 1n << 40n,
    label: "Time out members",
    hint: "Stop members from posting for a while",
  },
  {
    key: "CREATE_INSTANT_INVITE",
    bit: 1n << 0n,
    label: "Create invites",
    hint: "Invite people to the server",
  },
  {
    key: "VIEW_CHANNEL",
    bit: 1n << 10n,
    label: "View channels",
    hint: "See channels and read them",
  },
  {
    key: "READ_MESSAGE_HISTORY",
    bit: 1n << 16n,
    label: "Read message history",
    hint: "Read messages sent before they came",
  },
  { key: "SEND_MESSAGES", bit: 1n << 11n, label: "Send messages", hint: "Post in channels" },
  { key: "ADD_REACTIONS", bit: 1n << 6n, label: "Add reactions", hint: "React to messages" },
  { key: "ATTACH_FILES", bit: 1n << 15n, label: "Attach files", hint: "Upload files and images" },
  {
    key: "MENTION_EVERYONE",
    bit: 1n << 17n,
    label: "Mention @everyone",
    hint: "Notify everyone with @everyone and @here",
  },
  {
    key: "MANAGE_MESSAGES",
    bit: 1n << 13n,
    label: "Manage messages",
    hint: "Delete other people's messages",
  },
] as const;

export type PermissionKey = (typeof PERMISSIONS)[number]["key"];
export type PermissionInfo = (typeof PERMISSIONS)[number];

export const PERMISSION: Record<PermissionKey, bigint> = Object.fromEntries(
  PERMISSIONS.map((p) => [p.key, p.bit]),
) as Record<PermissionKey, bigint>;

/** "All" is every bit the SPEC lists (what the owner and administrators hold). */
export const ALL_PERMISSIONS = PERMISSIONS.reduce((all, p) => all | p.bit, 0n);

/**
 * Bits that only make sense server-wide; a channel overwrite offers the others (Discord's
 * channel editor does the same).
 */
const SERVER_ONLY: readonly PermissionKey[] = [
  "ADMINISTRATOR",
  "MANAGE_GUILD",
  "VIEW_AUDIT_LOG",
  "KICK_MEMBERS",
  "BAN_MEMBERS",
  "MODERATE_MEMBERS",
];
export const CHANNEL_PERMISSIONS = PERMISSIONS.filter((p) => !SERVER_ONLY.includes(p.key));

/** Any one of these opens "Server settings" (each opens its own tab). */
export const SETTINGS_PERMISSIONS =
  PERMISSION.MANAGE_GUILD |
  PERMISSION.MANAGE_ROLES |
  PERMISSION.KICK_MEMBERS |
  PERMISSION.BAN_MEMBERS |
  PERMISSION.MODERATE_MEMBERS |
  PERMISSION.VIEW_AUDIT_LOG |
  PERMISSION.CREATE_INSTANT_INVITE;

/** A decimal string from the API as bits; anything unreadable is no bits at all. */
export function parseBits(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return 0n;
  return BigInt(text);
}

export function formatBits(bits: bigint): string {
  return bits.toString(10);
}

/** Whether `bits` grant `flag` (ADMINISTRATOR grants everything). */
export function hasPermission(bits: bigint, flag: bigint): boolean {
  if ((bits & PERMISSION.ADMINISTRATOR) !== 0n) return true;
  return (bits & flag) === flag;
}

export function hasAny(bits: bigint, flags: bigint): boolean {
  if ((bits & PERMISSION.ADMINISTRATOR) !== 0n) return true;
  return (bits & flags) !== 0n;
}

export interface ServerPermissionInput {
  isOwner: boolean;
  /** `@everyone`'s bits. */
  everyone: string;
  /** The bits of each role the user holds (`@everyone` left out). */
  roles: readonly string[];
}

/**
 * A user's server-level bits (SPEC §10): the owner and administrators hold all, everyone else
 * `@everyone` OR-ed with their roles. Channel overwrites do not enter: server settings act on
 * the server.
 */
export function serverPermissions({ isOwner, everyone, roles }: ServerPermissionInput): bigint {
  if (isOwner) return ALL_PERMISSIONS;
  const base = roles.reduce((bits, role) => bits | parseBits(role), parseBits(everyone));
  return (base & PERMISSION.ADMINISTRATOR) !== 0n ? ALL_PERMISSIONS : base;
}

export function mayOpenServerSettings(bits: bigint): boolean {
  return hasAny(bits, SETTINGS_PERMISSIONS);
}

/** Bits a user may set or clear on a role or overwrite: only those they hold (SPEC §10). */
export function grantableBits(bits: bigint): bigint {
  return (bits & PERMISSION.ADMINISTRATOR) !== 0n ? ALL_PERMISSIONS : bits;
}

export function toggleBit(bits: bigint, flag: bigint, on: boolean): bigint {
  return on ? bits | flag : bits & ~flag;
}

/** One bit of a channel overwrite: allowed, denied or left to the roles. */
export type OverwriteState = "allow" | "neutral" | "deny";

export function overwriteState(allow: bigint, deny: bigint, flag: bigint): OverwriteState {
  if ((allow & flag) !== 0n) return "allow";
  if ((deny & flag) !== 0n) return "deny";
  return "neutral";
}

/** Sets one bit of an overwrite; a bit is never both allowed and denied. */
export function setOverwriteState(
  allow: bigint,
  deny: bigint,
  flag: bigint,
  state: OverwriteState,
): { allow: bigint; deny: bigint } {
  const nextAllow = state === "allow" ? allow | flag : allow & ~flag;
  const nextDeny = state === "deny" ? deny | flag : deny & ~flag;
  return { allow: nextAllow, deny: nextDeny };
}
