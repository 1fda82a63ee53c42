// Where the API lives. Empty by default: the app is served by the same process as the API
// (`parley serve`), so every request is same-origin. VITE_API_BASE (e.g. "https://chat.example")
// points a separately hosted build at another origin.
export const API_BASE: string = (import.meta.env.VITE_API_BASE ?? "").replace(/\/$/, "");

/** Absolute ws(s):// URL for a WebSocket path on the API host. */
export function webSocketUrl(path: string): string {
  const base = API_BASE || window.location.origin;
  return base.replace(/^http/, "ws") + path;
}

/** URL of a media path from the API (`/media/...`), or undefined when there is none. */
export function mediaUrl(path: string | null | undefined): string | undefined {
  if (!path) return undefined;
  return /^https?:\/\//.test(path) ? path : API_BASE + path;
}
