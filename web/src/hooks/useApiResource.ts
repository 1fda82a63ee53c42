import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { ApiError, userMessage } from "../services/apiErrors";

export interface ApiResource<T> {
  data: T | undefined;
  loading: boolean;
  /** What to show the user when the request failed. */
  error: string | null;
  /** HTTP status of the failure, when the server answered. */
  errorStatus: number | null;
  reload(): void;
}

/** GETs `path` (null: nothing to fetch) and re-fetches whenever it changes. */
export function useApiResource<T>(path: string | null): ApiResource<T> {
  const { api } = useAuth();
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(path !== null);
  const [error, setError] = useState<{ message: string; status: number | null } | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (path === null) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<T>(path, controller.signal)
      .then((result) => {
        setData(result);
        setLoading(false);
      })
      .catch((failure) => {
        if (controller.signal.aborted) return;
        setData(undefined);
        setError({
          message: userMessage(failure),
          status: failure instanceof ApiError ? failure.status : null,
        });
        setLoading(false);
      });
    return () => controller.abort();
  }, [api, path, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return {
    data,
    loading,
    error: error?.message ?? null,
    errorStatus: error?.status ?? null,
    reload,
  };
}
