import { useCallback, useState } from "react";
import { ApiError, userMessage } from "../services/apiErrors";

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `work`, keeping `busy` and `error` for the UI; resolves true when it succeeded. */
  run(work: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
}

/**
 * What the server said about a failed change, in words: its `detail` (a 403's reason, a
 * 404), or its field errors (`{"name": ["..."]}`) as "name: ...".
 */
export function actionMessage(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 400) {
    const fields = Object.entries(failure.fieldErrors)
      .map(([field, value]) => {
        const text = Array.isArray(value) ? value[0] : value;
        return typeof text === "string" ? `${field}: ${text}` : null;
      })
      .filter((line): line is string => line !== null);
    if (fields.length > 0) return fields.join(" ");
  }
  if (failure instanceof ApiError && failure.status === 405)
    return "This server does not support that yet.";
  return userMessage(failure);
}

/** One button's worth of server work: busy while it runs, the server's answer when it fails. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(actionMessage(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
