import { describe, expect, it } from "vitest";
import { formatDay, formatTimestamp } from "./formatTimestamp";

// Built from local times, so the tests hold in any time zone.
const now = new Date(2026, 10, 28, 18, 30);
const at = (day: number, hour: number, minute: number) =>
  new Date(2026, 10, day, hour, minute).toISOString();

describe("formatTimestamp", () => {
  it("says Today for the current day", () => {
    expect(formatTimestamp(at(28, 9, 50), now)).toBe("Today at 9:50 AM");
    expect(formatTimestamp(at(28, 0, 5), now)).toBe("Today at 12:05 AM");
  });

  it("says Yesterday for the day before, even less than 24 hours ago", () => {
    expect(formatTimestamp(at(27, 23, 59), now)).toBe("Yesterday at 11:59 PM");
    expect(formatTimestamp(at(27, 13, 0), now)).toBe("Yesterday at 1:00 PM");
  });

  it("gives the date for anything older", () => {
    expect(formatTimestamp(at(26, 9, 50), now)).toBe("11/26/2026 9:50 AM");
    expect(formatTimestamp(new Date(2025, 0, 3, 14, 7).toISOString(), now)).toBe(
      "1/3/2025 2:07 PM",
    );
  });

  it("reads the server's microsecond UTC timestamps", () => {
    const iso = "2026-11-28T09:50:12.345678Z";
    const local = new Date(iso);
    expect(formatTimestamp(iso, local)).toMatch(/^Today at \d{1,2}:\d{2} (AM|PM)$/);
  });

  it("returns nothing for a malformed timestamp", () => {
    expect(formatTimestamp("not a date", now)).toBe("");
  });
});

describe("formatDay", () => {
  it("names the day headings of the conversation", () => {
    expect(formatDay(at(28, 8, 0), now)).toBe("Today");
    expect(formatDay(at(27, 8, 0), now)).toBe("Yesterday");
    expect(formatDay(at(26, 8, 0), now)).toBe("Thursday, November 26, 2026");
  });
});
