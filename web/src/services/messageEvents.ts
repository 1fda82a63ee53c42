import type { ChatMessage, DeletedMessage, EventFrame, Reaction, ReplyRef } from "../types/api";

// Pure functions that turn a channel's loaded messages (id order, unique ids) into the next
// state, for REST pages and for event frames alike. They never mutate their input, so React sees
// a new array exactly when something changed.

/** A reply's quote keeps at most this many code points (SPEC §7). */
export const QUOTE_LENGTH = 100;

export function isDeleted(
  message: ChatMessage | DeletedMessage | ReplyRef,
): message is DeletedMessage {
  return (message as DeletedMessage).deleted === true;
}

/**
 * Inserts or replaces messages by id, keeping id order. A message already held keeps its `me`
 * reaction flags when the incoming copy comes from a WebSocket frame (where `me` is always
 * false): `fromSocket` says which.
 */
export function upsertMessages(
  messages: ChatMessage[],
  incoming: ChatMessage[],
  fromSocket = false,
): ChatMessage[] {
  if (incoming.length === 0) return messages;
  const byId = new Map(messages.map((message) => [message.id, message]));
  for (const message of incoming) {
    const held = byId.get(message.id);
    byId.set(
      message.id,
      held && fromSocket
        ? { ...message, reactions: keepMine(held.reactions, message.reactions) }
        : message,
    );
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function keepMine(held: Reaction[] | undefined, incoming: Reaction[] | undefined): Reaction[] {
  const mine = new Set((held ?? []).filter((r) => r.me).map((r) => r.emoji));
  return (incoming ?? []).map((r) => (mine.has(r.emoji) ? { ...r, me: true } : r));
}

/** Removes a message, and turns every reply quoting it into the deleted tombstone. */
export function removeMessage(messages: ChatMessage[], id: number): ChatMessage[] {
  let changed = false;
  const next: ChatMessage[] = [];
  for (const message of messages) {
    if (message.id === id) {
      changed = true;
      continue;
    }
    if (message.reply_to && message.reply_to.id === id && !isDeleted(message.reply_to)) {
      changed = true;
      next.push({ ...message, reply_to: { id, deleted: true } });
    } else next.push(message);
  }
  return changed ? next : messages;
}

/** After an edit, replies quoting the message show its new text, as they would on a reload. */
function refreshQuotes(messages: ChatMessage[], edited: ChatMessage): ChatMessage[] {
  const quote = [...edited.content].slice(0, QUOTE_LENGTH).join("");
  return messages.map((message) =>
    message.reply_to && message.reply_to.id === edited.id && !isDeleted(message.reply_to)
      ? { ...message, reply_to: { ...message.reply_to, content: quote } }
      : message,
  );
}

export interface ReactionChange {
  messageId: number;
  emoji: string;
  userId: number;
  add: boolean;
}

/**
 * Adds or removes one user's reaction. The viewer's own reactions are tracked exactly through
 * `me`, so a repeat (a REST page that already counted it, our own request's echo) changes
 * nothing; other users' reactions are counted as the events say.
 */
export function applyReaction(
  messages: ChatMessage[],
  change: ReactionChange,
  myUserId: number | null,
): ChatMessage[] {
  const index = messages.findIndex((message) => message.id === change.messageId);
  if (index < 0) return messages;
  const message = messages[index];
  const reactions = message.reactions ?? [];
  const mine = change.userId === myUserId;
  const at = reactions.findIndex((r) => r.emoji === change.emoji);
  const held = at >= 0 ? reactions[at] : undefined;
  let next: Reaction[];
  if (change.add) {
    if (held && mine && held.me) return messages;
    next = held
      ? reactions.map((r, i) => (i === at ? { ...r, count: r.count + 1, me: r.me || mine } : r))
      : [...reactions, { emoji: change.emoji, count: 1, me: mine }];
  } else {
    if (!held || (mine && !held.me)) return messages;
    next =
      held.count <= 1
        ? reactions.filter((_, i) => i !== at)
        : reactions.map((r, i) =>
            i === at ? { ...r, count: r.count - 1, me: mine ? false : r.me } : r,
          );
  }
  const copy = messages.slice();
  copy[index] = { ...message, reactions: next };
  return copy;
}

export interface ApplyOptions {
  myUserId: number | null;
  /**
   * False while the view shows an older window of history (after a jump): new messages are then
   * left for the REST page that brings the view back to the present.
   */
  acceptNew: boolean;
}

/** Applies one channel event to the loaded messages. */
export function applyEvent(
  messages: ChatMessage[],
  frame: EventFrame,
  { myUserId, acceptNew }: ApplyOptions,
): ChatMessage[] {
  switch (frame.type) {
    case "chat.message": {
      const message = frame.new_message;
      if (isDeleted(message)) return removeMessage(messages, message.id);
      if (!acceptNew && !messages.some((m) => m.id === message.id)) return messages;
      return upsertMessages(messages, [message], true);
    }
    case "chat.message_update": {
      const message = frame.message;
      if (isDeleted(message)) return removeMessage(messages, message.id);
      if (!messages.some((m) => m.id === message.id)) return refreshQuotes(messages, message);
      return refreshQuotes(upsertMessages(messages, [message], true), message);
    }
    case "chat.message_delete":
      return removeMessage(messages, frame.id);
    case "chat.reaction_add":
    case "chat.reaction_remove":
      if (frame.deleted || frame.emoji === undefined || frame.user_id === undefined)
        return messages;
      return applyReaction(
        messages,
        {
          messageId: frame.message_id,
          emoji: frame.emoji,
          userId: frame.user_id,
          add: frame.type === "chat.reaction_add",
        },
        myUserId,
      );
  }
}

export const EVENT_TYPES: ReadonlySet<string> = new Set([
  "chat.message",
  "chat.message_update",
  "chat.message_delete",
  "chat.reaction_add",
  "chat.reaction_remove",
]);

export function isEventFrame(frame: { type: string }): frame is EventFrame {
  return EVENT_TYPES.has(frame.type);
}
