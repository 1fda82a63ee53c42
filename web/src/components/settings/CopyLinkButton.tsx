import { useState } from "react";
import { IconButton, Tooltip } from "@mui/material";
import ContentCopyIcon from "@mui/icons-material/ContentCopy";
import CheckIcon from "@mui/icons-material/Check";

/** Copies a link to the clipboard and says so (in the tooltip and to screen readers). */
export function CopyLinkButton({ link, label }: { link: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setState("copied");
    } catch {
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2000);
  }
  const said =
    state === "copied" ? "Copied" : state === "failed" ? "Couldn't copy: select the link" : label;
  return (
    <Tooltip title={said} open={state !== "idle" ? true : undefined}>
      <IconButton aria-label={label} onClick={() => void copy()}>
        {state === "copied" ? <CheckIcon color="success" /> : <ContentCopyIcon />}
        <span
          role="status"
          style={{
            position: "absolute",
            width: 1,
            height: 1,
            overflow: "hidden",
            clip: "rect(0 0 0 0)",
          }}
        >
          {state === "idle" ? "" : said}
        </span>
      </IconButton>
    </Tooltip>
  );
}
