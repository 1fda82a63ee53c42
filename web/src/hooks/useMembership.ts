import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { ApiError, userMessage } from "../services/apiErrors";

export interface Membership {
  isMember: boolean | null;
  busy: boolean;
  error: string | null;
  join(): Promise<void>;
  leave(): Promise<void>;
  /** Ask the server again (membership changed elsewhere, e.g. in another tab). */
  reload(): void;
}

/** Whether the current user belongs to a server, and joining/leaving it (SPEC §2). */
export function useMembership(serverId: number, onChange?: () => void): Membership {
  const { api } = useAuth();
  const [isMember, setIsMember] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const base = `/api/membership/${serverId}/membership/`;

  useEffect(() => {
    let cancelled = false;
    if (generation === 0) setIsMember(null);
    setError(null);
    api
      .get<{ is_member: boolean }>(`${base}is_member/`)
      .then((body) => !cancelled && setIsMember(body.is_member))
      .catch((failure) => !cancelled && setError(userMessage(failure)));
    return () => {
      cancelled = true;
    };
  }, [api, base, generation]);

  const change = useCallback(
    async (method: "POST" | "DELETE", path: string, memberAfter: boolean) => {
      setBusy(true);
      setError(null);
      try {
        await api.request(path, { method });
        setIsMember(memberAfter);
        onChange?.();
      } catch (failure) {
        // 409 on join: already a member (e.g. joined from another tab) — the goal is reached.
        if (failure instanceof ApiError && failure.status === 409 && memberAfter) setIsMember(true);
        else setError(userMessage(failure));
      } finally {
        setBusy(false);
      }
    },
    [api, onChange],
  );

  return {
    isMember,
    busy,
    error,
    join: () => change("POST", base, true),
    leave: () => change("DELETE", `${base}remove_member/`, false),
    reload: useCallback(() => setGeneration((n) => n + 1), []),
  };
}
