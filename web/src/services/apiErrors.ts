import type { FieldErrors } from "../types/api";

/** The server answered with a non-2xx status. `data` is the parsed body (JSON or text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(describeBody(data) ?? `Request failed with status ${status}`);
    this.name = "ApiError";
  }

  /** DRF-style `{"field": [...]}` validation errors, when the body has that shape. */
  get fieldErrors(): FieldErrors {
    if (!this.data || typeof this.data !== "object" || Array.isArray(this.data)) return {};
    return this.data as FieldErrors;
  }
}

/** The request never got an answer (server down, offline, CORS refusal). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("Can't reach the server. Check your connection and try again.");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

function describeBody(data: unknown): string | null {
  if (typeof data === "string" && data.length < 200) return data;
  if (Array.isArray(data) && typeof data[0] === "string") return data[0];
  if (data && typeof data === "object") {
    const { detail, error } = data as { detail?: unknown; error?: unknown };
    if (typeof detail === "string") return detail;
    if (typeof error === "string") return error;
  }
  return null;
}

/** A sentence suitable for showing a person, whatever went wrong. */
export function userMessage(error: unknown): string {
  if (error instanceof NetworkError) return error.message;
  if (error instanceof ApiError) {
    if (error.status === 429) return throttleMessage(error);
    if (error.status >= 500) return "The server ran into a problem. Please try again.";
    if (error.status === 404) return "Not found.";
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

export function throttleMessage(error: ApiError): string {
  const wait = error.retryAfterSeconds;
  return wait
    ? `Too many attempts. Try again in ${wait} second${wait === 1 ? "" : "s"}.`
    : "Too many attempts. Please wait a moment and try again.";
}

/** First message of one field of a validation error body. */
export function firstFieldError(errors: FieldErrors, field: string): string | undefined {
  const value = errors[field];
  if (Array.isArray(value)) return value[0];
  return typeof value === "string" ? value : undefined;
}
