import type { ChatMessage, GatewayFrame, ReadyFrame } from "../types/api";
import { ApiError } from "./apiErrors";
import { isEventFrame } from "./messageEvents";

export type ConnectionStatus = "connecting" | "online" | "reconnecting" | "offline" | "closed";

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

export interface GatewayOptions {
  /** ws(s):// URL of `/ws/gateway`. */
  url: string;
  createSocket(url: string): SocketLike;
  /** The app's shared single-flight token refresh; rejects when the session is over. */
  refreshSession(): Promise<void>;
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

export interface OutgoingMessage {
  channelId: number;
  content: string;
  replyTo?: number;
  /** Ids of the sender's stored uploads (SPEC §12); with some, the text may be blank. */
  attachments?: number[];
}

export const MAX_RECONNECT_ATTEMPTS = 10;
export const BASE_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 15_000;
/** Consecutive 4001 closes (refresh succeeded yet the socket still refuses us) before giving up. */
const MAX_AUTH_RETRIES = 2;
/** A socket that stayed open this long was a working connection: its close starts a new count. */
const STABLE_CONNECTION_MS = 5_000;
const TYPING_SEND_INTERVAL_MS = 3_000;
/** A send the server neither echoes nor refuses within this time is reported as failed. */
const SEND_TIMEOUT_MS = 20_000;
const WS_OPEN = 1;

export const SEND_ERROR_TEXT: Record<string, string> = {
  not_member: "Join this server to post",
  too_long: "That message is too long (4,000 characters at most).",
  empty: "Messages can't be empty.",
  rate_limited: "You're sending messages too fast. Wait a moment and try again.",
  unavailable: "The server can't take messages right now. Try again in a moment.",
  forbidden: "You're not allowed to post here.",
  timed_out: "You're timed out and can't post for now.",
};

interface PendingSend {
  resolve(message: ChatMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type FrameListener = (frame: GatewayFrame) => void;
type StatusListener = (status: ConnectionStatus) => void;

/**
 * The one WebSocket of the app, `/ws/gateway` (SPEC §6). It delivers the `ready` frame and then
 * every event of the user's servers to whoever subscribed; it remembers each channel's newest
 * `seq` seen (from `ready`, then from events), which is what a channel view uses to catch up.
 * Close 4001 means the access token expired: refresh (shared with every other request) and
 * reconnect. Other closes reconnect with exponential backoff and jitter, giving up after
 * MAX_RECONNECT_ATTEMPTS ("offline", with a manual retry).
 */
export class GatewayConnection {
  private socket: SocketLike | null = null;
  private statusValue: ConnectionStatus = "connecting";
  private readyFrame: ReadyFrame | null = null;
  private seqs = new Map<number, number>();
  private frameListeners = new Set<FrameListener>();
  private statusListeners = new Set<StatusListener>();
  private pending = new Map<string, PendingSend>();
  private lastTyping = new Map<number, number>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempts = 0;
  private authRetries = 0;
  private openedAt: number | null = null;
  private stopped = false;
  private readonly random: () => number;
  private readonly newNonce: () => string;

  constructor(private readonly options: GatewayOptions) {
    this.random = options.random ?? Math.random;
    this.newNonce = options.newNonce ?? (() => crypto.randomUUID());
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** The latest `ready` (null before the first one). */
  get ready(): ReadyFrame | null {
    return this.readyFrame;
  }

  /** True when a `ready` has arrived on the socket that is open now. */
  get isReady(): boolean {
    return this.statusValue === "online" && this.readyFrame !== null;
  }

  /** Newest seq known for a channel of the user's servers; undefined for any other channel. */
  lastSeq(channelId: number): number | undefined {
    return this.seqs.get(channelId);
  }

  /** Whether the gateway delivers this channel's events (it is in one of the user's servers). */
  covers(channelId: number): boolean {
    return this.seqs.has(channelId);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearReconnectTimer();
    this.failPending(new ChatSendError("closed", "The connection was closed."));
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
    this.setStatus("closed");
  }

  /** Reconnect now (a "Retry" button, or the browser coming back online). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clearReconnectTimer();
    this.reconnectAttempts = 0;
    this.authRetries = 0;
    this.setStatus("reconnecting");
    this.connect();
  }

  onFrame(listener: FrameListener): () => void {
    this.frameListeners.add(listener);
    return () => {
      this.frameListeners.delete(listener);
    };
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  /** Sends a message; resolves with it once the server echoes it as stored, rejects on an error frame. */
  sendMessage({ channelId, content, replyTo, attachments }: OutgoingMessage): Promise<ChatMessage> {
    const hasFiles = attachments !== undefined && attachments.length > 0;
    if (!content.trim() && !hasFiles)
      return Promise.reject(new ChatSendError("empty", SEND_ERROR_TEXT.empty));
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
    const frame: Record<string, unknown> = {
      type: "message",
      channel_id: channelId,
      message: content,
      nonce,
    };
    if (replyTo !== undefined) frame.reply_to = replyTo;
    if (hasFiles) frame.attachments = attachments;
    return new Promise<ChatMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(nonce))
          reject(new ChatSendError("timeout", "The server didn't confirm the message. Try again."));
      }, SEND_TIMEOUT_MS);
      this.pending.set(nonce, { resolve, reject, timer });
      socket.send(JSON.stringify(frame));
    });
  }

  /** Sends a frame that expects no answer (SPEC §11 presence frames); false when offline. */
  sendFrame(frame: Record<string, unknown>): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  /** Tells the channel's other readers we are typing, at most once every few seconds. */
  sendTyping(channelId: number, now = Date.now()): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return;
    if (now - (this.lastTyping.get(channelId) ?? -Infinity) < TYPING_SEND_INTERVAL_MS) return;
    this.lastTyping.set(channelId, now);
    socket.send(JSON.stringify({ type: "typing", channel_id: channelId }));
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.openedAt = Date.now();
      // "online" (and a fresh backoff count) waits for `ready`: a server that accepts and then
      // closes at once is not a working connection, and until `ready` the channel views can't
      // know what they missed.
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
    if (code === 4001) this.reauthenticate();
    else this.scheduleReconnect();
  }

  private reauthenticate(): void {
    if (this.authRetries >= MAX_AUTH_RETRIES) {
      this.setStatus("offline");
      return;
    }
    this.authRetries += 1;
    this.setStatus("reconnecting");
    this.options.refreshSession().then(
      () => this.connect(),
      (error) => {
        if (this.stopped) return;
        // A refused refresh means the session is over (the app logs out); anything else is a
        // connectivity problem, retried like a dropped socket.
        if (error instanceof ApiError) this.setStatus("closed");
        else this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.reconnectAttempts >= MAX_RECONNECT_ATTEMPTS) {
      this.setStatus("offline");
      return;
    }
    const ceiling = Math.min(
      MAX_RECONNECT_DELAY_MS,
      BASE_RECONNECT_DELAY_MS * 2 ** this.reconnectAttempts,
    );
    // "Equal jitter": half fixed, half random, so many clients dropped at once don't return in step.
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    this.reconnectAttempts += 1;
    this.setStatus("reconnecting");
    this.clearReconnectTimer();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private handleFrame(raw: unknown): void {
    let frame: GatewayFrame;
    try {
      frame = JSON.parse(String(raw)) as GatewayFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== "string") return;
    if (frame.type === "ready") {
      this.reconnectAttempts = 0;
      this.readyFrame = frame;
      this.seqs.clear();
      for (const server of frame.servers ?? [])
        for (const channel of server.channels ?? []) this.seqs.set(channel.id, channel.last_seq);
      for (const dm of frame.dms ?? []) this.seqs.set(dm.id, dm.last_seq);
    } else if (isEventFrame(frame)) {
      if (frame.seq > (this.seqs.get(frame.channel_id) ?? 0))
        this.seqs.set(frame.channel_id, frame.seq);
      if (frame.type === "chat.message" && !("deleted" in frame.new_message))
        this.acknowledge(frame.new_message);
    } else if (frame.type === "error") {
      this.refuse(frame.nonce, frame.code, frame.detail);
    } else {
      this.trackServers(frame);
    }
    this.frameListeners.forEach((listener) => listener(frame));
    // Listeners first: a channel view that reacts to `ready` sees it before "online" is shown.
    if (frame.type === "ready") this.setStatus("online");
  }

  /** Keeps the covered channels in step with joins, leaves and channel changes. */
  private trackServers(frame: GatewayFrame): void {
    const ready = this.readyFrame;
    if (!ready) return;
    if (frame.type === "member.join" && frame.server && frame.user.id === ready.user.id) {
      ready.servers = [...ready.servers.filter((s) => s.id !== frame.server_id), frame.server];
      for (const channel of frame.server.channels) this.seqs.set(channel.id, channel.last_seq);
    } else if (frame.type === "member.leave" && frame.user_id === ready.user.id) {
      const gone = ready.servers.find((s) => s.id === frame.server_id);
      gone?.channels.forEach((channel) => this.seqs.delete(channel.id));
      ready.servers = ready.servers.filter((s) => s.id !== frame.server_id);
    } else if (frame.type === "server.delete") {
      const gone = ready.servers.find((s) => s.id === frame.server_id);
      gone?.channels.forEach((channel) => this.seqs.delete(channel.id));
      ready.servers = ready.servers.filter((s) => s.id !== frame.server_id);
    } else if (frame.type === "channel.create" || frame.type === "channel.update") {
      const server = ready.servers.find((s) => s.id === frame.server_id);
      if (!server) return;
      server.channels = [
        ...server.channels.filter((c) => c.id !== frame.channel.id),
        frame.channel,
      ];
      if (!this.seqs.has(frame.channel.id))
        this.seqs.set(frame.channel.id, frame.channel.last_seq ?? 0);
    } else if (frame.type === "channel.delete") {
      const server = ready.servers.find((s) => s.id === frame.server_id);
      if (server) server.channels = server.channels.filter((c) => c.id !== frame.channel_id);
      this.seqs.delete(frame.channel_id);
    } else if (frame.type === "dm.create") {
      // The gateway follows a new DM at once (SPEC §9).
      ready.dms = [...ready.dms.filter((d) => d.id !== frame.channel.id), frame.channel];
      if (!this.seqs.has(frame.channel.id)) this.seqs.set(frame.channel.id, frame.channel.last_seq);
    } else if (frame.type === "dm.delete") {
      ready.dms = ready.dms.filter((d) => d.id !== frame.channel_id);
      this.seqs.delete(frame.channel_id);
    }
  }

  private acknowledge(message: ChatMessage): void {
    const pending = message.nonce ? this.pending.get(message.nonce) : undefined;
    if (!pending || !message.nonce) return;
    this.pending.delete(message.nonce);
    clearTimeout(pending.timer);
    pending.resolve(message);
  }

  private refuse(nonce: string | undefined, code: string, detail: string): void {
    const pending = nonce ? this.pending.get(nonce) : undefined;
    if (!pending || !nonce) return;
    this.pending.delete(nonce);
    clearTimeout(pending.timer);
    pending.reject(new ChatSendError(code, SEND_ERROR_TEXT[code] ?? detail));
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    pending.forEach((p) => {
      clearTimeout(p.timer);
      p.reject(error);
    });
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}
