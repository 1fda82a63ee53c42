import type { ReactNode } from "react";
import {
  Badge,
  List,
  ListItem,
  ListItemAvatar,
  ListItemButton,
  ListItemText,
  Tooltip,
} from "@mui/material";
import { Link as RouterLink } from "react-router-dom";
import type { Server } from "../../types/api";
import { useServerUnread } from "../../context/ReadStateContext";
import { MAX_MENTIONS } from "../../services/readStates";
import { MentionBadge, unreadLabel } from "../readStates/MentionBadge";
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
        <ServerEntry
          key={server.id}
          server={server}
          collapsed={collapsed}
          selected={server.id === selectedId}
        />
      ))}
      {footer}
    </List>
  );
}

function ServerEntry({
  server,
  collapsed,
  selected,
}: {
  server: Server;
  collapsed: boolean;
  selected: boolean;
}) {
  const { unread, mentions } = useServerUnread(server.id);
  return (
    <ListItem disablePadding sx={{ mb: 0.5 }}>
      <Tooltip title={collapsed ? server.name : ""} placement="right">
        <ListItemButton
          component={RouterLink}
          to={`/server/${server.id}`}
          selected={selected}
          aria-current={selected ? "page" : undefined}
          aria-label={
            collapsed || unread || mentions > 0
              ? unreadLabel(server.name, unread, mentions)
              : undefined
          }
          sx={{ px: 1, minHeight: 52 }}
        >
          <ListItemAvatar sx={{ minWidth: 0, mr: collapsed ? 0 : 1.5 }}>
            <Badge
              overlap="rectangular"
              invisible={!collapsed || mentions === 0}
              badgeContent={mentions >= MAX_MENTIONS ? `${MAX_MENTIONS}+` : mentions}
              color="error"
            >
              <ServerAvatar name={server.name} icon={server.icon} />
            </Badge>
          </ListItemAvatar>
          <ListItemText
            primary={server.name}
            secondary={server.category}
            sx={{ opacity: collapsed ? 0 : 1, m: 0, minWidth: 0 }}
            primaryTypographyProps={{ noWrap: true, fontWeight: unread ? 800 : 600 }}
            secondaryTypographyProps={{
              noWrap: true,
              textTransform: "capitalize",
              fontSize: 12,
            }}
          />
          {!collapsed && <MentionBadge count={mentions} />}
        </ListItemButton>
      </Tooltip>
    </ListItem>
  );
}
