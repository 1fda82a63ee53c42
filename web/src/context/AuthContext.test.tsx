import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResponse, TOKEN_NOT_VALID } from "../services/testResponses";
import { AuthProvider, useAuth } from "./AuthContext";
import type { AuthContextValue } from "./AuthContext";

let auth: AuthContextValue;
function Probe() {
  auth = useAuth();
  const location = useLocation();
  return (
    <p>
      {auth.status}:{auth.user?.username ?? "-"}@{location.pathname}
    </p>
  );
}

function renderAt(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <Routes>
          <Route path="*" element={<Probe />} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

afterEach(cleanup);

describe("AuthProvider", () => {
  it("asks the server who is logged in instead of trusting local storage", async () => {
    localStorage.setItem("isLoggedIn", "true");
    vi.spyOn(globalThis, "fetch").mockImplementation(async (url) =>
      String(url).endsWith("/api/token/refresh/")
        ? jsonResponse(401, TOKEN_NOT_VALID)
        : jsonResponse(401, { detail: "Authentication credentials were not provided." }),
    );
    renderAt("/");
    await screen.findByText("anonymous:-@/");
  });

  it("logs out everywhere and goes to /login when the refresh is refused", async () => {
    let sessionAlive = true;
    const fetchMock = vi.spyOn(globalThis, "fetch").mockImplementation(async (url) => {
      const path = String(url);
      if (path.endsWith("/api/account/me/"))
        return jsonResponse(200, { id: 1, username: "alice", date_joined: "", is_staff: false });
      if (path.endsWith("/api/token/refresh/"))
        return jsonResponse(401, {
          detail: "Token is invalid or expired",
          code: "token_not_valid",
        });
      return sessionAlive ? jsonResponse(200, []) : jsonResponse(401, TOKEN_NOT_VALID);
    });
    renderAt("/server/1/2");
    await screen.findByText("authenticated:alice@/server/1/2");

    sessionAlive = false;
    const storageEvents: string[] = [];
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    await act(async () => {
      await Promise.allSettled([auth.api.get("/api/a/"), auth.api.get("/api/b/")]);
    });
    await waitFor(() => expect(screen.getByText("anonymous:-@/login")).toBeTruthy());
    const refreshCalls = fetchMock.mock.calls.filter(([url]) =>
      String(url).endsWith("/api/token/refresh/"),
    );
    expect(refreshCalls).toHaveLength(1);
    setItem.mock.calls.forEach(
      ([key, value]) => key === "parley.session-event" && storageEvents.push(value.split(":")[0]),
    );
    expect(storageEvents).toEqual(["logout"]);
  });

  it("follows a logout made in another tab", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      jsonResponse(200, { id: 2, username: "bob", date_joined: "", is_staff: false }),
    );
    renderAt("/server/3");
    await screen.findByText("authenticated:bob@/server/3");
    act(() => {
      window.dispatchEvent(
        new StorageEvent("storage", {
          key: "parley.session-event",
          newValue: `logout:${Date.now()}`,
        }),
      );
    });
    await screen.findByText("anonymous:-@/login");
  });
});
