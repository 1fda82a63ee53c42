import type { ChatMessage, EventFrame, EventPage, GatewayFrame } from "../types/api";
import { ApiError, userMessage } from "./apiErrors";
import { ChatSendError, SEND_ERROR_TEXT } from "./gatewayConnection";
import type { GatewayConnection } from "./gatewayConnection";
import {
  applyEvent,
  applyReaction,
  isEventFrame,
  removeMessage,
  upsertMessages,
} from "./messageEvents";

export interface ChannelState {
  /** Unique by id, in id order (the order every client must show). */
  messages: ChatMessage[];
  /** The first page has not arrived yet. */
  loading: boolean;
  hasOlder: boolean;
  /** The view shows an older window (after a jump): newer messages exist below it. */
  hasNewer: boolean;
  loadingOlder: boolean;
  loadingNewer: boolean;
  /** A history request failed (shown above the conversation, with a retry). */
  historyError: string | null;
  /** The channel cannot be opened at all (e.g. it does not exist). */
  fatalError: string | null;
  typingUsers: string[];
}

export interface MessageQuery {
  before?: number;
  after?: number;
  around?: number;
  limit: number;
}

/** The channel's REST routes (SPEC §6–§7), bound to one channel. */
export interface ChannelRest {
  messages(query: MessageQuery): Promise<ChatMessage[]>;
  events(afterSeq: number, limit: number): Promise<EventPage>;
  edit(messageId: number, content: string): Promise<ChatMessage>;
  remove(messageId: number): Promise<void>;
  react(messageId: number, emoji: string, add: boolean): Promise<void>;
}

export type GatewayPort = Pick<
  GatewayConnection,
  "onFrame" | "lastSeq" | "covers" | "isReady" | "sendMessage" | "sendTyping"
>;

export interface ChannelSyncOptions {
  channelId: number;
  myUserId: number | null;
  rest: ChannelRest;
  gateway: GatewayPort;
  onChange(state: ChannelState): void;
  /** How often a channel the gateway does not cover (a visitor's) asks for new events. */
  pollIntervalMs?: number;
  /** How long the first page waits for the gateway's `ready` before loading without it. */
  readyGraceMs?: number;
}

export const PAGE_SIZE = 50;
export const EVENTS_PAGE_SIZE = 100;
const TYPING_SHOW_MS = 5_000;
const CATCH_UP_RETRY_MS = 1_000;
/** New messages kept aside while an older window is shown, to add once the view is back. */
const MAX_SKIPPED = 500;

export const INITIAL_CHANNEL_STATE: ChannelState = {
  messages: [],
  loading: true,
  hasOlder: false,
  hasNewer: false,
  loadingOlder: false,
  loadingNewer: false,
  historyError: null,
  fatalError: null,
  typingUsers: [],
};

/**
 * One open channel kept exact by sequence numbers (SPEC §6). The newest page comes over REST;
 * `appliedSeq` is the channel's seq that page is known to include (the gateway's newest seq for
 * the channel when the page was asked for). Each event is applied once, in seq order: a seq
 * already applied is a duplicate and ignored; a seq beyond the next one reveals a gap, filled
 * from the events route (paged until a short page); a 410 `resync_required` there reloads the
 * newest page. After a reconnect the new `ready` gives the channel's `last_seq`, and anything
 * past `appliedSeq` is caught up the same way. A channel outside the user's servers (read by a
 * visitor) gets no gateway events: it polls the events route instead.
 */
export class ChannelSync {
  private state: ChannelState = INITIAL_CHANNEL_STATE;
  private appliedSeq: number | null = null;
  /** Events received while a page loads or while a gap is being filled, by seq. */
  private held = new Map<number, EventFrame>();
  private syncing = false;
  /** Bumped by every reload of the newest page: older seq work is then void. */
  private seqGeneration = 0;
  /** Bumped by anything that replaces the loaded window (a reload, a jump). */
  private windowGeneration = 0;
  private catchingUp = false;
  private catchUpAgain = false;
  private skipped: ChatMessage[] = [];
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: ChannelSyncOptions) {}

  get channelId(): number {
    return this.options.channelId;
  }

  start(): void {
    this.unsubscribe = this.options.gateway.onFrame((frame) => this.onFrame(frame));
    if (this.options.gateway.isReady) {
      this.followCoverage();
      void this.resync();
    } else {
      // The gateway is still connecting (or offline): show history anyway after a moment; the
      // page is reloaded once `ready` says where the channel's sequence stands.
      this.graceTimer = setTimeout(() => {
        this.graceTimer = null;
        if (this.state.loading && !this.syncing) void this.resync();
      }, this.options.readyGraceMs ?? 1_500);
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.stopPolling();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.typingTimers.forEach((timer) => clearTimeout(timer));
    this.typingTimers.clear();
  }

  /** Reloads the newest page, from scratch (a "Retry" button, "Jump to present", a 410). */
  async resync(): Promise<void> {
    const generation = ++this.seqGeneration;
    ++this.windowGeneration;
    const { gateway, rest, channelId } = this.options;
    this.syncing = true;
    this.held.clear();
    this.skipped = [];
    try {
      const baseline = gateway.covers(channelId)
        ? (gateway.lastSeq(channelId) ?? null)
        : await this.visitorBaseline();
      const page = await rest.messages({ limit: PAGE_SIZE });
      if (this.stopped || generation !== this.seqGeneration) return;
      this.appliedSeq = baseline;
      this.syncing = false;
      this.emit({
        messages: page,
        loading: false,
        hasOlder: page.length >= PAGE_SIZE,
        hasNewer: false,
        historyError: null,
        fatalError: null,
      });
      this.drainHeld();
    } catch (error) {
      if (this.stopped || generation !== this.seqGeneration) return;
      this.syncing = false;
      this.held.clear();
      this.failHistory(error, true);
    }
  }

  async loadOlder(): Promise<void> {
    if (this.state.loadingOlder || !this.state.hasOlder || this.state.loading) return;
    const generation = this.windowGeneration;
    const oldest = this.state.messages[0];
    this.emit({ loadingOlder: true });
    try {
      const page = await this.options.rest.messages({ before: oldest?.id, limit: PAGE_SIZE });
      if (this.stopped || generation !== this.windowGeneration) return;
      this.emit({
        messages: upsertMessages(this.state.messages, page),
        loadingOlder: false,
        hasOlder: page.length >= PAGE_SIZE,
        historyError: null,
      });
    } catch (error) {
      if (this.stopped) return;
      this.emit({ loadingOlder: false });
      this.failHistory(error, false);
    }
  }

  /** After a jump into older history: the next page towards the present. */
  async loadNewer(): Promise<void> {
    if (this.state.loadingNewer || !this.state.hasNewer || this.state.loading) return;
    const generation = this.windowGeneration;
    const newest = this.state.messages[this.state.messages.length - 1];
    this.emit({ loadingNewer: true });
    try {
      const page = await this.options.rest.messages({ after: newest?.id, limit: PAGE_SIZE });
      if (this.stopped || generation !== this.windowGeneration) return;
      const hasNewer = page.length >= PAGE_SIZE;
      let messages = upsertMessages(this.state.messages, page);
      if (!hasNewer) {
        // Back at the present: add what arrived live meanwhile and the page did not have yet.
        const held = new Set(messages.map((m) => m.id));
        messages = upsertMessages(
          messages,
          this.skipped.filter((m) => !held.has(m.id)),
        );
        this.skipped = [];
      }
      this.emit({ messages, loadingNewer: false, hasNewer, historyError: null });
    } catch (error) {
      if (this.stopped) return;
      this.emit({ loadingNewer: false });
      this.failHistory(error, false);
    }
  }

  /**
   * Makes sure a message is loaded, loading the history around it when it is not. Resolves
   * false when it no longer exists.
   */
  async jumpTo(messageId: number): Promise<boolean> {
    if (this.state.messages.some((m) => m.id === messageId)) return true;
    const generation = ++this.windowGeneration;
    this.emit({ loadingOlder: true });
    try {
      const page = await this.options.rest.messages({ around: messageId, limit: PAGE_SIZE });
      if (this.stopped || generation !== this.windowGeneration) return false;
      const newest = page[page.length - 1];
      const current = this.state.messages[this.state.messages.length - 1];
      // The window reaches the present when it holds the newest message we know of.
      const hasNewer = !current || !newest || newest.id < current.id;
      this.emit({
        messages: page,
        loadingOlder: false,
        hasOlder: page.length > 0,
        hasNewer,
        historyError: null,
      });
      return page.some((m) => m.id === messageId);
    } catch (error) {
      if (this.stopped) return false;
      this.emit({ loadingOlder: false });
      this.failHistory(error, false);
      return false;
    }
  }

  async send(content: string, replyTo?: number, attachments?: number[]): Promise<void> {
    const { gateway, channelId } = this.options;
    if (this.state.hasNewer) void this.resync();
    try {
      await gateway.sendMessage({ channelId, content, replyTo, attachments });
    } catch (error) {
      // The gateway knows only the user's servers: to a visitor, "no such channel" means "join".
      if (
        error instanceof ChatSendError &&
        error.code === "not_found" &&
        !gateway.covers(channelId)
      )
        throw new ChatSendError("not_member", SEND_ERROR_TEXT.not_member);
      throw error;
    }
  }

  async edit(messageId: number, content: string): Promise<void> {
    const message = await this.options.rest.edit(messageId, content);
    if (!this.stopped) this.emit({ messages: upsertMessages(this.state.messages, [message]) });
  }

  async remove(messageId: number): Promise<void> {
    await this.options.rest.remove(messageId);
    if (!this.stopped) this.emit({ messages: removeMessage(this.state.messages, messageId) });
  }

  /** Adds or removes the viewer's reaction; the viewer's own reactions are idempotent locally. */
  async react(messageId: number, emoji: string, add: boolean): Promise<void> {
    await this.options.rest.react(messageId, emoji, add);
    const userId = this.options.myUserId;
    if (this.stopped || userId === null) return;
    this.emit({
      messages: applyReaction(this.state.messages, { messageId, emoji, userId, add }, userId),
    });
  }

  notifyTyping(): void {
    this.options.gateway.sendTyping(this.options.channelId);
  }

  private onFrame(frame: GatewayFrame): void {
    if (this.stopped) return;
    const { channelId } = this.options;
    if (isEventFrame(frame)) {
      if (frame.channel_id === channelId && this.options.gateway.covers(channelId))
        this.onEvent(frame);
    } else if (frame.type === "ready") {
      this.followCoverage();
      this.onReady();
    } else if (frame.type === "typing") {
      if (frame.channel_id === channelId && frame.user_id !== this.options.myUserId)
        this.showTyping(frame.user);
    } else if (frame.type === "channel.delete" && frame.channel_id === channelId) {
      this.emit({ fatalError: "This channel doesn't exist any more." });
    } else {
      const wasPolling = this.pollTimer !== null;
      this.followCoverage();
      // Just joined the server: the gateway now carries this channel; catch up from the polls.
      if (wasPolling && this.pollTimer === null) this.catchUpIfBehind();
    }
  }

  private onReady(): void {
    if (this.graceTimer) {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
    if (this.state.loading && !this.syncing) {
      void this.resync();
    } else if (this.appliedSeq === null && this.options.gateway.covers(this.options.channelId)) {
      // The page was loaded before any `ready`: its seq is unknown, so load it again.
      void this.resync();
    } else {
      this.catchUpIfBehind();
    }
  }

  private catchUpIfBehind(): void {
    const { gateway, channelId } = this.options;
    const last = gateway.lastSeq(channelId);
    if (this.syncing || this.appliedSeq === null || last === undefined) return;
    if (last > this.appliedSeq) void this.catchUp();
  }

  private onEvent(frame: EventFrame): void {
    if (this.syncing || this.catchingUp) {
      this.held.set(frame.seq, frame);
      return;
    }
    if (this.appliedSeq === null) {
      this.apply(frame);
      return;
    }
    if (frame.seq <= this.appliedSeq) return;
    if (frame.seq === this.appliedSeq + 1) {
      this.apply(frame);
      this.appliedSeq = frame.seq;
      return;
    }
    this.held.set(frame.seq, frame);
    void this.catchUp();
  }

  /** Fetches every event after `appliedSeq` from the events route, in pages. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    if (this.appliedSeq === null) {
      void this.resync();
      return;
    }
    const generation = this.seqGeneration;
    this.catchingUp = true;
    let failure: unknown = null;
    try {
      do {
        this.catchUpAgain = false;
        for (;;) {
          const from: number = this.appliedSeq!;
          const page = await this.options.rest.events(from, EVENTS_PAGE_SIZE);
          if (this.stopped || generation !== this.seqGeneration) return;
          const events = page.events ?? [];
          for (const frame of events) {
            if (frame.seq !== this.appliedSeq! + 1) continue;
            this.apply(frame);
            this.appliedSeq = frame.seq;
          }
          // A short page is the end; a page that moved nothing on would only repeat itself.
          if (events.length < EVENTS_PAGE_SIZE || this.appliedSeq === from) break;
        }
      } while (this.catchUpAgain);
    } catch (error) {
      failure = error;
    } finally {
      this.catchingUp = false;
    }
    if (this.stopped || generation !== this.seqGeneration) return;
    if (failure === null) {
      if (this.state.historyError) this.emit({ historyError: null });
      this.drainHeld(true);
    } else if (failure instanceof ApiError && failure.status === 410) void this.resync();
    // Otherwise held events stay: the next `ready` (or poll) retries from the same seq.
    else this.failHistory(failure, false);
  }

  /** Applies held events that continue the sequence; a remaining hole is filled by catchUp. */
  private drainHeld(afterCatchUp = false): void {
    if (this.appliedSeq === null) {
      const frames = [...this.held.values()].sort((a, b) => a.seq - b.seq);
      this.held.clear();
      frames.forEach((frame) => this.apply(frame));
      return;
    }
    for (const seq of [...this.held.keys()]) if (seq <= this.appliedSeq) this.held.delete(seq);
    let next = this.held.get(this.appliedSeq + 1);
    while (next) {
      this.held.delete(next.seq);
      this.apply(next);
      this.appliedSeq = next.seq;
      next = this.held.get(this.appliedSeq + 1);
    }
    if (this.held.size === 0) return;
    // Right after a catch-up the route had nothing more: ask again a moment later, not in a loop.
    if (!afterCatchUp) void this.catchUp();
    else if (!this.retryTimer)
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.stopped && this.held.size > 0) void this.catchUp();
      }, CATCH_UP_RETRY_MS);
  }

  private apply(frame: EventFrame): void {
    const acceptNew = !this.state.hasNewer;
    if (!acceptNew && frame.type === "chat.message" && !("deleted" in frame.new_message)) {
      if (this.skipped.length < MAX_SKIPPED) this.skipped.push(frame.new_message);
    }
    if (frame.type === "chat.message" && !("deleted" in frame.new_message))
      this.stopTyping(frame.new_message.sender);
    const messages = applyEvent(this.state.messages, frame, {
      myUserId: this.options.myUserId,
      acceptNew,
    });
    if (messages !== this.state.messages) this.emit({ messages });
  }

  /** Where a visitor's channel stands, from the events route (null when its log is trimmed). */
  private async visitorBaseline(): Promise<number | null> {
    try {
      const page = await this.options.rest.events(0, 1);
      return page.last_seq;
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) return null;
      throw error;
    }
  }

  private followCoverage(): void {
    if (this.options.gateway.covers(this.options.channelId)) this.stopPolling();
    else this.startPolling();
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      if (this.syncing || this.state.fatalError) return;
      if (this.appliedSeq === null) void this.resync();
      else void this.catchUp();
    }, this.options.pollIntervalMs ?? 4_000);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private failHistory(error: unknown, firstPage: boolean): void {
    if (error instanceof ApiError && error.status === 404) {
      this.emit({ loading: false, fatalError: "This channel doesn't exist any more." });
      return;
    }
    this.emit({
      loading: firstPage ? false : this.state.loading,
      historyError: userMessage(error),
    });
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

  private emit(patch: Partial<ChannelState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }
}
