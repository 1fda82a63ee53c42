// Helpers for tests that stand in for the server behind fetch().

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export const TOKEN_NOT_VALID = {
  detail: "Given token not valid for any token type",
  code: "token_not_valid",
};
