import type {
  ChatMessage,
  DeletedMessage,
  GatewayFrame,
  ReadState,
  ReadyFrame,
} from "../types/api";

/** The server counts at most this many mentions per channel; badges then read "100+". */
export const MAX_MENTIONS = 100;

/** What the client knows of one channel's reading state (SPEC §8). */
export interface ChannelReadState {
  /** Null for a DM (no server). */
  serverId: number | null;
  lastMessageId: number;
  lastReadId: number;
  mentions: number;
}

export interface Unread {
  unread: boolean;
  mentions: number;
}

const NOTHING: Unread = { unread: false, mentions: 0 };

function isLive(message: ChatMessage | DeletedMessage): message is ChatMessage {
  return !("deleted" in message && message.deleted === true);
}

/**
 * Where "mark unread" from a message puts the mark: the id of the message just before it on
 * the page (null when it is the first loaded, or not on the page).
 */
export function markBefore(messages: readonly { id: number }[], messageId: number): number | null {
  const index = messages.findIndex((m) => m.id === messageId);
  return index > 0 ? messages[index - 1].id : null;
}

/** Whether a new message asks for this user's attention (a mention of them or of everyone). */
export function mentionsMe(message: ChatMessage, myUserId: number): boolean {
  if (message.sender_id === myUserId) return false;
  return message.mention_everyone === true || (message.mentions ?? []).includes(myUserId);
}

/**
 * Read states of every channel the user can see, kept from `ready` (channels with their
 * `last_message_id`, and `read_states`), `read.ack` frames (any device of the user) and live
 * messages: a message in a channel not on screen counts as a mention when it mentions the user
 * or everyone. Edits and deletes after the read mark may change what the server counts, so they
 * ask for a `resync` of that channel (the owner fetches the truth) instead of guessing: no ghost
 * unreads.
 */
export class ReadStates {
  private channels = new Map<number, ChannelReadState>();
  /** Read states of `ready` for channels not tracked yet (DMs tracked later pick them up). */
  private readyReads = new Map<number, ReadState>();
  private listeners = new Set<() => void>();
  private visible: number | null = null;
  /**
   * Channels marked unread by hand, with the mark they were set to: while the user stays in
   * one, reading it does not ack (it would undo the choice at once); leaving it, or posting in
   * it, lets go.
   */
  private held = new Map<number, number>();
  private versionValue = 0;

  constructor(
    private readonly myUserId: number,
    /** Asked to fetch the server's read state and newest message of a channel. */
    private readonly resync: (channelId: number) => void = () => {},
  ) {}

  get version(): number {
    return this.versionValue;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.versionValue += 1;
    for (const listener of this.listeners) listener();
  }

  channel(channelId: number): ChannelReadState | undefined {
    return this.channels.get(channelId);
  }

  /** Unread and mentions of one channel (a DM's too: channel ids are global). */
  unreadOf(channelId: number): Unread {
    const state = this.channels.get(channelId);
    if (!state) return NOTHING;
    return { unread: state.lastMessageId > state.lastReadId, mentions: state.mentions };
  }

  /** A server is unread when one of its channels is; its mentions are their sum. */
  unreadOfServer(serverId: number): Unread {
    let unread = false;
    let mentions = 0;
    for (const state of this.channels.values()) {
      if (state.serverId !== serverId) continue;
      unread ||= state.lastMessageId > state.lastReadId;
      mentions += state.mentions;
    }
    return { unread, mentions };
  }

  /** Unread mentions everywhere (the document title shows them). */
  totalMentions(): number {
    let total = 0;
    for (const state of this.channels.values()) total += state.mentions;
    return total;
  }

  /** The channel on screen: its new messages are being read, they do not count as mentions. */
  setVisible(channelId: number | null): void {
    if (channelId !== this.visible) this.held.clear();
    this.visible = channelId;
  }

  /** "Mark unread" (SPEC §8): the mark moves back to lastReadId here (the server's read.ack
   * then brings its mention count) and stays there while the channel is on screen. */
  markUnread(channelId: number, lastReadId: number): void {
    const state = this.channels.get(channelId);
    if (!state) return;
    state.lastReadId = lastReadId;
    this.held.set(channelId, lastReadId);
    this.changed();
  }

  /** The mark a channel was marked unread to, while that holds (undefined otherwise). */
  heldMark(channelId: number): number | undefined {
    return this.held.get(channelId);
  }

  /** Adds a channel the gateway does not list in `servers` (a DM), or updates its newest id. */
  track(channelId: number, serverId: number | null, lastMessageId: number): void {
    const state = this.channels.get(channelId);
    if (state) state.lastMessageId = Math.max(state.lastMessageId, lastMessageId);
    else {
      const read = this.readyReads.get(channelId);
      this.channels.set(channelId, {
        serverId,
        lastMessageId,
        lastReadId: read?.last_read_id ?? 0,
        mentions: read?.mention_count ?? 0,
      });
    }
    this.changed();
  }

  /** The server's word for one channel (a read state, and its newest message when known). */
  setFromServer(
    channelId: number,
    read: { last_read_id: number; mention_count: number } | null,
    lastMessageId?: number,
  ): void {
    const state = this.channels.get(channelId);
    if (!state) return;
    if (read) {
      state.lastReadId = read.last_read_id;
      state.mentions = read.mention_count;
    }
    if (lastMessageId !== undefined) state.lastMessageId = lastMessageId;
    this.changed();
  }

  /** Marks read locally up to messageId (the ack's read.ack then confirms it). */
  markRead(channelId: number, messageId: number): void {
    const state = this.channels.get(channelId);
    if (!state || messageId <= state.lastReadId || this.held.has(channelId)) return;
    state.lastReadId = messageId;
    if (messageId >= state.lastMessageId) state.mentions = 0;
    this.changed();
  }

  apply(frame: GatewayFrame): void {
    switch (frame.type) {
      case "ready":
        this.applyReady(frame);
        return;
      case "read.ack":
        this.setFromServer(frame.channel_id, frame);
        return;
      case "chat.message":
        this.applyMessage(frame.channel_id, frame.new_message);
        return;
      case "chat.message_update":
      case "chat.message_delete": {
        const id = frame.type === "chat.message_delete" ? frame.id : frame.message.id;
        const state = this.channels.get(frame.channel_id);
        if (state && id > state.lastReadId) this.resync(frame.channel_id);
        return;
      }
      case "channel.create":
        this.track(frame.channel.id, frame.server_id, frame.channel.last_message_id ?? 0);
        return;
      case "channel.delete":
      case "dm.delete":
        this.channels.delete(frame.channel_id);
        this.changed();
        return;
      case "dm.create":
        this.track(frame.channel.id, null, frame.channel.last_message_id ?? 0);
        return;
      case "member.join":
        if (frame.server && frame.user.id === this.myUserId) {
          // Joining reads what was there (the server starts the read state at its newest).
          for (const channel of frame.server.channels) {
            const last = channel.last_message_id ?? 0;
            this.channels.set(channel.id, {
              serverId: frame.server_id,
              lastMessageId: last,
              lastReadId: last,
              mentions: 0,
            });
          }
          this.changed();
        }
        return;
      case "member.leave":
        if (frame.user_id === this.myUserId) this.forgetServer(frame.server_id);
        return;
      case "server.delete":
        this.forgetServer(frame.server_id);
        return;
    }
  }

  private forgetServer(serverId: number): void {
    for (const [id, state] of this.channels)
      if (state.serverId === serverId) this.channels.delete(id);
    this.changed();
  }

  private applyReady(ready: ReadyFrame): void {
    const reads = new Map(ready.read_states.map((s) => [s.channel_id, s]));
    this.readyReads = reads;
    const dms = new Map<number, ChannelReadState>();
    for (const [id, state] of this.channels) if (state.serverId === null) dms.set(id, state);
    this.channels = dms;
    for (const server of ready.servers) {
      for (const channel of server.channels) {
        const read = reads.get(channel.id);
        this.channels.set(channel.id, {
          serverId: server.id,
          lastMessageId: channel.last_message_id ?? 0,
          lastReadId: read?.last_read_id ?? 0,
          mentions: read?.mention_count ?? 0,
        });
      }
    }
    for (const dm of ready.dms) {
      const read = reads.get(dm.id);
      this.channels.set(dm.id, {
        serverId: null,
        lastMessageId: dm.last_message_id ?? 0,
        lastReadId: read?.last_read_id ?? 0,
        mentions: read?.mention_count ?? 0,
      });
    }
    for (const [id, read] of reads) {
      const state = this.channels.get(id);
      if (state && state.serverId === null) {
        state.lastReadId = read.last_read_id;
        state.mentions = read.mention_count;
      }
    }
    this.changed();
  }

  private applyMessage(channelId: number, message: ChatMessage | DeletedMessage): void {
    const state = this.channels.get(channelId);
    if (!state || !isLive(message)) return;
    state.lastMessageId = Math.max(state.lastMessageId, message.id);
    // Posting in a channel marked unread means reading it again.
    if (message.sender_id === this.myUserId) this.held.delete(channelId);
    // My own messages never count as mentions. They do not move the mark here either: the
    // device that sent one acks it once it is seen (it scrolls into view), and the read.ack
    // tells the others; moving it locally would keep that ack from being sent.
    if (this.visible !== channelId && mentionsMe(message, this.myUserId)) {
      state.mentions = Math.min(MAX_MENTIONS, state.mentions + 1);
    }
    this.changed();
  }
}
