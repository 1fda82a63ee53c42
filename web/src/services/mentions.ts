import type { ChatMessage } from "../types/api";

// Mentions are written `<@USER_ID>` in a message's content (SPEC §7): the composer inserts that
// form, and the conversation shows it as `@username`.

export type ContentSegment = { kind: "text"; text: string } | { kind: "mention"; userId: number };

const MENTION = /<@([1-9]\d{0,17})>/g;

/** Splits content into plain text and mentions, in order (never HTML: React renders the text). */
export function parseContent(content: string): ContentSegment[] {
  const segments: ContentSegment[] = [];
  let last = 0;
  for (const match of content.matchAll(MENTION)) {
    const at = match.index ?? 0;
    if (at > last) segments.push({ kind: "text", text: content.slice(last, at) });
    segments.push({ kind: "mention", userId: Number(match[1]) });
    last = at + match[0].length;
  }
  if (last < content.length) segments.push({ kind: "text", text: content.slice(last) });
  return segments;
}

/** Mentions shown as names: what a reply preview or a screen reader gets. */
export function contentAsText(content: string, names: ReadonlyMap<number, string>): string {
  return parseContent(content)
    .map((s) => (s.kind === "text" ? s.text : `@${names.get(s.userId) ?? "unknown-user"}`))
    .join("");
}

export function mentionsUser(message: ChatMessage, userId: number | null): boolean {
  if (userId === null) return false;
  return Boolean(message.mention_everyone) || (message.mentions ?? []).includes(userId);
}

export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  /** What was typed after it, up to the caret. */
  query: string;
}

const MAX_QUERY = 32;

/** The `@name` being typed at the caret, if any: an `@` at a word start, then no spaces. */
export function activeMentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\s@<>]/.test(query)) return null;
  return { start: at, query };
}

export interface MentionUser {
  id: number;
  username: string;
}

/** Who the composer offers: usernames starting with the query (case-insensitive), by name. */
export function mentionCandidates(
  users: ReadonlyMap<number, string>,
  query: string,
  limit = 8,
): MentionUser[] {
  const prefix = query.toLowerCase();
  return [...users]
    .filter(([, username]) => username.toLowerCase().startsWith(prefix))
    .map(([id, username]) => ({ id, username }))
    .sort((a, b) => a.username.localeCompare(b.username))
    .slice(0, limit);
}

/** Replaces the `@query` with `<@ID> ` and says where the caret goes next. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  userId: number,
): { text: string; caret: number } {
  const token = `<@${userId}> `;
  const end = mention.start + 1 + mention.query.length;
  return {
    text: text.slice(0, mention.start) + token + text.slice(end),
    caret: mention.start + token.length,
  };
}

/** Names of the users the loaded messages show (senders and quoted senders), plus extras. */
export function knownUsers(
  messages: ChatMessage[],
  extra: Iterable<[number, string]> = [],
): Map<number, string> {
  const names = new Map<number, string>(extra);
  for (const message of messages) {
    if (typeof message.sender_id === "number") names.set(message.sender_id, message.sender);
    const reply = message.reply_to;
    if (reply && !reply.deleted) names.set(reply.sender_id, reply.sender);
  }
  return names;
}
