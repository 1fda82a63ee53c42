import type { ApiClient } from "./apiClient";
import { ApiError, firstFieldError, throttleMessage, userMessage } from "./apiErrors";
import type { User } from "../types/api";

export interface Credentials {
  username: string;
  password: string;
}

/** What a form shows after a failed submit: per-field messages and/or one for the whole form. */
export interface FormErrors {
  username?: string;
  password?: string;
  form?: string;
}

export const INVALID_CREDENTIALS = "Invalid username or password";
export const USERNAME_TAKEN = "The username already exists";

/** The HTTP calls behind logging in and out (SPEC §1). Tokens only ever travel as cookies. */
export function createAuthService(api: ApiClient) {
  return {
    async currentUser(): Promise<User | null> {
      try {
        const me = await api.request<{ id: number; username: string }>("/api/account/me/");
        return { id: me.id, username: me.username };
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },

    async login({ username, password }: Credentials): Promise<User> {
      const body = await api.request<{ user_id: number; username?: string }>("/api/token/", {
        method: "POST",
        body: { username, password },
        skipRefresh: true,
      });
      return { id: body.user_id, username: body.username ?? username };
    },

    async register({ username, password }: Credentials): Promise<void> {
      await api.request("/api/register/", {
        method: "POST",
        body: { username, password },
        skipRefresh: true,
      });
    },

    async logout(): Promise<void> {
      await api.request("/api/logout/", { method: "POST", body: {}, skipRefresh: true });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

/** Turns a failed login into what the form shows; never mistakes a failure for success. */
export function loginErrors(error: unknown): FormErrors {
  if (error instanceof ApiError) {
    if (error.status === 401) return { form: INVALID_CREDENTIALS };
    if (error.status === 400) return fieldErrors(error);
    if (error.status === 429) return { form: throttleMessage(error) };
  }
  return { form: userMessage(error) };
}

/** Turns a failed registration into what the form shows. */
export function registerErrors(error: unknown): FormErrors {
  if (error instanceof ApiError) {
    if (error.status === 409) {
      const reason = (error.data as { error?: string } | null)?.error;
      return {
        username: reason === "Username already exists" || !reason ? USERNAME_TAKEN : reason,
      };
    }
    if (error.status === 400) return fieldErrors(error);
    if (error.status === 429) return { form: throttleMessage(error) };
  }
  return { form: userMessage(error) };
}

function fieldErrors(error: ApiError): FormErrors {
  const errors = error.fieldErrors;
  const result: FormErrors = {
    username: firstFieldError(errors, "username"),
    password: firstFieldError(errors, "password"),
  };
  const general = firstFieldError(errors, "non_field_errors") ?? firstFieldError(errors, "detail");
  if (general || (!result.username && !result.password))
    result.form = general ?? userMessage(error);
  return result;
}

/** The account was created but logging it in right after failed: the user should sign in. */
export class LoginAfterRegisterError extends Error {
  constructor(cause: unknown) {
    super("Account created, but signing in failed.");
    this.name = "LoginAfterRegisterError";
    this.cause = cause;
  }
}
