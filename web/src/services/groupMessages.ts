import type { ChatMessage } from "../types/api";
import { dayKey } from "./formatTimestamp";

export interface MessageGroup {
  key: string;
  sender: string;
  messages: ChatMessage[];
  /** The group starts with the first unread message (the "new messages" divider goes above). */
  firstUnread?: boolean;
}

export interface DayGroup {
  day: string;
  /** Timestamp of the day's first message, to format the heading. */
  firstTimestamp: string;
  groups: MessageGroup[];
}

/** Consecutive messages of one author closer than this share one header, as in most chat apps. */
const GROUP_WINDOW_MS = 7 * 60 * 1000;

/**
 * Splits id-ordered messages into days, and each day into runs by the same author. The message
 * `firstUnreadId` always starts a group of its own, marked `firstUnread`.
 */
export function groupMessages(
  messages: ChatMessage[],
  firstUnreadId: number | null = null,
): DayGroup[] {
  const days: DayGroup[] = [];
  for (const message of messages) {
    const day = dayKey(message.timestamp);
    let currentDay = days[days.length - 1];
    if (!currentDay || currentDay.day !== day) {
      currentDay = { day, firstTimestamp: message.timestamp, groups: [] };
      days.push(currentDay);
    }
    const lastGroup = currentDay.groups[currentDay.groups.length - 1];
    const lastMessage = lastGroup?.messages[lastGroup.messages.length - 1];
    const sameRun =
      lastGroup &&
      message.id !== firstUnreadId &&
      lastGroup.sender === message.sender &&
      Date.parse(message.timestamp) - Date.parse(lastMessage.timestamp) < GROUP_WINDOW_MS;
    if (sameRun) lastGroup.messages.push(message);
    else
      currentDay.groups.push({
        key: String(message.id),
        sender: message.sender,
        messages: [message],
        ...(message.id === firstUnreadId ? { firstUnread: true } : {}),
      });
  }
  return days;
}
