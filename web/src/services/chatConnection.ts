import type { ChatMessage, ServerFrame } from "../types/api";
import { ApiError, userMessage } from "./apiErrors";

export type ConnectionStatus = "connecting" | "online" | "reconnecting" | "offline" | "closed";

export interface ChatState {
  /** Unique by id, in id order (the order every client must show). */
  messages: ChatMessage[];
  status: ConnectionStatus;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** A history request failed (shown above the conversation, with a retry). */
  historyError: string | null;
  /** The channel cannot be opened at all (e.g. it does not exist). */
  fatalError: string | null;
  typingUsers: string[];
}

/** The subset of the browser WebSocket the connection uses (a fake one in tests). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface HistoryQuery {
  before?: number;
  limit: number;
}

export interface ChatConnectionOptions {
  /** Username of the logged-in user, to recognise echoes of our own messages without a nonce. */
  username: string | null;
  fetchHistory(query: HistoryQuery): Promise<ChatMessage[]>;
  /** The app's shared single-flight token refresh; rejects when the session is over. */
  refreshSession(): Promise<void>;
  /** ws(s):// URL to open, resuming after the given id. */
  socketUrl(afterId: number | null): string;
  createSocket(url: string): SocketLike;
  onChange(state: ChatState): void;
  random?: () => number;
  newNonce?: () => string;
}

export class ChatSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ChatSendError";
  }
}

export const PAGE_SIZE = 50;
export const MAX_RECONNECT_ATTEMPTS = 10;
export const BASE_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 15_000;
/** Consecutive 4001 closes (refresh succeeded yet the socket still refuses us) before giving up. */
const MAX_AUTH_RETRIES = 2;
/** A socket that stayed open this long was a working connection: its close starts a new count. */
const STABLE_CONNECTION_MS = 5_000;
const TYPING_SEND_INTERVAL_MS = 3_000;
const TYPING_SHOW_MS = 5_000;
const WS_OPEN = 1;

const ERROR_TEXT: Record<string, string> = {
  not_member: "Join this server to post",
  too_long: "That message is too long (4,000 characters at most).",
  empty: "Messages can't be empty.",
  rate_limited: "You're sending messages too fast. Wait a moment and try again.",
};

interface PendingSend {
  content: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * One channel's conversation: history over REST, live messages over the Parley WebSocket, and
 * the reconnect logic. Loads the newest page first, then connects with `after` = the highest id
 * held, so the server replays exactly what was missed; messages are merged by id, so replays and
 * REST pages that overlap never show twice. Close 4001 means the access token expired: refresh
 * (shared with every other request) and reconnect. Other closes reconnect with exponential
 * backoff and jitter, giving up after MAX_RECONNECT_ATTEMPTS ("offline", with a manual retry).
 */
export class ChatConnection {
  private state: ChatState = {
    messages: [],
    status: "connecting",
    hasOlder: false,
    loadingOlder: false,
    historyError: null,
    fatalError: null,
    typingUsers: [],
  };
  private byId = new Map<number, ChatMessage>();
  private socket: SocketLike | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private reconnectAttempts = 0;
  private authRetries = 0;
  private openedAt: number | null = null;
  private lastTypingSent = 0;
  private pending = new Map<string, PendingSend>();
  private stopped = false;
  private readonly random: () => number;
  private readonly newNonce: () => string;

  constructor(private readonly options: ChatConnectionOptions) {
    this.random = options.random ?? Math.random;
    this.newNonce = options.newNonce ?? (() => crypto.randomUUID());
  }

  async start(): Promise<void> {
    this.emit({ status: "connecting" });
    await this.loadNewest();
    if (!this.stopped) this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearReconnectTimer();
    this.typingTimers.forEach((timer) => clearTimeout(timer));
    this.typingTimers.clear();
    this.failPending(new ChatSendError("closed", "The conversation was closed."));
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
  }

  /** Reconnect now (a "Retry" button, or the browser coming back online). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clearReconnectTimer();
    this.reconnectAttempts = 0;
    this.emit({ status: "reconnecting" });
    if (this.state.historyError && this.byId.size === 0) void this.loadNewest();
    this.connect();
  }

  async loadOlder(): Promise<void> {
    if (this.state.loadingOlder || !this.state.hasOlder) return;
    const oldest = this.state.messages[0];
    this.emit({ loadingOlder: true });
    try {
      const page = await this.options.fetchHistory({ before: oldest?.id, limit: PAGE_SIZE });
      if (this.stopped) return;
      this.merge(page);
      this.emit({ loadingOlder: false, hasOlder: page.length >= PAGE_SIZE, historyError: null });
    } catch (error) {
      if (!this.stopped) this.emit({ loadingOlder: false, historyError: userMessage(error) });
    }
  }

  /** Sends a message; resolves when the server echoes it back as stored, rejects on an error frame. */
  send(text: string): Promise<void> {
    if (!text.trim()) return Promise.reject(new ChatSendError("empty", ERROR_TEXT.empty));
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) {
      return Promise.reject(
        new ChatSendError(
          "offline",
          "You're offline. Your message was kept; send it again once reconnected.",
        ),
      );
    }
    const nonce = this.newNonce();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(nonce, { content: text, resolve, reject });
      socket.send(JSON.stringify({ type: "message", message: text, nonce }));
    });
  }

  /** Tells the others we are typing, at most once every few seconds. */
  notifyTyping(now = Date.now()): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return;
    if (now - this.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    this.lastTypingSent = now;
    socket.send(JSON.stringify({ type: "typing" }));
  }

  private async loadNewest(): Promise<void> {
    try {
      const page = await this.options.fetchHistory({ limit: PAGE_SIZE });
      if (this.stopped) return;
      this.merge(page);
      this.emit({ hasOlder: page.length >= PAGE_SIZE, historyError: null });
    } catch (error) {
      if (!this.stopped) this.emit({ historyError: userMessage(error) });
    }
  }

  private connect(): void {
    if (this.stopped) return;
    const afterId = this.maxId();
    const socket = this.options.createSocket(this.options.socketUrl(afterId));
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.reconnectAttempts = 0;
      this.openedAt = Date.now();
      this.emit({ status: "online", fatalError: null });
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.handleFrame(event.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.openedAt !== null && Date.now() - this.openedAt >= STABLE_CONNECTION_MS) {
        this.authRetries = 0;
      }
      this.openedAt = null;
      this.handleClose(event.code);
    };
  }

  private handleClose(code: number): void {
    if (this.stopped) return;
    this.failPending(
      new ChatSendError("offline", "Connection lost before the message was confirmed."),
    );
    if (code === 4001) {
      this.reauthenticate();
    } else if (code === 4004) {
      this.emit({ status: "closed", fatalError: "This channel doesn't exist any more." });
    } else {
      this.scheduleReconnect();
    }
  }

  private reauthenticate(): void {
    if (this.authRetries >= MAX_AUTH_RETRIES) {
      this.emit({ status: "offline" });
      return;
    }
    this.authRetries += 1;
    this.emit({ status: "reconnecting" });
    this.options.refreshSession().then(
      () => this.connect(),
      (error) => {
        if (this.stopped) return;
        // A refused refresh means the session is over (the app logs out); anything else is a
        // connectivity problem, retried like a dropped socket.
        if (error instanceof ApiError) this.emit({ status: "closed" });
        else this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.reconnectAttempts >= MAX_RECONNECT_ATTEMPTS) {
      this.emit({ status: "offline" });
      return;
    }
    const ceiling = Math.min(
      MAX_RECONNECT_DELAY_MS,
      BASE_RECONNECT_DELAY_MS * 2 ** this.reconnectAttempts,
    );
    // "Equal jitter": half fixed, half random, so many clients dropped at once don't return in step.
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    this.reconnectAttempts += 1;
    this.emit({ status: "reconnecting" });
    this.clearReconnectTimer();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private handleFrame(raw: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(raw)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === "chat.message" && frame.new_message) {
      this.merge([frame.new_message]);
      this.acknowledge(frame.new_message);
      this.stopTyping(frame.new_message.sender);
    } else if (frame.type === "error") {
      const error = new ChatSendError(frame.code, ERROR_TEXT[frame.code] ?? frame.detail);
      const pending = frame.nonce ? this.pending.get(frame.nonce) : undefined;
      if (pending && frame.nonce) {
        this.pending.delete(frame.nonce);
        pending.reject(error);
      }
    } else if (frame.type === "typing" && frame.user && frame.user !== this.options.username) {
      this.showTyping(frame.user);
    }
  }

  private acknowledge(message: ChatMessage): void {
    if (message.nonce) {
      const pending = this.pending.get(message.nonce);
      if (pending) {
        this.pending.delete(message.nonce);
        pending.resolve();
      }
      return;
    }
    // Servers speaking the original protocol don't echo nonces: match our own text instead.
    if (message.sender !== this.options.username) return;
    for (const [nonce, pending] of this.pending) {
      if (pending.content === message.content) {
        this.pending.delete(nonce);
        pending.resolve();
        return;
      }
    }
  }

  private showTyping(user: string): void {
    const existing = this.typingTimers.get(user);
    if (existing) clearTimeout(existing);
    this.typingTimers.set(
      user,
      setTimeout(() => this.stopTyping(user), TYPING_SHOW_MS),
    );
    this.emit({ typingUsers: [...this.typingTimers.keys()] });
  }

  private stopTyping(user: string): void {
    const timer = this.typingTimers.get(user);
    if (!timer) return;
    clearTimeout(timer);
    this.typingTimers.delete(user);
    this.emit({ typingUsers: [...this.typingTimers.keys()] });
  }

  private merge(incoming: ChatMessage[]): void {
    let changed = false;
    for (const message of incoming) {
      if (typeof message?.id !== "number" || this.byId.has(message.id)) continue;
      this.byId.set(message.id, message);
      changed = true;
    }
    if (!changed) return;
    const messages = [...this.byId.values()].sort((a, b) => a.id - b.id);
    this.emit({ messages });
  }

  private maxId(): number | null {
    const { messages } = this.state;
    return messages.length ? messages[messages.length - 1].id : null;
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    pending.forEach((p) => p.reject(error));
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private emit(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }
}
