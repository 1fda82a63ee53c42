import { useState } from "react";
import {
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Button,
  IconButton,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Tooltip,
} from "@mui/material";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import SettingsOutlinedIcon from "@mui/icons-material/SettingsOutlined";
import PersonAddAlt1OutlinedIcon from "@mui/icons-material/PersonAddAlt1Outlined";
import type { ServerPermissions } from "../../hooks/useServerPermissions";
import { PERMISSION, hasPermission, mayOpenServerSettings } from "../../services/permissionBits";
import type { Server } from "../../types/api";
import { InviteCreator } from "./InviteCreator";
import { INVITES_UNAVAILABLE } from "./InvitesTab";
import { ServerSettingsDialog } from "./ServerSettingsDialog";

/**
 * The button "Server menu" of the server's column header (SPEC §6 names): "Server settings" and
 * "Invite people", each only for those whose bits allow it; nothing at all for the others.
 */
export function ServerMenu({
  server,
  permissions,
  onServerChanged,
}: {
  server: Server;
  permissions: ServerPermissions;
  onServerChanged(): void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [open, setOpen] = useState<"settings" | "invite" | null>(null);
  const settings = mayOpenServerSettings(permissions.bits);
  const invite = hasPermission(permissions.bits, PERMISSION.CREATE_INSTANT_INVITE);
  const close = () => {
    setOpen(null);
    // Whatever changed in there (roles, my rank) decides what this menu offers next.
    permissions.reload();
  };
  if (!settings && !invite && open === null) return null;
  return (
    <>
      <Tooltip title="Server menu">
        <IconButton
          size="small"
          aria-label="Server menu"
          aria-haspopup="menu"
          aria-expanded={anchor !== null}
          onClick={(event) => {
            setAnchor(event.currentTarget);
            permissions.reload();
          }}
          sx={{ mr: -0.5 }}
        >
          <ExpandMoreIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        MenuListProps={{ "aria-label": "Server menu" }}
      >
        {invite && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setOpen("invite");
            }}
          >
            <ListItemIcon>
              <PersonAddAlt1OutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Invite people</ListItemText>
          </MenuItem>
        )}
        {settings && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setOpen("settings");
            }}
          >
            <ListItemIcon>
              <SettingsOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Server settings</ListItemText>
          </MenuItem>
        )}
      </Menu>
      {open === "settings" && (
        <ServerSettingsDialog
          server={server}
          permissions={permissions}
          onServerChanged={onServerChanged}
          onClose={close}
        />
      )}
      {open === "invite" && (
        <Dialog open onClose={close} fullWidth maxWidth="sm" aria-labelledby="invite-title">
          <DialogTitle id="invite-title">Invite people to {server.name}</DialogTitle>
          <DialogContent sx={{ pt: "8px !important" }}>
            <InviteCreator serverId={server.id} notFoundMessage={INVITES_UNAVAILABLE} />
          </DialogContent>
          <DialogActions sx={{ px: 3, pb: 2 }}>
            <Button onClick={close}>Done</Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
