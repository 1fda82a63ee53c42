import type { ReactNode } from "react";
import { Box, Typography } from "@mui/material";
import { useTheme } from "@mui/material/styles";
import TagIcon from "@mui/icons-material/Tag";
import HomeOutlinedIcon from "@mui/icons-material/HomeOutlined";
import type { Server } from "../../types/api";
import { ServerAvatar } from "../servers/ServerAvatar";

interface ChannelHeaderProps {
  server: Server;
  /** Channel name, or undefined on the server's home. */
  title?: string;
  topic?: string | null;
  children?: ReactNode;
}

/** Top row of the main area on a server page: where you are, plus status and actions. */
export function ChannelHeader({ server, title, topic, children }: ChannelHeaderProps) {
  const theme = useTheme();
  return (
    <Box
      sx={{
        height: 52,
        flexShrink: 0,
        px: { xs: 1.5, sm: 2 },
        display: "flex",
        alignItems: "center",
        gap: 1,
        borderBottom: `1px solid ${theme.palette.divider}`,
        bgcolor: "background.default",
      }}
    >
      <ServerAvatar
        name={server.name}
        icon={server.icon}
        size={28}
        sx={{ display: { xs: "flex", sm: "none" } }}
      />
      {title ? (
        <TagIcon fontSize="small" color="action" />
      ) : (
        <HomeOutlinedIcon fontSize="small" color="action" />
      )}
      <Typography
        component="h1"
        variant="subtitle1"
        fontWeight={700}
        noWrap
        sx={{ minWidth: 0, flexShrink: 1 }}
      >
        {title ?? "home"}
      </Typography>
      {topic && (
        <Typography
          variant="body2"
          color="text.secondary"
          noWrap
          sx={{
            display: { xs: "none", md: "block" },
            minWidth: 0,
            borderLeft: `1px solid ${theme.palette.divider}`,
            pl: 1.5,
            ml: 0.5,
          }}
        >
          {topic}
        </Typography>
      )}
      <Box sx={{ flexGrow: 1 }} />
      <Box sx={{ display: "flex", alignItems: "center", gap: 1, flexShrink: 0 }}>{children}</Box>
    </Box>
  );
}
