import { ApiError, NetworkError } from "./apiErrors";
import { singleFlight } from "./singleFlight";

export interface RequestOptions {
  method?: string;
  /** JSON-serialised unless it is FormData (multipart uploads). */
  body?: unknown;
  /** Don't try a token refresh on 401 (login, register, refresh and logout themselves). */
  skipRefresh?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `X-Audit-Log-Reason`). */
  headers?: Record<string, string>;
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** Ask for new tokens; concurrent callers share one request. Rejects when the session is over. */
  refreshSession(): Promise<void>;
}

export interface ApiClientOptions {
  baseUrl: string;
  fetchImpl?: typeof fetch;
  /** Called once per failed refresh: the session is gone, the app must log out. */
  onSessionExpired: () => void;
}

export const REFRESH_PATH = "/api/token/refresh/";

/**
 * fetch() with cookies, JSON, typed errors and transparent token renewal. The access token lives
 * in an HttpOnly cookie the page cannot read; when it has expired the server answers 401, the
 * client refreshes (one refresh shared by all requests) and retries the request once. A second
 * 401 is returned as an error, so a persistent 401 can never loop.
 */
export function createApiClient({
  baseUrl,
  fetchImpl = (...args) => fetch(...args),
  onSessionExpired,
}: ApiClientOptions): ApiClient {
  async function send<T>(path: string, options: RequestOptions): Promise<T> {
    const isForm = typeof FormData !== "undefined" && options.body instanceof FormData;
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (options.body !== undefined && !isForm) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + path, {
        method: options.method ?? "GET",
        credentials: "include",
        headers,
        body: isForm
          ? (options.body as FormData)
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new NetworkError(error);
    }
    const data = await readBody(response);
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      throw new ApiError(
        response.status,
        data,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      );
    }
    return data as T;
  }

  const refreshSession = singleFlight(async () => {
    try {
      await send(REFRESH_PATH, { method: "POST", body: {}, skipRefresh: true });
    } catch (error) {
      // Only a definite "no" from the server ends the session; a network blip does not.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        onSessionExpired();
      }
      throw error;
    }
  });

  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await send<T>(path, options);
    } catch (error) {
      if (options.skipRefresh || !(error instanceof ApiError) || error.status !== 401) throw error;
      await refreshSession();
      return send<T>(path, options);
    }
  }

  return {
    request,
    get: (path, signal) => request(path, { signal }),
    refreshSession,
  };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
