// Test doubles for the gateway's transport and for a channel's REST routes: an in-memory
// channel with a real event log (seq, trimming), so the client logic runs against the same
// rules the server follows.
import type { ChatMessage, EventFrame, EventPage, ReadyFrame } from "../types/api";
import { ApiError } from "./apiErrors";
import type { ChannelRest, MessageQuery } from "./channelSync";
import type { SocketLike } from "./gatewayConnection";
import { applyEvent } from "./messageEvents";

/** A WebSocket double the test drives by hand: open it, push frames, close it with a code. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

export const message = (id: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  sender: "bob",
  sender_id: 2,
  content: `message ${id}`,
  timestamp: new Date(Date.UTC(2026, 10, 28, 10, id)).toISOString(),
  channel_id: 7,
  edited_at: null,
  reply_to: null,
  mentions: [],
  mention_everyone: false,
  reactions: [],
  attachments: [],
  ...extra,
});

export function readyFrame(channels: { id: number; last_seq: number }[], userId = 1): ReadyFrame {
  return {
    type: "ready",
    user: { id: userId, username: "alice" },
    servers: [
      {
        id: 3,
        name: "Retro Arcade",
        icon: null,
        owner: userId,
        channels: channels.map((c) => ({
          id: c.id,
          name: `channel-${c.id}`,
          topic: null,
          last_message_id: null,
          last_seq: c.last_seq,
          permissions: "0",
        })),
      },
    ],
    dms: [],
    read_states: [],
  };
}

/**
 * One channel as the server keeps it: messages, and the log of every event with its seq.
 * `post`, `edit`, `react`... change it and return the frame the sockets would get; `trimBefore`
 * forgets old events so that asking for them gives 410.
 */
export class FakeChannel implements ChannelRest {
  messagesHeld: ChatMessage[] = [];
  log: EventFrame[] = [];
  trimmedThrough = 0;
  requests: string[] = [];
  private nextId = 1;

  constructor(readonly channelId = 7) {}

  get lastSeq(): number {
    return this.log.length ? this.log[this.log.length - 1].seq : this.trimmedThrough;
  }

  private record(frame: Omit<EventFrame, "seq" | "channel_id">): EventFrame {
    const event = { ...frame, channel_id: this.channelId, seq: this.lastSeq + 1 } as EventFrame;
    this.log.push(event);
    this.messagesHeld = applyEvent(this.messagesHeld, event, { myUserId: null, acceptNew: true });
    return event;
  }

  post(extra: Partial<ChatMessage> = {}): EventFrame {
    const id = this.nextId++;
    return this.record({ type: "chat.message", new_message: message(id, extra) } as EventFrame);
  }

  editMessage(id: number, content: string): EventFrame {
    const held = this.messagesHeld.find((m) => m.id === id)!;
    return this.record({
      type: "chat.message_update",
      message: { ...held, content, edited_at: "2026-11-28T11:00:00.000000Z" },
    } as EventFrame);
  }

  deleteMessage(id: number): EventFrame {
    return this.record({ type: "chat.message_delete", id } as EventFrame);
  }

  reaction(messageId: number, emoji: string, userId: number, add = true): EventFrame {
    return this.record({
      type: add ? "chat.reaction_add" : "chat.reaction_remove",
      message_id: messageId,
      emoji,
      user_id: userId,
    } as EventFrame);
  }

  trimBefore(seq: number): void {
    this.log = this.log.filter((e) => e.seq >= seq);
    this.trimmedThrough = seq - 1;
  }

  async messages({ before, after, around, limit }: MessageQuery): Promise<ChatMessage[]> {
    this.requests.push(`messages ${JSON.stringify({ before, after, around, limit })}`);
    const all = this.messagesHeld;
    if (around !== undefined) {
      const at = all.findIndex((m) => m.id >= around);
      const start = Math.max(0, at - Math.floor(limit / 2));
      return all.slice(start, start + limit);
    }
    if (after !== undefined) return all.filter((m) => m.id > after).slice(0, limit);
    const older = before === undefined ? all : all.filter((m) => m.id < before);
    return older.slice(-limit);
  }

  async events(afterSeq: number, limit: number): Promise<EventPage> {
    this.requests.push(`events ${afterSeq} ${limit}`);
    if (afterSeq < this.trimmedThrough)
      throw new ApiError(410, { detail: "Events trimmed.", code: "resync_required" });
    return {
      events: this.log.filter((e) => e.seq > afterSeq).slice(0, limit),
      last_seq: this.lastSeq,
    };
  }

  async edit(): Promise<ChatMessage> {
    throw new Error("not used");
  }
  async remove(): Promise<void> {}
  async react(): Promise<void> {}
}
