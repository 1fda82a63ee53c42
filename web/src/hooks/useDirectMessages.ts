import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { useGatewayFrames } from "../context/GatewayContext";
import { userMessage } from "../services/apiErrors";
import { applyDmFrame, sortDms } from "../services/directMessages";
import type { DmChannel } from "../types/api";

export interface DirectMessages {
  dms: readonly DmChannel[] | undefined;
  error: string | null;
  reload(): void;
  /** Puts a DM the user just opened or changed into the list at once. */
  remember(dm: DmChannel): void;
}

/**
 * The user's DM list (`GET /api/users/@me/channels/`), kept live by the gateway: dm.create,
 * dm.update and dm.delete, and new messages reordering it. A reconnect's `ready` reloads it.
 */
export function useDirectMessages(): DirectMessages {
  const { api } = useAuth();
  const [dms, setDms] = useState<readonly DmChannel[]>();
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    api
      .get<DmChannel[]>("/api/users/@me/channels/", controller.signal)
      .then((list) => setDms(sortDms(list)))
      .catch((failure) => {
        if (!controller.signal.aborted) setError(userMessage(failure));
      });
    return () => controller.abort();
  }, [api, generation]);

  useGatewayFrames((frame) => {
    if (frame.type === "ready") setGeneration((g) => g + 1);
    else setDms((current) => (current ? applyDmFrame(current, frame) : current));
  });

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const remember = useCallback(
    (dm: DmChannel) =>
      setDms((current) => applyDmFrame(current ?? [], { type: "dm.update", channel: dm })),
    [],
  );
  return { dms, error, reload, remember };
}
