import { useEffect, useState } from "react";
import { Divider, ListItemIcon, ListItemText, Menu, MenuItem, Typography } from "@mui/material";
import ChatBubbleOutlineIcon from "@mui/icons-material/ChatBubbleOutline";
import BlockIcon from "@mui/icons-material/Block";
import { useNavigate } from "react-router-dom";
import { useAuth } from "../../context/AuthContext";
import { ApiError, userMessage } from "../../services/apiErrors";
import type { DmChannel, User } from "../../types/api";

interface MemberMenuProps {
  user: User;
  anchorEl: HTMLElement | null;
  onClose(): void;
}

/**
 * A member's menu (SPEC §9): "Message" opens (or creates) the 1:1 with them, "Block" /
 * "Unblock" toggles the block. Whether they are blocked is read from the server each time the
 * menu opens, so another device's change shows too.
 */
export function MemberMenu({ user, anchorEl, onClose }: MemberMenuProps) {
  const { api } = useAuth();
  const navigate = useNavigate();
  const open = anchorEl !== null;
  const [blocked, setBlocked] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setBlocked(null);
    setError(null);
    api
      .get<User[]>("/api/users/@me/blocks/", controller.signal)
      .then((list) => setBlocked(list.some((u) => u.id === user.id)))
      .catch((failure) => {
        if (!controller.signal.aborted) setError(userMessage(failure));
      });
    return () => controller.abort();
  }, [api, open, user.id]);

  async function message() {
    setBusy(true);
    setError(null);
    try {
      const dm = await api.request<DmChannel>("/api/users/@me/channels/", {
        method: "POST",
        body: { recipients: [user.id] },
      });
      onClose();
      navigate(`/dms/${dm.id}`);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 403
          ? `${user.username} doesn't accept messages from you.`
          : userMessage(failure),
      );
    } finally {
      setBusy(false);
    }
  }

  async function toggleBlock() {
    if (blocked === null) return;
    setBusy(true);
    setError(null);
    try {
      await api.request<void>(`/api/users/@me/blocks/${user.id}/`, {
        method: blocked ? "DELETE" : "PUT",
      });
      setBlocked(!blocked);
    } catch (failure) {
      setError(userMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu
      anchorEl={anchorEl}
      open={open}
      onClose={onClose}
      MenuListProps={{ "aria-label": `${user.username}: actions` }}
      anchorOrigin={{ vertical: "center", horizontal: "left" }}
      transformOrigin={{ vertical: "center", horizontal: "right" }}
    >
      <MenuItem onClick={() => void message()} disabled={busy}>
        <ListItemIcon>
          <ChatBubbleOutlineIcon fontSize="small" />
        </ListItemIcon>
        <ListItemText>Message</ListItemText>
      </MenuItem>
      <Divider />
      <MenuItem onClick={() => void toggleBlock()} disabled={busy || blocked === null}>
        <ListItemIcon>
          <BlockIcon fontSize="small" color={blocked ? undefined : "error"} />
        </ListItemIcon>
        <ListItemText>{blocked ? "Unblock" : "Block"}</ListItemText>
      </MenuItem>
      {error && (
        <Typography
          role="alert"
          variant="body2"
          color="error"
          sx={{ px: 2, py: 1, maxWidth: 260, whiteSpace: "normal" }}
        >
          {error}
        </Typography>
      )}
    </Menu>
  );
}
