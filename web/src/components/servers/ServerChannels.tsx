import { useState } from "react";
import {
  IconButton,
  List,
  Menu,
  MenuItem,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Tooltip,
} from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import TagIcon from "@mui/icons-material/Tag";
import HomeOutlinedIcon from "@mui/icons-material/HomeOutlined";
import MoreHorizIcon from "@mui/icons-material/MoreHoriz";
import { Link as RouterLink, useNavigate } from "react-router-dom";
import type { Channel, Server } from "../../types/api";
import { ColumnHeader } from "../layout/ColumnHeader";
import { ChannelEntryText, useChannelEntryLabel } from "../readStates/ChannelEntryText";
import { CreateChannelDialog } from "./CreateChannelDialog";
import type { ServerPermissions } from "../../hooks/useServerPermissions";
import { PERMISSION, hasPermission } from "../../services/permissionBits";
import { ChannelPermissionsDialog } from "../settings/ChannelPermissionsDialog";
import { ServerMenu } from "../settings/ServerMenu";

interface ServerChannelsProps {
  server: Server;
  channelId?: number;
  permissions: ServerPermissions;
  onChannelCreated(channel: Channel): void;
  onServerChanged(): void;
}

/**
 * Second column of a server page: its channels, the "Server menu" (settings, invites) and
 * "create a channel" for those allowed (MANAGE_CHANNELS), and each channel's menu
 * ("Permissions", for MANAGE_ROLES).
 */
export function ServerChannels({
  server,
  channelId,
  permissions,
  onChannelCreated,
  onServerChanged,
}: ServerChannelsProps) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const navigate = useNavigate();
  const canManage = hasPermission(permissions.bits, PERMISSION.MANAGE_CHANNELS);
  const canEditPermissions = hasPermission(permissions.bits, PERMISSION.MANAGE_ROLES);
  return (
    <nav aria-label="Channels">
      <ColumnHeader
        title={server.name}
        action={
          <>
            {canManage && (
              <Tooltip title="Create a channel">
                <IconButton
                  size="small"
                  aria-label="Create a channel"
                  onClick={() => setCreating(true)}
                >
                  <AddIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            <ServerMenu
              server={server}
              permissions={permissions}
              onServerChanged={onServerChanged}
            />
          </>
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
            onPermissions={canEditPermissions ? () => setEditing(channel) : undefined}
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
      {editing && (
        <ChannelPermissionsDialog
          server={server}
          channel={editing}
          permissions={permissions}
          onClose={() => setEditing(null)}
        />
      )}
    </nav>
  );
}

function ChannelEntry({
  serverId,
  channel,
  selected,
  onPermissions,
}: {
  serverId: number;
  channel: Channel;
  selected: boolean;
  /** Opens the channel's permission overwrites; absent for those who may not edit them. */
  onPermissions?: () => void;
}) {
  const label = useChannelEntryLabel(channel.id, channel.name);
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  return (
    <ListItem
      disablePadding
      sx={{ mb: 0.25 }}
      secondaryAction={
        onPermissions && (
          <>
            <IconButton
              edge="end"
              size="small"
              aria-label={`Menu for #${channel.name}`}
              aria-haspopup="menu"
              onClick={(event) => setMenu(event.currentTarget)}
            >
              <MoreHorizIcon fontSize="small" />
            </IconButton>
            <Menu
              anchorEl={menu}
              open={menu !== null}
              onClose={() => setMenu(null)}
              MenuListProps={{ "aria-label": `#${channel.name}` }}
            >
              <MenuItem
                onClick={() => {
                  setMenu(null);
                  onPermissions();
                }}
              >
                Permissions
              </MenuItem>
            </Menu>
          </>
        )
      }
    >
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
