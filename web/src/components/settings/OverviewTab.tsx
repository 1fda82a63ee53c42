import { useState } from "react";
import type { FormEvent } from "react";
import { Alert, Box, Button, MenuItem, TextField, Typography } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { ApiError, firstFieldError } from "../../services/apiErrors";
import type { Server, ServerVisibility } from "../../types/api";
import type { SettingsTabProps } from "./settingsContext";

/** Name, description and visibility (MANAGE_GUILD): `PATCH /api/servers/{id}/`. */
export function OverviewTab({ server, onServerChanged }: SettingsTabProps) {
  const { api } = useAuth();
  const [name, setName] = useState(server.name);
  const [description, setDescription] = useState(server.description ?? "");
  const [visibility, setVisibility] = useState<ServerVisibility>(server.visibility ?? "public");
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; description?: string }>({});
  const [saved, setSaved] = useState(false);
  const save = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!name.trim()) return setFieldErrors({ name: "Required" });
    setFieldErrors({});
    const ok = await save.run(async () => {
      try {
        await api.request<Server>(`/api/servers/${server.id}/`, {
          method: "PATCH",
          body: { name: name.trim(), description: description.trim(), visibility },
        });
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 400) {
          setFieldErrors({
            name: firstFieldError(failure.fieldErrors, "name"),
            description: firstFieldError(failure.fieldErrors, "description"),
          });
        }
        throw failure;
      }
    });
    if (ok) {
      setSaved(true);
      onServerChanged();
    }
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="overview-heading"
      sx={{ display: "flex", flexDirection: "column", gap: 2, maxWidth: 520 }}
    >
      <Typography id="overview-heading" component="h3" variant="h6">
        Overview
      </Typography>
      {save.error && <Alert severity="error">{save.error}</Alert>}
      {saved && <Alert severity="success">Saved.</Alert>}
      <TextField
        name="name"
        label="Server name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={Boolean(fieldErrors.name)}
        helperText={fieldErrors.name}
        inputProps={{ maxLength: 100 }}
        required
      />
      <TextField
        name="description"
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={Boolean(fieldErrors.description)}
        helperText={fieldErrors.description ?? `${description.length}/250`}
        inputProps={{ maxLength: 250 }}
        multiline
        minRows={2}
      />
      <TextField
        select
        name="visibility"
        label="Visibility"
        value={visibility}
        onChange={(e) => setVisibility(e.target.value as ServerVisibility)}
        helperText={
          visibility === "private"
            ? "Only members see it; others join through an invite."
            : "Anyone signed in can find and read it."
        }
      >
        <MenuItem value="public">Public</MenuItem>
        <MenuItem value="private">Private</MenuItem>
      </TextField>
      <Box>
        <Button type="submit" variant="contained" disabled={save.busy}>
          {save.busy ? "Saving…" : "Save changes"}
        </Button>
      </Box>
    </Box>
  );
}
