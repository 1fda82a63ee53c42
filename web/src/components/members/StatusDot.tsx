import { Box } from "@mui/material";
import type { SxProps, Theme } from "@mui/material/styles";
import { STATUS_LABEL } from "../../services/presence";
import type { ChosenStatus, PresenceStatus } from "../../types/api";

const COLOR: Record<PresenceStatus | ChosenStatus, string> = {
  online: "success.main",
  idle: "warning.main",
  dnd: "error.main",
  invisible: "text.disabled",
  offline: "text.disabled",
};

/**
 * A status dot that says its status to screen readers ("Online", "Idle", "Do not disturb",
 * "Offline"). Shapes differ as well as colours: dnd has a bar, offline and invisible are rings.
 */
export function StatusDot({
  status,
  size = 12,
  sx,
}: {
  status: PresenceStatus | ChosenStatus;
  size?: number;
  sx?: SxProps<Theme>;
}) {
  const hollow = status === "offline" || status === "invisible";
  return (
    <Box
      component="span"
      role="img"
      aria-label={STATUS_LABEL[status]}
      title={STATUS_LABEL[status]}
      sx={[
        {
          display: "inline-block",
          flexShrink: 0,
          width: size,
          height: size,
          borderRadius: "50%",
          boxSizing: "border-box",
          position: "relative",
          bgcolor: hollow ? "background.paper" : COLOR[status],
          border: hollow ? "3px solid" : "2px solid",
          borderColor: hollow ? COLOR[status] : "background.paper",
          "&::after":
            status === "dnd"
              ? {
                  content: '""',
                  position: "absolute",
                  left: "20%",
                  right: "20%",
                  top: "calc(50% - 1px)",
                  height: 2,
                  bgcolor: "background.paper",
                }
              : undefined,
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    />
  );
}
