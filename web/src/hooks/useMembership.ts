import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { ApiError, userMessage } from "../services/apiErrors";

export interface Membership {
  isMember: boolean | null;
  busy: boolean;
  error: string | null;
  join(): Promise<void>;
  leave(): Promise<void>;
}

/** Whether the current user belongs to a server, and joining/leaving it (SPEC §2). */
export function useMembership(serverId: number, onChange?: () => void): Membership {
  const { api } = useAuth();
  const [isMember, setIsMember] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/membership/${serverId}/membership/`;

  useEffect(() => {
    let cancelled = false;
    setIsMember(null);
    setError(null);
    api
      .get<{ is_member: boolean }>(`${base}is_member/`)
      .then((body) => !cancelled && setIsMember(body.is_member))
      .catch((failure) => !cancelled && setError(userMessage(failure)));
    return () => {
      cancelled = true;
    };
  }, [api, base]);

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
  };
}
