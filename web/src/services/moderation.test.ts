import { describe, expect, it } from "vitest";
import {
  BAN_DELETE_CHOICES,
  MAX_TIMEOUT_SECONDS,
  TIMEOUT_CHOICES,
  auditActionLabel,
  auditReasonHeaders,
  auditTargetKind,
  describeChange,
  inviteLink,
  inviteUsesLabel,
  isTimedOut,
  timeoutUntil,
} from "./moderation";

describe("moderation choices", () => {
  it("never offers more than the server accepts", () => {
    expect(Math.max(...BAN_DELETE_CHOICES.map((c) => c.seconds))).toBe(604800);
    expect(Math.max(...TIMEOUT_CHOICES.map((c) => c.seconds))).toBe(28 * 86400);
    expect(MAX_TIMEOUT_SECONDS).toBe(2419200);
  });

  it("writes timeout_until in the SPEC's form and clamps it to 28 days", () => {
    const now = new Date("2026-12-01T10:00:00.123Z");
    expect(timeoutUntil(now, 60)).toBe("2026-12-01T10:01:00.123000Z");
    expect(timeoutUntil(now, 99 * 86400)).toBe("2026-12-29T10:00:00.123000Z");
  });

  it("tells whether a timeout is still running", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(isTimedOut("2026-12-01T10:00:01.000000Z", now)).toBe(true);
    expect(isTimedOut("2026-12-01T09:59:59.000000Z", now)).toBe(false);
    expect(isTimedOut(null, now)).toBe(false);
    expect(isTimedOut("soon", now)).toBe(false);
  });

  it("percent-encodes the audit reason and leaves out a blank one", () => {
    expect(auditReasonHeaders("  ")).toEqual({});
    expect(auditReasonHeaders("spam, ça suffit")).toEqual({
      "X-Audit-Log-Reason": "spam%2C%20%C3%A7a%20suffit",
    });
    expect(
      decodeURIComponent(auditReasonHeaders("x".repeat(600))["X-Audit-Log-Reason"]),
    ).toHaveLength(512);
  });

  it("labels invites", () => {
    expect(inviteUsesLabel(3, 0)).toBe("3 uses");
    expect(inviteUsesLabel(3, 10)).toBe("3 of 10 uses");
    expect(inviteLink("https://parley.example", "aB-_9xyz")).toBe(
      "https://parley.example/invite/aB-_9xyz",
    );
  });

  it("describes audit entries", () => {
    expect(auditActionLabel("member.ban")).toBe("Banned a member");
    expect(auditActionLabel("something.new")).toBe("something.new");
    expect(auditTargetKind("member.kick")).toBe("user");
    expect(auditTargetKind("message.delete")).toBe("user");
    expect(auditTargetKind("role.update")).toBe("role");
    expect(auditTargetKind("overwrite.delete")).toBe("channel");
    expect(auditTargetKind("invite.create")).toBe("other");
    expect(describeChange("name", ["old", "new"])).toBe('name: "old" → "new"');
    expect(describeChange("hoist", [false, true])).toBe("hoist: false → true");
    expect(describeChange("topic", [null, "hi"])).toBe('topic: none → "hi"');
  });
});
