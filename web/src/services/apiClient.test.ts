import { describe, expect, it, vi } from "vitest";
import { createApiClient, REFRESH_PATH } from "./apiClient";
import { ApiError, NetworkError } from "./apiErrors";
import { jsonResponse, TOKEN_NOT_VALID } from "./testResponses";

/** A fake server whose access token is expired until one refresh succeeds. */
function expiredSessionServer({ refreshSucceeds }: { refreshSucceeds: boolean }) {
  let tokenValid = false;
  const calls: string[] = [];
  let releaseRefresh!: () => void;
  const refreshGate = new Promise<void>((resolve) => (releaseRefresh = resolve));
  const fetchImpl = vi.fn(async (url: RequestInfo | URL) => {
    const path = String(url);
    calls.push(path);
    if (path === REFRESH_PATH) {
      await refreshGate;
      if (!refreshSucceeds)
        return jsonResponse(401, {
          detail: "Token is invalid or expired",
          code: "token_not_valid",
        });
      tokenValid = true;
      return jsonResponse(200, {});
    }
    return tokenValid ? jsonResponse(200, { path }) : jsonResponse(401, TOKEN_NOT_VALID);
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls, releaseRefresh };
}

describe("api client token refresh", () => {
  it("answers concurrent 401s with exactly one refresh, then retries each request once", async () => {
    const server = expiredSessionServer({ refreshSucceeds: true });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ baseUrl: "", fetchImpl: server.fetchImpl, onSessionExpired });

    const pending = ["/api/a/", "/api/b/", "/api/c/", "/api/d/", "/api/e/"].map((path) =>
      api.get<{ path: string }>(path),
    );
    await vi.waitFor(() => expect(server.calls.filter((c) => c === REFRESH_PATH)).toHaveLength(1));
    server.releaseRefresh();
    const results = await Promise.all(pending);

    expect(results.map((r) => r.path)).toEqual([
      "/api/a/",
      "/api/b/",
      "/api/c/",
      "/api/d/",
      "/api/e/",
    ]);
    expect(server.calls.filter((c) => c === REFRESH_PATH)).toHaveLength(1);
    // 5 first tries + 1 refresh + 5 retries.
    expect(server.calls).toHaveLength(11);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it("logs out once when the refresh is refused, and every waiting request fails", async () => {
    const server = expiredSessionServer({ refreshSucceeds: false });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ baseUrl: "", fetchImpl: server.fetchImpl, onSessionExpired });

    const pending = [api.get("/api/a/"), api.get("/api/b/"), api.get("/api/c/")];
    server.releaseRefresh();
    const settled = await Promise.allSettled(pending);

    expect(
      settled.every(
        (s) => s.status === "rejected" && s.reason instanceof ApiError && s.reason.status === 401,
      ),
    ).toBe(true);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(server.calls.filter((c) => c === REFRESH_PATH)).toHaveLength(1);
    // No request was retried without new tokens.
    expect(server.calls.filter((c) => c === "/api/a/")).toHaveLength(1);
  });

  it("never loops: a request still refused after a successful refresh fails", async () => {
    const fetchImpl = vi.fn(async (url: RequestInfo | URL) =>
      String(url) === REFRESH_PATH ? jsonResponse(200, {}) : jsonResponse(401, TOKEN_NOT_VALID),
    );
    const api = createApiClient({
      baseUrl: "",
      fetchImpl: fetchImpl as unknown as typeof fetch,
      onSessionExpired: vi.fn(),
    });

    await expect(api.get("/api/stubborn/")).rejects.toMatchObject({ status: 401 });
    expect(fetchImpl.mock.calls.map(([url]) => String(url))).toEqual([
      "/api/stubborn/",
      REFRESH_PATH,
      "/api/stubborn/",
    ]);
  });

  it("does not refresh for 403 or for the auth endpoints themselves", async () => {
    const fetchImpl = vi.fn(async (url: RequestInfo | URL) =>
      String(url) === "/api/token/"
        ? jsonResponse(401, { detail: "No active account" })
        : jsonResponse(403, { detail: "no" }),
    );
    const api = createApiClient({
      baseUrl: "",
      fetchImpl: fetchImpl as unknown as typeof fetch,
      onSessionExpired: vi.fn(),
    });

    await expect(api.get("/api/forbidden/")).rejects.toMatchObject({ status: 403 });
    await expect(
      api.request("/api/token/", { method: "POST", body: {}, skipRefresh: true }),
    ).rejects.toMatchObject({ status: 401 });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it("keeps the session when the refresh fails for lack of network", async () => {
    const onSessionExpired = vi.fn();
    const fetchImpl = vi.fn(async (url: RequestInfo | URL) => {
      if (String(url) === REFRESH_PATH) throw new TypeError("Failed to fetch");
      return jsonResponse(401, TOKEN_NOT_VALID);
    });
    const api = createApiClient({
      baseUrl: "",
      fetchImpl: fetchImpl as unknown as typeof fetch,
      onSessionExpired,
    });

    await expect(api.get("/api/a/")).rejects.toBeInstanceOf(NetworkError);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it("sends cookies, JSON bodies and the configured base URL", async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(201, { ok: true }));
    const api = createApiClient({
      baseUrl: "https://chat.test",
      fetchImpl: fetchImpl as unknown as typeof fetch,
      onSessionExpired: vi.fn(),
    });

    await api.request("/api/servers/", { method: "POST", body: { name: "x" } });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://chat.test/api/servers/");
    expect(init.credentials).toBe("include");
    expect(init.body).toBe('{"name":"x"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });
});
