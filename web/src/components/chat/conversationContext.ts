import { createContext, useContext } from "react";
import type { ChatMessage } from "../../types/api";

/** What every message of an open conversation needs to show itself and offer its actions. */
export interface ConversationActions {
  myUserId: number | null;
  /** The viewer is a member: may post, reply and react. */
  canPost: boolean;
  /** The viewer owns the server: may delete anyone's messages. */
  canModerate: boolean;
  /** Usernames by id, for mentions. */
  names: ReadonlyMap<number, string>;
  reply(message: ChatMessage): void;
  openPicker(message: ChatMessage): void;
  toggleReaction(message: ChatMessage, emoji: string, add: boolean): void;
  edit(message: ChatMessage, content: string): Promise<void>;
  askDelete(message: ChatMessage): void;
  jumpTo(messageId: number): void;
  /** "Mark unread" from this message on; undefined where it cannot be (the channel's first). */
  markUnread?(message: ChatMessage): void;
  /** Whether a message has one before it, so that the mark can move to just before it. */
  hasEarlier?(message: ChatMessage): boolean;
}

export const ConversationContext = createContext<ConversationActions | null>(null);

export function useConversation(): ConversationActions {
  const value = useContext(ConversationContext);
  if (!value) throw new Error("useConversation must be used inside a conversation");
  return value;
}

/** Edit is offered on one's own messages only; delete also on anyone's to the server owner. */
export function allowedActions(message: ChatMessage, actions: ConversationActions) {
  const mine = actions.myUserId !== null && message.sender_id === actions.myUserId;
  return {
    reply: actions.canPost,
    react: actions.canPost,
    edit: mine && actions.canPost,
    remove: mine || actions.canModerate,
    markUnread: Boolean(actions.markUnread) && (actions.hasEarlier?.(message) ?? false),
  };
}
