import type { ReactNode } from "react";
import { Box, Typography } from "@mui/material";
import { useTheme } from "@mui/material/styles";

/** Sticky title row at the top of a side column ("Explore", a server's name, ...). */
export function ColumnHeader({
  title,
  action,
  hidden,
}: {
  title: string;
  action?: ReactNode;
  hidden?: boolean;
}) {
  const theme = useTheme();
  return (
    <Box
      sx={{
        position: "sticky",
        top: 0,
        zIndex: 1,
        height: 48,
        px: 2,
        display: "flex",
        alignItems: "center",
        gap: 1,
        bgcolor: "background.paper",
        borderBottom: `1px solid ${theme.palette.divider}`,
      }}
    >
      <Typography
        component="h2"
        variant="subtitle2"
        noWrap
        sx={{
          flexGrow: 1,
          fontWeight: 700,
          opacity: hidden ? 0 : 1,
          textTransform: "uppercase",
          letterSpacing: 0.6,
          fontSize: 12,
          color: "text.secondary",
        }}
      >
        {title}
      </Typography>
      {action}
    </Box>
  );
}
