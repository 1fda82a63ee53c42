import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { useReadStates } from "../../context/ReadStateContext";
import type { ChatMessage } from "../../types/api";

export interface ReadMarker {
  /** The first message after the read mark the channel was opened with (null: none unread). */
  firstUnreadId: number | null;
  /** The mark itself, to jump to when the first unread is older than the loaded page (null
   * when there is nothing to jump to). */
  openedMark: number | null;
  /** The reader saw the bottom of the conversation, down to lastId: acks it. */
  onBottomSeen(lastId: number): void;
}

/**
 * The read mark of an open channel: captured once, when the channel's read state is first
 * known, so that the "new messages" divider stays where the unread began while the user reads
 * (and acks); the channel counts as on screen, so its new messages are not mentions.
 */
export function useReadMarker(
  channelId: number,
  messages: ChatMessage[],
  hasOlder: boolean,
  myUserId: number | null,
): ReadMarker {
  const { store, ack } = useReadStates();
  const opened = useRef<{ channelId: number; mark: number | null } | null>(null);
  useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => {}),
    () => store?.version ?? 0,
  );
  if (opened.current?.channelId !== channelId) opened.current = null;
  const state = store?.channel(channelId);
  // Marked unread by hand: the divider moves to where the user said the unread begins.
  const held = store?.heldMark(channelId);
  if (held !== undefined && opened.current?.mark !== held)
    opened.current = { channelId, mark: held };
  if (!opened.current && state) {
    const unread = state.lastMessageId > state.lastReadId;
    opened.current = { channelId, mark: unread ? state.lastReadId : null };
  }
  const mark = opened.current?.mark ?? null;

  useEffect(() => {
    if (!store) return;
    store.setVisible(channelId);
    return () => store.setVisible(null);
  }, [store, channelId]);

  // The divider needs the message before it on the page: at the top of a page with older
  // ones above, the true first unread may be further up.
  const index = mark === null ? -1 : messages.findIndex((m) => m.id > mark);
  const found = index >= 0 && !(index === 0 && hasOlder) ? messages[index] : undefined;
  const firstUnreadId = found && found.sender_id !== myUserId ? found.id : null;

  const onBottomSeen = useCallback(
    (lastId: number) => {
      if (document.visibilityState === "hidden") return;
      ack(channelId, lastId);
    },
    [ack, channelId],
  );
  const jumpable = mark !== null && mark > 0 && index !== -1 ? mark : null;
  return { firstUnreadId, openedMark: firstUnreadId === null ? jumpable : mark, onBottomSeen };
}
