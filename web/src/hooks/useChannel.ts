import { useCallback, useEffect, useRef, useState } from "react";
import { useGateway } from "../context/GatewayContext";
import type { ApiClient } from "../services/apiClient";
import { ChannelSync, INITIAL_CHANNEL_STATE } from "../services/channelSync";
import type { ChannelRest, ChannelState, MessageQuery } from "../services/channelSync";
import type { ConnectionStatus } from "../services/gatewayConnection";
import type { ChatMessage, EventPage } from "../types/api";

export interface UseChannelResult extends ChannelState {
  status: ConnectionStatus;
  send(text: string, replyTo?: number, attachments?: number[]): Promise<void>;
  edit(messageId: number, content: string): Promise<void>;
  remove(messageId: number): Promise<void>;
  react(messageId: number, emoji: string, add: boolean): Promise<void>;
  loadOlder(): Promise<void>;
  loadNewer(): Promise<void>;
  jumpTo(messageId: number): Promise<boolean>;
  jumpToPresent(): void;
  notifyTyping(): void;
  retry(): void;
}

/** The channel's REST routes (SPEC §6–§7) through the app's API client. */
export function channelRest(api: ApiClient, channelId: number): ChannelRest {
  const base = `/api/channels/${channelId}`;
  return {
    messages: ({ limit, ...anchor }: MessageQuery) => {
      const params = new URLSearchParams({ limit: String(limit) });
      for (const [key, value] of Object.entries(anchor))
        if (value !== undefined) params.set(key, String(value));
      return api.get<ChatMessage[]>(`${base}/messages/?${params}`);
    },
    events: (afterSeq, limit) =>
      api.get<EventPage>(`${base}/events/?after_seq=${afterSeq}&limit=${limit}`),
    edit: (messageId, content) =>
      api.request<ChatMessage>(`${base}/messages/${messageId}/`, {
        method: "PATCH",
        body: { content },
      }),
    remove: (messageId) =>
      api.request<void>(`${base}/messages/${messageId}/`, { method: "DELETE" }),
    react: (messageId, emoji, add) =>
      api.request<void>(
        `${base}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}/@me/`,
        { method: add ? "PUT" : "DELETE" },
      ),
  };
}

/** One open channel, kept live through the app's gateway (see ChannelSync). */
export function useChannel(
  channelId: number,
  api: ApiClient,
  myUserId: number | null,
): UseChannelResult {
  const { gateway, status } = useGateway();
  const [state, setState] = useState<ChannelState>(INITIAL_CHANNEL_STATE);
  const syncRef = useRef<ChannelSync | null>(null);

  useEffect(() => {
    setState(INITIAL_CHANNEL_STATE);
    if (!gateway) return;
    const sync = new ChannelSync({
      channelId,
      myUserId,
      rest: channelRest(api, channelId),
      gateway,
      onChange: setState,
    });
    syncRef.current = sync;
    sync.start();
    return () => {
      sync.stop();
      syncRef.current = null;
    };
  }, [channelId, api, myUserId, gateway]);

  const current = () => {
    const sync = syncRef.current;
    if (!sync) throw new Error("The conversation is not open.");
    return sync;
  };
  const send = useCallback(
    async (text: string, replyTo?: number, attachments?: number[]) =>
      current().send(text, replyTo, attachments),
    [],
  );
  const edit = useCallback(async (id: number, content: string) => current().edit(id, content), []);
  const remove = useCallback(async (id: number) => current().remove(id), []);
  const react = useCallback(
    async (id: number, emoji: string, add: boolean) => current().react(id, emoji, add),
    [],
  );
  const loadOlder = useCallback(async () => syncRef.current?.loadOlder(), []);
  const loadNewer = useCallback(async () => syncRef.current?.loadNewer(), []);
  const jumpTo = useCallback(
    async (id: number) => (await syncRef.current?.jumpTo(id)) ?? false,
    [],
  );
  const jumpToPresent = useCallback(() => void syncRef.current?.resync(), []);
  const notifyTyping = useCallback(() => syncRef.current?.notifyTyping(), []);
  const retry = useCallback(() => {
    gateway?.retryNow();
    void syncRef.current?.resync();
  }, [gateway]);

  return {
    ...state,
    status,
    send,
    edit,
    remove,
    react,
    loadOlder,
    loadNewer,
    jumpTo,
    jumpToPresent,
    notifyTyping,
    retry,
  };
}
