import { useState } from "react";
import { useSessionRenewal } from "../../context/AuthContext";

type Phase =
  | { kind: "first" }
  | { kind: "renewing" }
  | { kind: "retrying"; stamp: number }
  | { kind: "failed" };

/**
 * An attachment URL for an <img>, which the browser fetches with the access cookie. When that
 * cookie has expired (an idle tab: no API call renewed it) the image fails; then the session is
 * renewed (the one refresh every request shares) and the image asked for once more, under a
 * changed query so that the browser really fetches it again. A second failure is final.
 */
export function useRenewingSrc(url: string): { src: string; onError(): void; failed: boolean } {
  const renew = useSessionRenewal();
  const [state, setState] = useState<{ url: string; phase: Phase }>({
    url,
    phase: { kind: "first" },
  });
  // A new URL starts afresh.
  const phase: Phase = state.url === url ? state.phase : { kind: "first" };
  const move = (next: Phase) =>
    setState((current) =>
      current.url === url || next.kind === "renewing" ? { url, phase: next } : current,
    );

  function onError() {
    if (phase.kind === "first" && renew) {
      move({ kind: "renewing" });
      renew().then(
        () => move({ kind: "retrying", stamp: Date.now() }),
        () => move({ kind: "failed" }),
      );
    } else if (phase.kind !== "renewing") {
      move({ kind: "failed" });
    }
  }

  const src =
    phase.kind === "retrying"
      ? `${url}${url.includes("?") ? "&" : "?"}renewed=${phase.stamp}`
      : url;
  return { src, onError, failed: phase.kind === "failed" };
}
