import { useState } from "react";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  List,
  ListItem,
  ListItemText,
  TextField,
  Typography,
} from "@mui/material";
import PersonRemoveOutlinedIcon from "@mui/icons-material/PersonRemoveOutlined";
import { useAuth } from "../../context/AuthContext";
import { ApiError, firstFieldError, userMessage } from "../../services/apiErrors";
import type { DmChannel, User } from "../../types/api";
import { MAX_GROUP_OTHERS } from "./NewMessageDialog";
import { UserPicker } from "./UserPicker";

interface GroupSettingsDialogProps {
  dm: DmChannel;
  onClose(): void;
  /** The group as it is after a rename (the gateway's dm.update follows too). */
  onChanged(dm: DmChannel): void;
  onLeft(): void;
}

/**
 * A group DM's settings (SPEC §9): its owner renames it and adds or removes people; anyone
 * leaves. The server decides; this dialog shows what it answered.
 */
export function GroupSettingsDialog({ dm, onClose, onChanged, onLeft }: GroupSettingsDialogProps) {
  const { api, user } = useAuth();
  const owner = user?.id === dm.owner;
  const [name, setName] = useState(dm.name ?? "");
  const [adding, setAdding] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/channels/${dm.id}`;
  const room = MAX_GROUP_OTHERS - dm.recipients.length;

  async function run(action: () => Promise<void>, refused: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 403) setError(refused);
      else if (failure instanceof ApiError && failure.status === 400)
        setError(firstFieldError(failure.fieldErrors, "name") ?? userMessage(failure));
      else setError(userMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const rename = () =>
    run(async () => {
      const updated = await api.request<DmChannel>(`${base}/`, {
        method: "PATCH",
        body: { name: name.trim() || null },
      });
      onChanged(updated);
    }, "Only the group's owner can rename it.");

  const add = () =>
    run(async () => {
      for (const person of adding)
        await api.request<void>(`${base}/recipients/${person.id}/`, { method: "PUT" });
      setAdding([]);
    }, "Someone you picked doesn't accept being added by you.");

  const remove = (person: User) =>
    run(
      () => api.request<void>(`${base}/recipients/${person.id}/`, { method: "DELETE" }),
      "Only the group's owner can remove people.",
    );

  const leave = () =>
    run(async () => {
      if (!user) return;
      await api.request<void>(`${base}/recipients/${user.id}/`, { method: "DELETE" });
      onClose();
      onLeft();
    }, "You can't leave this conversation.");

  const inGroup = new Set([...dm.recipients.map((r) => r.id), ...(user ? [user.id] : [])]);

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="xs"
      aria-labelledby="group-settings-title"
    >
      <DialogTitle id="group-settings-title">Group settings</DialogTitle>
      <DialogContent
        sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}
      >
        {error && <Alert severity="error">{error}</Alert>}
        {owner && (
          <Box
            component="form"
            onSubmit={(event) => {
              event.preventDefault();
              void rename();
            }}
            sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}
          >
            <TextField
              label="Group name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              inputProps={{ maxLength: 100 }}
              size="small"
              fullWidth
            />
            <Button type="submit" variant="contained" disabled={busy}>
              Save name
            </Button>
          </Box>
        )}
        <Box>
          <Typography component="h3" variant="subtitle2" gutterBottom>
            People
          </Typography>
          <List dense aria-label="People in this group">
            {user && (
              <ListItem>
                <ListItemText primary={`${user.username} (you)`} />
              </ListItem>
            )}
            {dm.recipients.map((person) => (
              <ListItem
                key={person.id}
                secondaryAction={
                  owner && (
                    <IconButton
                      edge="end"
                      aria-label={`Remove ${person.username}`}
                      onClick={() => void remove(person)}
                      disabled={busy}
                    >
                      <PersonRemoveOutlinedIcon fontSize="small" />
                    </IconButton>
                  )
                }
              >
                <ListItemText
                  primary={person.username}
                  secondary={person.id === dm.owner ? "Owner" : undefined}
                />
              </ListItem>
            ))}
          </List>
        </Box>
        {owner && room > 0 && (
          <Box sx={{ display: "flex", flexDirection: "column", gap: 1 }}>
            <Typography component="h3" variant="subtitle2">
              Add people
            </Typography>
            <UserPicker selected={adding} onChange={setAdding} max={room} exclude={inGroup} />
            <Button
              variant="outlined"
              onClick={() => void add()}
              disabled={busy || adding.length === 0}
            >
              Add to group
            </Button>
          </Box>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2, justifyContent: "space-between" }}>
        <Button color="error" onClick={() => void leave()} disabled={busy}>
          Leave group
        </Button>
        <Button onClick={onClose} disabled={busy}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
