import { useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { useGatewayFrames } from "../context/GatewayContext";
import type { PresenceStatus, UserPresence } from "../types/api";

/** The DM list's statuses are read again this often while it is on screen. */
export const DM_PRESENCE_REFRESH_MS = 30_000;

const NONE: ReadonlyMap<number, PresenceStatus> = new Map();

/**
 * What others see of my DM partners (SPEC §11). The server pushes presence.update only to
 * member-list subscribers, so the statuses are read from `GET /api/users/@me/dm-presences/`:
 * when the list shows, on every `ready` and `dm.create`, and every 30 s; a presence.update
 * that reaches this client anyway (a partner in the server on screen) is taken at once.
 */
export function useDmPresence(): ReadonlyMap<number, PresenceStatus> {
  const { api } = useAuth();
  const [statuses, setStatuses] = useState(NONE);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const read = () =>
      api
        .get<UserPresence[]>("/api/users/@me/dm-presences/", controller.signal)
        .then((list) => setStatuses(new Map(list.map((p) => [p.user_id, p.status]))))
        .catch(() => {
          // Offline: the dots keep what they showed; the next read or ready corrects them.
        });
    void read();
    const timer = setInterval(() => void read(), DM_PRESENCE_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api, generation]);

  useGatewayFrames((frame) => {
    if (frame.type === "ready" || frame.type === "dm.create") setGeneration((g) => g + 1);
    else if (frame.type === "presence.update")
      setStatuses((current) =>
        current.has(frame.user_id) && current.get(frame.user_id) !== frame.status
          ? new Map(current).set(frame.user_id, frame.status)
          : current,
      );
  });
  return statuses;
}
