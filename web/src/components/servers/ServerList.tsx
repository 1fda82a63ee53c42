import type { ReactNode } from "react";
import {
  List,
  ListItem,
  ListItemAvatar,
  ListItemButton,
  ListItemText,
  Tooltip,
} from "@mui/material";
import { Link as RouterLink } from "react-router-dom";
import type { Server } from "../../types/api";
import { ServerAvatar } from "./ServerAvatar";

interface ServerListProps {
  servers: Server[];
  collapsed: boolean;
  selectedId?: number;
  /** Extra rows at the end (e.g. "Create a server"). */
  footer?: ReactNode;
}

/** Servers as avatar + name + category rows; only the avatars (with tooltips) when collapsed. */
export function ServerList({ servers, collapsed, selectedId, footer }: ServerListProps) {
  return (
    <List dense sx={{ px: 1 }}>
      {servers.map((server) => (
        <ListItem key={server.id} disablePadding sx={{ mb: 0.5 }}>
          <Tooltip title={collapsed ? server.name : ""} placement="right">
            <ListItemButton
              component={RouterLink}
              to={`/server/${server.id}`}
              selected={server.id === selectedId}
              aria-current={server.id === selectedId ? "page" : undefined}
              aria-label={collapsed ? server.name : undefined}
              sx={{ px: 1, minHeight: 52 }}
            >
              <ListItemAvatar sx={{ minWidth: 0, mr: collapsed ? 0 : 1.5 }}>
                <ServerAvatar name={server.name} icon={server.icon} />
              </ListItemAvatar>
              <ListItemText
                primary={server.name}
                secondary={server.category}
                sx={{ opacity: collapsed ? 0 : 1, m: 0, minWidth: 0 }}
                primaryTypographyProps={{ noWrap: true, fontWeight: 600 }}
                secondaryTypographyProps={{
                  noWrap: true,
                  textTransform: "capitalize",
                  fontSize: 12,
                }}
              />
            </ListItemButton>
          </Tooltip>
        </ListItem>
      ))}
      {footer}
    </List>
  );
}
