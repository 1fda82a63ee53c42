import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import type { ApiClient } from "../services/apiClient";
import { ReadStates } from "../services/readStates";
import type { Unread } from "../services/readStates";
import type { ChatMessage, ReadState } from "../types/api";
import { useAuth } from "./AuthContext";
import { useGateway } from "./GatewayContext";

/** Acks of one channel wait this long so that scrolling through a burst sends one request. */
const ACK_DELAY_MS = 400;
const RESYNC_DELAY_MS = 300;
const APP_TITLE = "Parley";

interface ReadStateContextValue {
  store: ReadStates | null;
  /** Marks the channel read up to messageId, here and (shortly after) on the server. */
  ack(channelId: number, messageId: number): void;
  /**
   * "Mark unread": moves the mark back to lastReadId (the message before the first one to show
   * unread), on the server too; reading the channel does not ack again until it is left.
   */
  markUnread(channelId: number, lastReadId: number): Promise<void>;
  /** Drops pending timers (the provider's user or gateway changed). */
  dispose(): void;
}

const EMPTY: ReadStateContextValue = {
  store: null,
  ack: () => {},
  markUnread: async () => {},
  dispose: () => {},
};
const ReadStateContext = createContext<ReadStateContextValue>(EMPTY);

/** Per-channel timers: the latest call within `delay` wins. */
function debounced(delay: number, run: (channelId: number) => void) {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  return {
    schedule(channelId: number) {
      clearTimeout(timers.get(channelId));
      timers.set(
        channelId,
        setTimeout(() => {
          timers.delete(channelId);
          run(channelId);
        }, delay),
      );
    },
    cancel() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Asks the server for what an edit or a delete changed: the read state and newest message. */
async function fetchChannelTruth(api: ApiClient, store: ReadStates, channelId: number) {
  try {
    const [states, newest] = await Promise.all([
      api.get<ReadState[]>("/api/users/@me/read-states/"),
      api.get<ChatMessage[]>(`/api/channels/${channelId}/messages/?limit=1`),
    ]);
    const read = states.find((s) => s.channel_id === channelId) ?? null;
    store.setFromServer(channelId, read, newest[newest.length - 1]?.id ?? 0);
  } catch {
    // Offline or gone: the next ready brings the truth.
  }
}

/**
 * Unread channels and mention badges for the whole app (SPEC §8): one ReadStates fed by the
 * gateway, acks sent for what the user has seen, and the document title counting unread
 * mentions ("(3) Parley").
 */
export function ReadStateProvider({ children }: { children: ReactNode }) {
  const { api, user } = useAuth();
  const { gateway } = useGateway();
  const myUserId = user?.id ?? null;

  const value = useMemo<ReadStateContextValue>(() => {
    if (myUserId === null || !gateway) return EMPTY;
    const resyncs = debounced(RESYNC_DELAY_MS, (channelId) => {
      void fetchChannelTruth(api, store, channelId);
    });
    const store = new ReadStates(myUserId, (channelId) => resyncs.schedule(channelId));
    const pendingAck = new Map<number, number>();
    const acks = debounced(ACK_DELAY_MS, (channelId) => {
      const messageId = pendingAck.get(channelId);
      pendingAck.delete(channelId);
      if (messageId === undefined) return;
      api
        .request<void>(`/api/channels/${channelId}/ack/`, {
          method: "POST",
          body: { message_id: messageId },
        })
        .catch(() => {
          // Not stored: the channel shows unread again after the next ready. Nothing to tell.
        });
    });
    return {
      store,
      ack(channelId, messageId) {
        const state = store.channel(channelId);
        if (state && messageId <= state.lastReadId) return;
        if (store.heldMark(channelId) !== undefined) return;
        store.markRead(channelId, messageId);
        pendingAck.set(channelId, Math.max(messageId, pendingAck.get(channelId) ?? 0));
        acks.schedule(channelId);
      },
      async markUnread(channelId, lastReadId) {
        pendingAck.delete(channelId);
        store.markUnread(channelId, lastReadId);
        await api.request<void>(`/api/channels/${channelId}/ack/`, {
          method: "POST",
          body: { message_id: lastReadId, manual: true },
        });
      },
      dispose() {
        acks.cancel();
        resyncs.cancel();
      },
    };
  }, [api, gateway, myUserId]);

  const store = value.store;
  useEffect(() => {
    if (!store || !gateway) return;
    if (gateway.ready) store.apply(gateway.ready);
    const off = gateway.onFrame((frame) => store.apply(frame));
    return () => {
      off();
      value.dispose();
    };
  }, [store, gateway, value]);

  const mentions = useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => {}),
    () => store?.totalMentions() ?? 0,
  );
  useEffect(() => {
    document.title = mentions > 0 ? `(${mentions}) ${APP_TITLE}` : APP_TITLE;
  }, [mentions]);

  return <ReadStateContext.Provider value={value}>{children}</ReadStateContext.Provider>;
}

export function useReadStates(): ReadStateContextValue {
  return useContext(ReadStateContext);
}

/** Re-renders on every change of the read states; select is cheap (a map walk at most). */
function useSelect<T>(select: (store: ReadStates) => T, fallback: T): T {
  const { store } = useReadStates();
  useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => {}),
    () => store?.version ?? 0,
  );
  return store ? select(store) : fallback;
}

const NONE: Unread = { unread: false, mentions: 0 };

/** Unread and mentions of a channel: server channels and DMs alike (ids are global). */
export function useChannelUnread(channelId: number): Unread {
  return useSelect((store) => store.unreadOf(channelId), NONE);
}

/** Unread and the mentions of all its channels, for a server's entry. */
export function useServerUnread(serverId: number): Unread {
  return useSelect((store) => store.unreadOfServer(serverId), NONE);
}

/** Unread mentions everywhere. */
export function useTotalMentions(): number {
  return useSelect((store) => store.totalMentions(), 0);
}
