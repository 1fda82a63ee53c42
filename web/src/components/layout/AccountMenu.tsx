import { useState } from "react";
import {
  Avatar,
  Divider,
  IconButton,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Switch,
  Typography,
} from "@mui/material";
import AccountCircle from "@mui/icons-material/AccountCircle";
import Brightness4Icon from "@mui/icons-material/Brightness4";
import LoginIcon from "@mui/icons-material/Login";
import LogoutIcon from "@mui/icons-material/Logout";
import PersonAddIcon from "@mui/icons-material/PersonAdd";
import { Link as RouterLink } from "react-router-dom";
import { useAuth } from "../../context/AuthContext";
import { useColorMode } from "../../context/ColorModeContext";
import { avatarColor, initials } from "../servers/avatarStyle";
import { statusChoiceItems, useChosenStatus } from "./StatusChoice";

/** The account button of the top bar: who is logged in, dark mode, log in/out. */
export function AccountMenu() {
  const { status, user, logout } = useAuth();
  const { mode, toggleColorMode } = useColorMode();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  const presence = useChosenStatus(Boolean(anchor));

  return (
    <>
      <IconButton
        aria-label="Account menu"
        aria-haspopup="menu"
        aria-expanded={anchor ? "true" : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        {user ? (
          <Avatar sx={{ width: 32, height: 32, fontSize: 14, bgcolor: avatarColor(user.username) }}>
            {initials(user.username)}
          </Avatar>
        ) : (
          <AccountCircle />
        )}
      </IconButton>
      <Menu
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
        anchorOrigin={{ vertical: "bottom", horizontal: "right" }}
        transformOrigin={{ vertical: "top", horizontal: "right" }}
        slotProps={{ paper: { sx: { minWidth: 220 } } }}
      >
        {user && (
          <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
            Signed in as <strong>{user.username}</strong>
          </Typography>
        )}
        {user && <Divider />}
        {status === "authenticated" &&
          statusChoiceItems(presence.chosen, presence.choose, !presence.available)}
        {status === "authenticated" && <Divider />}
        <MenuItem onClick={toggleColorMode} role="menuitemcheckbox" aria-checked={mode === "dark"}>
          <ListItemIcon>
            <Brightness4Icon fontSize="small" />
          </ListItemIcon>
          <ListItemText>Dark mode</ListItemText>
          <Switch
            edge="end"
            size="small"
            checked={mode === "dark"}
            tabIndex={-1}
            inputProps={{ "aria-hidden": true }}
          />
        </MenuItem>
        <Divider />
        {status === "authenticated" ? (
          <MenuItem
            onClick={() => {
              close();
              void logout();
            }}
          >
            <ListItemIcon>
              <LogoutIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Log out</ListItemText>
          </MenuItem>
        ) : (
          [
            <MenuItem key="login" component={RouterLink} to="/login" onClick={close}>
              <ListItemIcon>
                <LoginIcon fontSize="small" />
              </ListItemIcon>
              <ListItemText>Log in</ListItemText>
            </MenuItem>,
            <MenuItem key="register" component={RouterLink} to="/register" onClick={close}>
              <ListItemIcon>
                <PersonAddIcon fontSize="small" />
              </ListItemIcon>
              <ListItemText>Register</ListItemText>
            </MenuItem>,
          ]
        )}
      </Menu>
    </>
  );
}
