import { Alert, Box, Button, Chip } from "@mui/material";
import type { ConnectionStatus as Status } from "../../services/gatewayConnection";

const LABEL: Record<Status, string> = {
  connecting: "Connecting…",
  online: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  closed: "Disconnected",
};

/** Small chip in the channel header: is the conversation live? */
export function ConnectionChip({ status }: { status: Status }) {
  const color =
    status === "online"
      ? "success"
      : status === "offline" || status === "closed"
        ? "error"
        : "warning";
  return (
    <Chip
      size="small"
      variant="outlined"
      color={color}
      label={LABEL[status]}
      icon={
        <Box
          component="span"
          sx={{
            width: 8,
            height: 8,
            borderRadius: "50%",
            bgcolor: `${color}.main`,
            ml: "8px !important",
          }}
        />
      }
      sx={{ fontWeight: 600 }}
    />
  );
}

/** Banner over the conversation while it is not live, with a manual retry once we gave up. */
export function ConnectionBanner({ status, onRetry }: { status: Status; onRetry(): void }) {
  if (status === "online" || status === "connecting") return null;
  const gaveUp = status === "offline";
  return (
    <Alert
      role="status"
      severity={gaveUp || status === "closed" ? "error" : "warning"}
      sx={{ borderRadius: 0 }}
      action={
        gaveUp && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry now
          </Button>
        )
      }
    >
      {status === "reconnecting" && "Connection lost. Reconnecting…"}
      {gaveUp && "You're offline: new messages won't arrive until the connection is back."}
      {status === "closed" && "This conversation is closed."}
    </Alert>
  );
}
