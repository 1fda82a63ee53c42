import type { MouseEvent } from "react";
import { useSessionRenewal } from "../../context/AuthContext";

/**
 * A click handler for an attachment's download link. The browser follows the link with the
 * access cookie; in a tab idle longer than the access token lives that cookie is gone and the
 * "download" would be the server's refusal. So the click first asks (HEAD) whether the file is
 * there for us, renews the session when it is not, then clicks the link again for real.
 * Modified clicks (new tab, save as) are left to the browser.
 */
export function useRenewingDownload(): (event: MouseEvent<HTMLAnchorElement>) => void {
  const renew = useSessionRenewal();
  return (event) => {
    const anchor = event.currentTarget;
    if (anchor.dataset.renewed) {
      delete anchor.dataset.renewed; // our own second click: let it download
      return;
    }
    if (!renew || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void (async () => {
      try {
        const probe = await fetch(anchor.href, { method: "HEAD", credentials: "include" });
        if (probe.status === 401 || probe.status === 404) await renew();
      } catch {
        // Offline, or the renewal was refused: the browser's own attempt will say so.
      }
      anchor.dataset.renewed = "1";
      anchor.click();
    })();
  };
}
