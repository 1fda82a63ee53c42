import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "./apiClient";
import { ApiError, NetworkError } from "./apiErrors";
import {
  createAuthService,
  INVALID_CREDENTIALS,
  loginErrors,
  registerErrors,
  USERNAME_TAKEN,
} from "./authService";
import { jsonResponse, TOKEN_NOT_VALID } from "./testResponses";

function serviceWith(handler: (path: string, init: RequestInit) => Response | Promise<Response>) {
  const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) =>
    handler(String(url), init ?? {}),
  );
  const onSessionExpired = vi.fn();
  const api = createApiClient({
    baseUrl: "",
    fetchImpl: fetchImpl as unknown as typeof fetch,
    onSessionExpired,
  });
  return { auth: createAuthService(api), fetchImpl, onSessionExpired };
}

describe("auth service", () => {
  it("logs in with the credentials and returns the user from the body", async () => {
    const { auth, fetchImpl } = serviceWith(() =>
      jsonResponse(200, { user_id: 7, username: "alice" }),
    );
    await expect(auth.login({ username: "alice", password: "pw" })).resolves.toEqual({
      id: 7,
      username: "alice",
    });
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toBe("/api/token/");
    expect(init).toMatchObject({
      method: "POST",
      credentials: "include",
      body: '{"username":"alice","password":"pw"}',
    });
  });

  it("never treats a failed login as success", async () => {
    const { auth } = serviceWith(() => jsonResponse(500, "<html>boom</html>"));
    await expect(auth.login({ username: "a", password: "b" })).rejects.toBeInstanceOf(ApiError);
  });

  it("asks /api/account/me/ who is logged in, refreshing an expired token first", async () => {
    let refreshed = false;
    const { auth } = serviceWith((path) => {
      if (path === "/api/token/refresh/") {
        refreshed = true;
        return jsonResponse(200, {});
      }
      return refreshed
        ? jsonResponse(200, { id: 3, username: "carol", date_joined: "x", is_staff: false })
        : jsonResponse(401, TOKEN_NOT_VALID);
    });
    await expect(auth.currentUser()).resolves.toEqual({ id: 3, username: "carol" });
  });

  it("reports nobody logged in when there is no session", async () => {
    const { auth, onSessionExpired } = serviceWith((path) =>
      path === "/api/token/refresh/"
        ? jsonResponse(401, { detail: "No valid refresh token found", code: "token_not_valid" })
        : jsonResponse(401, { detail: "Authentication credentials were not provided." }),
    );
    await expect(auth.currentUser()).resolves.toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it("registers and logs out through the API", async () => {
    const { auth, fetchImpl } = serviceWith((path) =>
      path === "/api/register/"
        ? jsonResponse(201, { username: "erin" })
        : jsonResponse(200, "Logged out successfully"),
    );
    await auth.register({ username: "erin", password: "long-enough" });
    await auth.logout();
    expect(fetchImpl.mock.calls.map(([url]) => url)).toEqual(["/api/register/", "/api/logout/"]);
  });
});

describe("login errors", () => {
  it("maps each failure to what the form shows", () => {
    expect(
      loginErrors(
        new ApiError(401, { detail: "No active account found with the given credentials" }),
      ),
    ).toEqual({ form: INVALID_CREDENTIALS });
    expect(
      loginErrors(new ApiError(400, { username: ["This field may not be blank."] })),
    ).toMatchObject({ username: "This field may not be blank." });
    expect(
      loginErrors(
        new ApiError(
          429,
          { detail: "Request was throttled. Expected available in 30 seconds." },
          30,
        ),
      ).form,
    ).toBe("Too many attempts. Try again in 30 seconds.");
    expect(loginErrors(new ApiError(500, "oops")).form).toBe(
      "The server ran into a problem. Please try again.",
    );
    expect(loginErrors(new NetworkError()).form).toMatch(/Can't reach the server/);
  });
});

describe("register errors", () => {
  it("says the username exists on 409, and passes other 409 reasons through", () => {
    expect(registerErrors(new ApiError(409, { error: "Username already exists" }))).toEqual({
      username: USERNAME_TAKEN,
    });
    expect(registerErrors(new ApiError(409, { error: "Username not allowed" }))).toEqual({
      username: "Username not allowed",
    });
  });

  it("shows field errors on 400", () => {
    const errors = registerErrors(
      new ApiError(400, { password: ["Ensure this field has at least 8 characters."] }),
    );
    expect(errors).toEqual({
      username: undefined,
      password: "Ensure this field has at least 8 characters.",
    });
  });
});
