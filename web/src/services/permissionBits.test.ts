import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  CHANNEL_PERMISSIONS,
  PERMISSION,
  PERMISSIONS,
  formatBits,
  grantableBits,
  hasPermission,
  mayOpenServerSettings,
  overwriteState,
  parseBits,
  serverPermissions,
  setOverwriteState,
  toggleBit,
} from "./permissionBits";

describe("permission bits", () => {
  it("uses Discord's values as the SPEC lists them", () => {
    expect(Object.fromEntries(PERMISSIONS.map((p) => [p.key, formatBits(p.bit)]))).toEqual({
      CREATE_INSTANT_INVITE: "1",
      KICK_MEMBERS: "2",
      BAN_MEMBERS: "4",
      ADMINISTRATOR: "8",
      MANAGE_CHANNELS: "16",
      MANAGE_GUILD: "32",
      ADD_REACTIONS: "64",
      VIEW_AUDIT_LOG: "128",
      VIEW_CHANNEL: "1024",
      SEND_MESSAGES: "2048",
      MANAGE_MESSAGES: "8192",
      ATTACH_FILES: "32768",
      READ_MESSAGE_HISTORY: "65536",
      MENTION_EVERYONE: "131072",
      MANAGE_ROLES: "268435456",
      MODERATE_MEMBERS: "1099511627776",
    });
    expect(formatBits(ALL_PERMISSIONS)).toBe("1099780304127");
  });

  it("reads decimal strings beyond 2^53 and treats anything else as nothing", () => {
    expect(parseBits("1099511627776")).toBe(1n << 40n);
    expect(parseBits("18446744073709551615")).toBe((1n << 64n) - 1n);
    expect(parseBits(1024)).toBe(1024n);
    expect(parseBits("-1")).toBe(0n);
    expect(parseBits("1e3")).toBe(0n);
    expect(parseBits("")).toBe(0n);
    expect(parseBits(null)).toBe(0n);
  });

  it("computes server bits: owner and administrators hold all, others @everyone | roles", () => {
    const everyone = formatBits(PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES);
    expect(serverPermissions({ isOwner: true, everyone: "0", roles: [] })).toBe(ALL_PERMISSIONS);
    expect(serverPermissions({ isOwner: false, everyone, roles: ["8"] })).toBe(ALL_PERMISSIONS);
    expect(
      serverPermissions({ isOwner: false, everyone, roles: [formatBits(PERMISSION.KICK_MEMBERS)] }),
    ).toBe(PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES | PERMISSION.KICK_MEMBERS);
    expect(serverPermissions({ isOwner: false, everyone, roles: [] })).toBe(
      PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES,
    );
  });

  it("checks one bit, ADMINISTRATOR meaning every bit", () => {
    expect(hasPermission(PERMISSION.BAN_MEMBERS, PERMISSION.BAN_MEMBERS)).toBe(true);
    expect(hasPermission(PERMISSION.KICK_MEMBERS, PERMISSION.BAN_MEMBERS)).toBe(false);
    expect(hasPermission(PERMISSION.ADMINISTRATOR, PERMISSION.MODERATE_MEMBERS)).toBe(true);
  });

  it("offers server settings only with one of the settings bits", () => {
    const plain = PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES | PERMISSION.ATTACH_FILES;
    expect(mayOpenServerSettings(plain)).toBe(false);
    expect(mayOpenServerSettings(plain | PERMISSION.MANAGE_CHANNELS)).toBe(false);
    expect(mayOpenServerSettings(plain | PERMISSION.MANAGE_MESSAGES)).toBe(false);
    for (const key of [
      "MANAGE_GUILD",
      "MANAGE_ROLES",
      "KICK_MEMBERS",
      "BAN_MEMBERS",
      "MODERATE_MEMBERS",
      "VIEW_AUDIT_LOG",
      "CREATE_INSTANT_INVITE",
      "ADMINISTRATOR",
    ] as const) {
      expect(mayOpenServerSettings(plain | PERMISSION[key]), key).toBe(true);
    }
  });

  it("lets one grant only the bits one holds", () => {
    expect(grantableBits(PERMISSION.KICK_MEMBERS)).toBe(PERMISSION.KICK_MEMBERS);
    expect(grantableBits(PERMISSION.ADMINISTRATOR)).toBe(ALL_PERMISSIONS);
  });

  it("toggles one bit", () => {
    expect(toggleBit(1n, 4n, true)).toBe(5n);
    expect(toggleBit(5n, 4n, false)).toBe(1n);
    expect(toggleBit(1n, 4n, false)).toBe(1n);
  });

  it("keeps server-only bits out of channel overwrites", () => {
    const keys = CHANNEL_PERMISSIONS.map((p) => p.key);
    expect(keys).toContain("VIEW_CHANNEL");
    expect(keys).toContain("MANAGE_ROLES");
    expect(keys).not.toContain("ADMINISTRATOR");
    expect(keys).not.toContain("BAN_MEMBERS");
  });
});

describe("overwrite tri-state", () => {
  const VIEW = PERMISSION.VIEW_CHANNEL;
  const SEND = PERMISSION.SEND_MESSAGES;

  it("reads allow, deny or neutral per bit", () => {
    expect(overwriteState(VIEW, SEND, VIEW)).toBe("allow");
    expect(overwriteState(VIEW, SEND, SEND)).toBe("deny");
    expect(overwriteState(VIEW, SEND, PERMISSION.ATTACH_FILES)).toBe("neutral");
  });

  it("moves a bit between allow and deny, never leaving it in both", () => {
    expect(setOverwriteState(VIEW, SEND, VIEW, "deny")).toEqual({ allow: 0n, deny: SEND | VIEW });
    expect(setOverwriteState(VIEW, SEND, SEND, "allow")).toEqual({ allow: VIEW | SEND, deny: 0n });
    expect(setOverwriteState(VIEW, SEND, SEND, "neutral")).toEqual({ allow: VIEW, deny: 0n });
    expect(setOverwriteState(VIEW, SEND, VIEW, "allow")).toEqual({ allow: VIEW, deny: SEND });
  });
});
