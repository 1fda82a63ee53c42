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
import { ChannelEntryText, useChannelEntryLabel } from "../readStates/ChannelEntryText";
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
          <ChannelEntry
            key={channel.id}
            serverId={server.id}
            channel={channel}
            selected={channel.id === channelId}
          />
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

function ChannelEntry({
  serverId,
  channel,
  selected,
}: {
  serverId: number;
  channel: Channel;
  selected: boolean;
}) {
  const label = useChannelEntryLabel(channel.id, channel.name);
  return (
    <ListItem disablePadding sx={{ mb: 0.25 }}>
      <ListItemButton
        component={RouterLink}
        to={`/server/${serverId}/${channel.id}`}
        selected={selected}
        aria-current={selected ? "page" : undefined}
        aria-label={label}
      >
        <ListItemIcon sx={{ minWidth: 32 }}>
          <TagIcon fontSize="small" />
        </ListItemIcon>
        <ChannelEntryText channelId={channel.id} name={channel.name} />
      </ListItemButton>
    </ListItem>
  );
}
