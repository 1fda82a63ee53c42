// Shapes of the JSON the Parley API returns (SPEC §1–3, docs/API.md).

export interface User {
  id: number;
  username: string;
}

export interface Category {
  id: number;
  name: string;
  description: string | null;
  icon: string | null;
}

export interface Channel {
  id: number;
  name: string;
  topic: string | null;
  owner: number | string;
  server: number;
}

export interface Server {
  id: number;
  num_members?: number;
  channel_server: Channel[];
  category: string;
  name: string;
  description: string | null;
  banner: string | null;
  icon: string | null;
  owner: number | string;
  /** SPEC §10: a private server is joined only through an invite (absent from older servers). */
  visibility?: ServerVisibility;
}

export type ServerVisibility = "public" | "private";

/** What a message quotes when it replies: the original, or a tombstone once it is deleted. */
export type ReplyRef =
  | { id: number; sender: string; sender_id: number; content: string; deleted?: undefined }
  | { id: number; deleted: true };

export interface Reaction {
  emoji: string;
  count: number;
  /** Whether the logged-in user is among the reactors (always false in WebSocket frames). */
  me: boolean;
}

/** A message object (SPEC §7), REST and WebSocket alike. */
export interface ChatMessage {
  id: number;
  sender: string;
  sender_id: number;
  content: string;
  timestamp: string;
  channel_id: number;
  edited_at?: string | null;
  reply_to?: ReplyRef | null;
  mentions?: number[];
  mention_everyone?: boolean;
  reactions?: Reaction[];
  attachments?: Attachment[];
  /** Echoed on live frames to the sender's own sockets when it chose one. */
  nonce?: string;
}

/** A file attached to a message (SPEC §12); width, height and thumbnail only for images. */
export interface Attachment {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  url: string;
  width?: number;
  height?: number;
  thumbnail_url?: string;
}

/** A message deleted since the event was logged, as replayed events show it (SPEC §6). */
export interface DeletedMessage {
  id: number;
  deleted: true;
}

export interface ReadyChannel {
  id: number;
  name: string;
  topic: string | null;
  last_message_id: number | null;
  last_seq: number;
  /** Discord permission bits as a decimal string. */
  permissions: string;
}

export interface ReadyServer {
  id: number;
  name: string;
  icon: string | null;
  owner: number;
  channels: ReadyChannel[];
}

/** A direct message channel as the viewer sees it (SPEC §9): recipients are everyone else. */
export interface DmChannel {
  id: number;
  type: "dm" | "group";
  name: string | null;
  owner: number | null;
  recipients: User[];
  last_message_id: number | null;
  last_seq: number;
}

export interface ReadyFrame {
  type: "ready";
  user: User;
  servers: ReadyServer[];
  dms: DmChannel[];
  read_states: ReadState[];
  /** The server's configuration clients check against (absent from older servers). */
  limits?: { max_upload_bytes: number };
}

/** How far the user has read a channel, and the messages after that mentioning them (SPEC §8). */
export interface ReadState {
  channel_id: number;
  last_read_id: number;
  mention_count: number;
}

/** Another device (or this one) moved the read mark of a channel. */
export interface ReadAckFrame extends ReadState {
  type: "read.ack";
}

/** Channel events: each carries the channel's next `seq` (SPEC §6). */
export type EventFrame =
  | {
      type: "chat.message";
      channel_id: number;
      seq: number;
      new_message: ChatMessage | DeletedMessage;
    }
  | {
      type: "chat.message_update";
      channel_id: number;
      seq: number;
      message: ChatMessage | DeletedMessage;
    }
  | { type: "chat.message_delete"; channel_id: number; seq: number; id: number }
  | {
      type: "chat.reaction_add" | "chat.reaction_remove";
      channel_id: number;
      seq: number;
      message_id: number;
      emoji?: string;
      user_id?: number;
      deleted?: true;
    };

/** Frames about the user's servers rather than one channel's history (no seq). */
export type UserFrame =
  | { type: "member.join"; server_id: number; user: User; server?: ReadyServer }
  | { type: "member.leave"; server_id: number; user_id: number }
  | { type: "member.update"; server_id: number; user_id: number; roles: number[] }
  | { type: "role.create" | "role.update"; server_id: number; role: Role }
  | { type: "role.delete"; server_id: number; role_id: number }
  | { type: "channel.create" | "channel.update"; server_id: number; channel: ReadyChannel }
  | { type: "channel.delete"; server_id: number; channel_id: number }
  | { type: "server.update"; server: Omit<ReadyServer, "channels"> }
  | { type: "server.delete"; server_id: number }
  | { type: "dm.create" | "dm.update"; channel: DmChannel }
  | { type: "dm.delete"; channel_id: number };

export interface TypingFrame {
  type: "typing";
  channel_id: number;
  user: string;
  user_id: number;
}

export interface ErrorFrame {
  type: "error";
  code: string;
  detail: string;
  nonce?: string;
  channel_id?: number;
}

/** What a server's member-list subscribers see of a member (SPEC §11). */
export type PresenceStatus = "online" | "idle" | "dnd" | "offline";
/** What a user may choose for themselves; others see "invisible" as "offline". */
export type ChosenStatus = "online" | "idle" | "dnd" | "invisible";

export interface PresenceFrame {
  type: "presence.update";
  user_id: number;
  status: PresenceStatus;
}

/** `GET /api/servers/{id}/roles/`: one role (SPEC §10); `@everyone` has the server's id. */
export interface Role {
  id: number;
  name: string;
  color: number;
  position: number;
  permissions: string;
  hoist: boolean;
  mentionable: boolean;
}

/** `GET /api/users/@me/dm-presences/`: what others see of a DM partner (SPEC §11). */
export interface UserPresence {
  user_id: number;
  status: PresenceStatus;
}

/** `GET /api/servers/{id}/members/`: one member. */
export interface ServerMember {
  user: User;
  roles: number[];
  joined_at: string;
  status: PresenceStatus;
  /** Until when the member may not post (SPEC §10), when the server says. */
  timeout_until?: string | null;
}

/** A channel's permission overwrite for a role (`@everyone`: the server's id) or a member. */
export interface Overwrite {
  id: number;
  type: "role" | "member";
  allow: string;
  deny: string;
}

/** `GET /api/servers/{id}/bans/`. */
export interface Ban {
  user: User;
  reason: string | null;
}

/** `GET|POST /api/servers/{id}/invites/` (SPEC §10). */
export interface Invite {
  code: string;
  server_id: number;
  inviter_id: number | null;
  uses: number;
  max_uses: number;
  expires_at: string | null;
}

/** `GET /api/servers/{id}/audit-log/`: one entry, `changes` as `{"field": [old, new]}`. */
export interface AuditLogEntry {
  id: number;
  action: string;
  actor_id: number | null;
  target_id: number | null;
  reason: string | null;
  changes: Record<string, [unknown, unknown]> | null;
  created_at: string;
}

/** Everything `/ws/gateway` sends. */
export type GatewayFrame =
  ReadyFrame | EventFrame | UserFrame | TypingFrame | ErrorFrame | PresenceFrame | ReadAckFrame;

/** `GET /api/channels/{id}/events/`. */
export interface EventPage {
  events: EventFrame[];
  last_seq: number;
}

/** Validation errors: `{"field": ["message", ...]}`. */
export type FieldErrors = Record<string, string[] | string>;
