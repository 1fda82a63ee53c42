import type { ChatMessage } from "../types/api";

/** What the search panel asks for (SPEC §13). */
export interface SearchFilters {
  q: string;
  /** The whole server, or only the open channel (always the channel in a DM). */
  scope: "server" | "channel";
  has: "" | "attachment" | "link";
  /** Only messages by this user id. */
  authorId: number | null;
  /** Only messages that mention this user id. */
  mentionsId: number | null;
}

export interface SearchPage {
  total_results: number;
  messages: ChatMessage[];
}

/** The server answers at most this many per page. */
export const SEARCH_PAGE_SIZE = 25;

/** Whether the filters ask for anything (text, or a filter the server accepts alone). */
export function searchable(filters: SearchFilters): boolean {
  return (
    filters.q.trim() !== "" ||
    filters.has !== "" ||
    filters.authorId !== null ||
    filters.mentionsId !== null
  );
}

/** The route and query of one page of results, newest first. */
export function searchPath(
  filters: SearchFilters,
  where: { serverId: number | null; channelId: number },
  offset = 0,
): string {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q) params.set("q", q);
  if (filters.has) params.set("has", filters.has);
  if (filters.authorId !== null) params.set("author_id", String(filters.authorId));
  if (filters.mentionsId !== null) params.set("mentions", String(filters.mentionsId));
  params.set("limit", String(SEARCH_PAGE_SIZE));
  if (offset > 0) params.set("offset", String(offset));
  const base =
    filters.scope === "server" && where.serverId !== null
      ? `/api/servers/${where.serverId}/messages/search/`
      : `/api/channels/${where.channelId}/messages/search/`;
  return `${base}?${params}`;
}

/** "3 results", "1 result", "No results". */
export function resultCount(total: number): string {
  if (total === 0) return "No results";
  return `${total.toLocaleString()} ${total === 1 ? "result" : "results"}`;
}
