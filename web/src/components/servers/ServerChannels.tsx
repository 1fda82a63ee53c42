import { useState } from "react";
import {
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Tooltip,
} from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import TagIcon from "@mui/icons-material/Tag";
import HomeOutlinedIcon from "@mui/icons-material/HomeOutlined";
import { Link as RouterLink, useNavigate } from "react-router-dom";
import type { Channel, Server } from "../../types/api";
import { ColumnHeader } from "../layout/ColumnHeader";
import { CreateChannelDialog } from "./CreateChannelDialog";

interface ServerChannelsProps {
  server: Server;
  channelId?: number;
  canManage: boolean;
  onChannelCreated(channel: Channel): void;
}

/** Second column of a server page: its channels, plus "create a channel" for the owner. */
export function ServerChannels({
  server,
  channelId,
  canManage,
  onChannelCreated,
}: ServerChannelsProps) {
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <nav aria-label="Channels">
      <ColumnHeader
        title={server.name}
        action={
          canManage && (
            <Tooltip title="Create a channel">
              <IconButton
                size="small"
                aria-label="Create a channel"
                onClick={() => setCreating(true)}
                sx={{ mr: -1 }}
              >
                <AddIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )
        }
      />
      <List dense sx={{ px: 1 }}>
        <ListItem disablePadding sx={{ mb: 0.25 }}>
          <ListItemButton
            component={RouterLink}
            to={`/server/${server.id}`}
            selected={channelId === undefined}
          >
            <ListItemIcon sx={{ minWidth: 32 }}>
              <HomeOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText primary="Home" primaryTypographyProps={{ fontWeight: 500 }} />
          </ListItemButton>
        </ListItem>
        {server.channel_server.map((channel) => (
          <ListItem key={channel.id} disablePadding sx={{ mb: 0.25 }}>
            <ListItemButton
              component={RouterLink}
              to={`/server/${server.id}/${channel.id}`}
              selected={channel.id === channelId}
              aria-current={channel.id === channelId ? "page" : undefined}
            >
              <ListItemIcon sx={{ minWidth: 32 }}>
                <TagIcon fontSize="small" />
              </ListItemIcon>
              <ListItemText
                primary={channel.name}
                primaryTypographyProps={{ noWrap: true, fontWeight: 500 }}
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
      {creating && (
        <CreateChannelDialog
          serverId={server.id}
          onClose={() => setCreating(false)}
          onCreated={(channel) => {
            onChannelCreated(channel);
            navigate(`/server/${server.id}/${channel.id}`);
          }}
        />
      )}
    </nav>
  );
}
