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
import type { Channel } from "../../types/api";

interface CreateChannelDialogProps {
  serverId: number;
  onClose(): void;
  onCreated(channel: Channel): void;
}

/** Adds a channel to a server (owners only; the server enforces it too). */
export function CreateChannelDialog({ serverId, onClose, onCreated }: CreateChannelDialogProps) {
  const { api } = useAuth();
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [errors, setErrors] = useState<{ name?: string; topic?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setErrors({ name: "Required" });
    setSaving(true);
    try {
      const channel = await api.request<Channel>(`/api/servers/${serverId}/channels/`, {
        method: "POST",
        body: { name: name.trim(), topic: topic.trim() },
      });
      onCreated(channel);
      onClose();
    } catch (error) {
      const fields = error instanceof ApiError && error.status === 400 ? error.fieldErrors : {};
      setErrors({
        name: firstFieldError(fields, "name"),
        topic: firstFieldError(fields, "topic"),
        form: Object.keys(fields).length ? undefined : userMessage(error),
      });
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
      PaperProps={{ component: "form", onSubmit: submit, noValidate: true }}
    >
      <DialogTitle>Create a channel</DialogTitle>
      <DialogContent
        sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}
      >
        {errors.form && <Alert severity="error">{errors.form}</Alert>}
        <TextField
          name="name"
          label="Channel name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={Boolean(errors.name)}
          helperText={errors.name}
          inputProps={{ maxLength: 100 }}
          autoFocus
          required
        />
        <TextField
          name="topic"
          label="Topic"
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
          error={Boolean(errors.topic)}
          helperText={errors.topic}
          inputProps={{ maxLength: 100 }}
        />
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={saving}>
          {saving ? "Creating…" : "Create"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
