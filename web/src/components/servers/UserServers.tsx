import { useState } from "react";
import {
  ListItem,
  ListItemAvatar,
  ListItemButton,
  ListItemText,
  Avatar,
  Tooltip,
} from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import type { Server } from "../../types/api";
import type { ApiResource } from "../../hooks/useApiResource";
import { ErrorState, LoadingState } from "../StatusViews";
import { ServerList } from "./ServerList";
import { CreateServerDialog } from "./CreateServerDialog";

interface UserServersProps {
  servers: ApiResource<Server[]>;
  collapsed: boolean;
  currentServer?: Server;
}

/** Left drawer of a server page: the servers the user belongs to, and "Create a server". */
export function UserServers({ servers, collapsed, currentServer }: UserServersProps) {
  const [creating, setCreating] = useState(false);
  if (servers.loading && !servers.data)
    return <LoadingState label={collapsed ? "" : "Loading servers…"} />;
  if (servers.error) return <ErrorState compact message={servers.error} onRetry={servers.reload} />;

  const mine = servers.data ?? [];
  // A server being visited but not joined is shown too, so the user sees where they are.
  const list =
    currentServer && !mine.some((s) => s.id === currentServer.id) ? [...mine, currentServer] : mine;

  return (
    <>
      <ServerList
        servers={list}
        collapsed={collapsed}
        selectedId={currentServer?.id}
        footer={
          <ListItem disablePadding>
            <Tooltip title={collapsed ? "Create a server" : ""} placement="right">
              <ListItemButton
                onClick={() => setCreating(true)}
                sx={{ px: 1, minHeight: 52 }}
                aria-label="Create a server"
              >
                <ListItemAvatar sx={{ minWidth: 0, mr: collapsed ? 0 : 1.5 }}>
                  <Avatar
                    variant="rounded"
                    sx={{
                      width: 40,
                      height: 40,
                      borderRadius: 40 / 3.2,
                      bgcolor: "action.hover",
                      color: "primary.main",
                    }}
                  >
                    <AddIcon />
                  </Avatar>
                </ListItemAvatar>
                <ListItemText
                  primary="Create a server"
                  sx={{ opacity: collapsed ? 0 : 1 }}
                  primaryTypographyProps={{ noWrap: true, fontWeight: 600, color: "primary" }}
                />
              </ListItemButton>
            </Tooltip>
          </ListItem>
        }
      />
      {creating && (
        <CreateServerDialog onClose={() => setCreating(false)} onCreated={servers.reload} />
      )}
    </>
  );
}
