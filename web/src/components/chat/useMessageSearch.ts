import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiClient } from "../../services/apiClient";
import { userMessage } from "../../services/apiErrors";
import { searchable, searchPath } from "../../services/search";
import type { SearchFilters, SearchPage } from "../../services/search";
import type { ChatMessage } from "../../types/api";

export interface MessageSearch {
  filters: SearchFilters;
  /** The panel shows (a search was asked for and not closed). */
  open: boolean;
  loading: boolean;
  error: string | null;
  total: number | null;
  results: ChatMessage[];
  search(q: string): void;
  setFilters(change: Partial<SearchFilters>): void;
  loadMore(): void;
  retry(): void;
  close(): void;
}

/** Search state for one place (a server's channel, or a DM): pages newest first. */
export function useMessageSearch(
  api: ApiClient,
  where: { serverId: number | null; channelId: number },
): MessageSearch {
  const [filters, setFiltersState] = useState<SearchFilters>({
    q: "",
    scope: where.serverId === null ? "channel" : "server",
    has: "",
    authorId: null,
    mentionsId: null,
  });
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [results, setResults] = useState<ChatMessage[]>([]);
  // Answers to superseded searches are dropped.
  const generation = useRef(0);
  const { serverId, channelId } = where;

  const run = useCallback(
    async (asked: SearchFilters, offset: number) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api.get<SearchPage>(searchPath(asked, { serverId, channelId }, offset));
        if (mine !== generation.current) return;
        setTotal(page.total_results);
        setResults((previous) => (offset === 0 ? page.messages : [...previous, ...page.messages]));
      } catch (failure) {
        if (mine === generation.current) setError(userMessage(failure));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, serverId, channelId],
  );

  const [asked, setAsked] = useState<SearchFilters | null>(null);
  useEffect(() => {
    if (asked && searchable(asked)) void run(asked, 0);
  }, [asked, run]);

  const search = useCallback((q: string) => {
    setOpen(true);
    setFiltersState((current) => {
      const next = { ...current, q };
      setAsked(next);
      return next;
    });
  }, []);
  const setFilters = useCallback((change: Partial<SearchFilters>) => {
    setFiltersState((current) => {
      const next = { ...current, ...change };
      setAsked(next);
      return next;
    });
  }, []);
  const loadMore = useCallback(() => {
    if (asked) void run(asked, results.length);
  }, [asked, results.length, run]);
  const retry = useCallback(() => {
    if (asked) void run(asked, 0);
  }, [asked, run]);
  const close = useCallback(() => {
    generation.current++;
    setOpen(false);
    setLoading(false);
  }, []);
  return {
    filters,
    open,
    loading,
    error,
    total,
    results,
    search,
    setFilters,
    loadMore,
    retry,
    close,
  };
}
