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
}

export interface ChatMessage {
  id: number;
  sender: string;
  sender_id?: number;
  content: string;
  timestamp: string;
  channel_id?: number;
  nonce?: string;
}

/** Frames the server sends on the Parley WebSocket path (SPEC §3). */
export type ServerFrame =
  | { type: "chat.message"; new_message: ChatMessage }
  | { type: "error"; code: string; detail: string; nonce?: string }
  | { type: "typing"; user: string };

/** Validation errors: `{"field": ["message", ...]}`. */
export type FieldErrors = Record<string, string[] | string>;
