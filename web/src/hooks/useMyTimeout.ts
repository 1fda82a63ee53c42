import { useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { useGatewayFrames } from "../context/GatewayContext";
import { isTimedOut } from "../services/moderation";
import type { ServerMember } from "../types/api";

/** Longest a browser timer may wait (2^31 - 1 ms); longer timeouts re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Until when a moderator's timeout keeps me from posting and reacting on this server (SPEC
 * §10), or null. Read from my own member entry (`after = my id - 1, limit = 1`), again on every
 * gateway `ready` and whenever a send comes back `timed_out` (a moderator acted meanwhile);
 * cleared by itself when the time comes.
 */
export function useMyTimeout(serverId: number): string | null {
  const { api, user } = useAuth();
  const userId = user?.id;
  const [until, setUntil] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useGatewayFrames((frame) => {
    if (frame.type === "ready" || (frame.type === "error" && frame.code === "timed_out"))
      setGeneration((n) => n + 1);
  });

  useEffect(() => {
    if (userId === undefined) return;
    const controller = new AbortController();
    api
      .get<ServerMember[]>(
        `/api/servers/${serverId}/members/?after=${userId - 1}&limit=1`,
        controller.signal,
      )
      .then((page) => {
        const me = page[0]?.user.id === userId ? page[0] : undefined;
        setUntil(me?.timeout_until ?? null);
      })
      .catch(() => undefined); // unknown: the server still refuses what a timeout forbids
    return () => controller.abort();
  }, [api, serverId, userId, generation]);

  useEffect(() => {
    if (!until || !isTimedOut(until, new Date())) return;
    const wait = Math.min(Date.parse(until) - Date.now() + 50, MAX_TIMER_MS);
    const timer = window.setTimeout(() => {
      if (!isTimedOut(until, new Date())) setUntil(null);
      else setGeneration((n) => n + 1);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [until]);

  return until && isTimedOut(until, new Date()) ? until : null;
}
