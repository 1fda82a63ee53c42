import { useState } from "react";
import type { FormEvent } from "react";
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { ApiError, firstFieldError, userMessage } from "../../services/apiErrors";
import type { DmChannel, User } from "../../types/api";
import { UserPicker } from "./UserPicker";

/** Others a group may hold besides its creator (SPEC §9: at most 10 people). */
export const MAX_GROUP_OTHERS = 9;

interface NewMessageDialogProps {
  onClose(): void;
  onOpened(dm: DmChannel): void;
}

/** "New message": pick one person (their 1:1, opened or created) or several (a new group). */
export function NewMessageDialog({ onClose, onOpened }: NewMessageDialogProps) {
  const { api } = useAuth();
  const [picked, setPicked] = useState<User[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const group = picked.length > 1;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (picked.length === 0) return;
    setSaving(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { recipients: picked.map((user) => user.id) };
      if (group && name.trim()) body.name = name.trim();
      const dm = await api.request<DmChannel>("/api/users/@me/channels/", {
        method: "POST",
        body,
      });
      onOpened(dm);
      onClose();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 403)
        setError(
          group
            ? "Someone you picked doesn't accept messages from you."
            : "This person doesn't accept messages from you.",
        );
      else if (failure instanceof ApiError && failure.status === 400)
        setError(
          firstFieldError(failure.fieldErrors, "recipients") ??
            firstFieldError(failure.fieldErrors, "name") ??
            userMessage(failure),
        );
      else setError(userMessage(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      fullWidth
      maxWidth="xs"
      aria-labelledby="new-message-title"
      PaperProps={{ component: "form", onSubmit: submit, noValidate: true }}
    >
      <DialogTitle id="new-message-title">New message</DialogTitle>
      <DialogContent
        sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}
      >
        {error && <Alert severity="error">{error}</Alert>}
        <UserPicker selected={picked} onChange={setPicked} max={MAX_GROUP_OTHERS} autoFocus />
        {group && (
          <TextField
            label="Group name (optional)"
            value={name}
            onChange={(event) => setName(event.target.value)}
            inputProps={{ maxLength: 100 }}
          />
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={saving || picked.length === 0}>
          {group ? "Create group" : "Open conversation"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
