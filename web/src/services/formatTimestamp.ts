// Dates as people read them in a chat: relative for today and yesterday, a date otherwise.
// Everything is in the viewer's local time zone; `now` is a parameter so tests can pin it.

const timeFormat = new Intl.DateTimeFormat("en-US", {
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});
const dateFormat = new Intl.DateTimeFormat("en-US", {
  month: "numeric",
  day: "numeric",
  year: "numeric",
});
const longDateFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
});

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days between two instants (0 = same local day, 1 = `date` was yesterday). */
function daysBefore(date: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
}

/** "9:50 AM" */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** "Today at 9:50 AM", "Yesterday at 9:50 AM", otherwise "11/26/2026 9:50 AM". */
export function formatTimestamp(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const days = daysBefore(date, now);
  if (days === 0) return `Today at ${timeFormat.format(date)}`;
  if (days === 1) return `Yesterday at ${timeFormat.format(date)}`;
  return `${dateFormat.format(date)} ${timeFormat.format(date)}`;
}

/** Heading of a day in the conversation: "Today", "Yesterday", "Thursday, November 26, 2026". */
export function formatDay(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const days = daysBefore(date, now);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return longDateFormat.format(date);
}

/** Local calendar day of a timestamp, for grouping. */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
