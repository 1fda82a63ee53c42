import { useCallback, useEffect, useRef, useState } from "react";
import { webSocketUrl } from "../config";
import type { ApiClient } from "../services/apiClient";
import { ChatConnection } from "../services/chatConnection";
import type { ChatState, SocketLike } from "../services/chatConnection";
import type { ChatMessage } from "../types/api";

export interface UseChatOptions {
  serverId: number;
  channelId: number;
  api: ApiClient;
  username: string | null;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => SocketLike;
}

export interface UseChatResult extends ChatState {
  send(text: string): Promise<void>;
  loadOlder(): Promise<void>;
  notifyTyping(): void;
  retry(): void;
}

const INITIAL_STATE: ChatState = {
  messages: [],
  status: "connecting",
  hasOlder: false,
  loadingOlder: false,
  historyError: null,
  fatalError: null,
  typingUsers: [],
};

function browserSocket(url: string): SocketLike {
  return new WebSocket(url);
}

/** The live conversation of one channel (see ChatConnection for the protocol and reconnects). */
export function useChat({
  serverId,
  channelId,
  api,
  username,
  createSocket = browserSocket,
}: UseChatOptions): UseChatResult {
  const [state, setState] = useState<ChatState>(INITIAL_STATE);
  const connectionRef = useRef<ChatConnection | null>(null);
  const createSocketRef = useRef(createSocket);
  createSocketRef.current = createSocket;

  useEffect(() => {
    setState(INITIAL_STATE);
    const connection = new ChatConnection({
      username,
      fetchHistory: ({ before, limit }) =>
        api.get<ChatMessage[]>(
          `/api/messages/?channel_id=${channelId}&limit=${limit}${before ? `&before=${before}` : ""}`,
        ),
      refreshSession: () => api.refreshSession(),
      socketUrl: (afterId) =>
        webSocketUrl(`/ws/${serverId}/${channelId}${afterId !== null ? `?after=${afterId}` : ""}`),
      createSocket: (url) => createSocketRef.current(url),
      onChange: setState,
    });
    connectionRef.current = connection;
    void connection.start();
    // Coming back online is the best moment to retry, whatever the backoff says.
    const onOnline = () => connection.retryNow();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      connection.stop();
      connectionRef.current = null;
    };
  }, [serverId, channelId, api, username]);

  const send = useCallback(
    (text: string) =>
      connectionRef.current?.send(text) ?? Promise.reject(new Error("Not connected")),
    [],
  );
  const loadOlder = useCallback(() => connectionRef.current?.loadOlder() ?? Promise.resolve(), []);
  const notifyTyping = useCallback(() => connectionRef.current?.notifyTyping(), []);
  const retry = useCallback(() => connectionRef.current?.retryNow(), []);

  return { ...state, send, loadOlder, notifyTyping, retry };
}
