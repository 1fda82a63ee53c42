import { useState } from "react";
import type { FormEvent } from "react";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
} from "@mui/material";
import { useNavigate } from "react-router-dom";
import { useAuth } from "../../context/AuthContext";
import { useApiResource } from "../../hooks/useApiResource";
import { ApiError, firstFieldError, userMessage } from "../../services/apiErrors";
import type { Category, Server, ServerVisibility } from "../../types/api";
import { ImagePicker, MAX_IMAGE_BYTES } from "./ImagePicker";

interface CreateServerDialogProps {
  onClose(): void;
  onCreated?(server: Server): void;
}

type Field = "name" | "category" | "description" | "visibility" | "icon" | "banner";

/** Creates a server (the user becomes its owner), then uploads its icon and banner if chosen. */
export function CreateServerDialog({ onClose, onCreated }: CreateServerDialogProps) {
  const { api } = useAuth();
  const navigate = useNavigate();
  const categories = useApiResource<Category[]>("/api/server/category/");
  const [name, setName] = useState("");
  const [category, setCategory] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<ServerVisibility>("public");
  const [icon, setIcon] = useState<File | null>(null);
  const [banner, setBanner] = useState<File | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [saving, setSaving] = useState(false);

  function validate() {
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = "Required";
    if (!category) found.category = "Required";
    if (icon && icon.size > MAX_IMAGE_BYTES) found.icon = "That image is larger than 5 MB";
    if (banner && banner.size > MAX_IMAGE_BYTES) found.banner = "That image is larger than 5 MB";
    return found;
  }

  async function upload(serverId: number, kind: "icon" | "banner", file: File) {
    const form = new FormData();
    form.append("file", file);
    await api.request(`/api/servers/${serverId}/${kind}/`, { method: "PUT", body: form });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    let server: Server;
    try {
      server = await api.request<Server>("/api/servers/", {
        method: "POST",
        body: { name: name.trim(), category, description: description.trim(), visibility },
      });
    } catch (error) {
      const fields = error instanceof ApiError && error.status === 400 ? error.fieldErrors : {};
      setErrors({
        name: firstFieldError(fields, "name"),
        category: firstFieldError(fields, "category"),
        description: firstFieldError(fields, "description"),
        visibility: firstFieldError(fields, "visibility"),
        form: Object.keys(fields).length ? undefined : userMessage(error),
      });
      setSaving(false);
      return;
    }
    const uploads: Array<["icon" | "banner", File]> = [];
    if (icon) uploads.push(["icon", icon]);
    if (banner) uploads.push(["banner", banner]);
    const failures: string[] = [];
    for (const [kind, file] of uploads) {
      try {
        await upload(server.id, kind, file);
      } catch (error) {
        const reason =
          error instanceof ApiError ? firstFieldError(error.fieldErrors, "file") : undefined;
        failures.push(`The ${kind} could not be uploaded: ${reason ?? userMessage(error)}`);
      }
    }
    onCreated?.(server);
    setSaving(false);
    if (failures.length) {
      // The server exists now; say what is missing rather than pretending nothing happened.
      setErrors({ form: `Server created. ${failures.join(" ")}` });
      return;
    }
    onClose();
    navigate(`/server/${server.id}`);
  }

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      fullWidth
      maxWidth="xs"
      PaperProps={{ component: "form", onSubmit: submit, noValidate: true }}
    >
      <DialogTitle>Create a server</DialogTitle>
      <DialogContent
        sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}
      >
        {errors.form && (
          <Alert severity={errors.form.startsWith("Server created") ? "warning" : "error"}>
            {errors.form}
          </Alert>
        )}
        <TextField
          name="name"
          label="Server name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={Boolean(errors.name)}
          helperText={errors.name}
          inputProps={{ maxLength: 100 }}
          autoFocus
          required
        />
        <TextField
          select
          name="category"
          label="Category"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          error={Boolean(errors.category || categories.error)}
          helperText={errors.category ?? categories.error}
          required
        >
          {categories.data?.map((c) => (
            <MenuItem key={c.id} value={c.name} sx={{ textTransform: "capitalize" }}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          name="description"
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={Boolean(errors.description)}
          helperText={errors.description ?? `${description.length}/250`}
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
          error={Boolean(errors.visibility)}
          helperText={
            errors.visibility ??
            (visibility === "private"
              ? "Only members see it; others join through an invite."
              : "Anyone signed in can find and read it.")
          }
        >
          <MenuItem value="public">Public</MenuItem>
          <MenuItem value="private">Private</MenuItem>
        </TextField>
        <Box sx={{ display: "flex", flexWrap: "wrap", gap: 2 }}>
          <ImagePicker label="Icon" file={icon} onChange={setIcon} error={errors.icon} />
          <ImagePicker label="Banner" file={banner} onChange={setBanner} error={errors.banner} />
        </Box>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={saving}>
          {errors.form?.startsWith("Server created") ? "Close" : "Cancel"}
        </Button>
        <Button type="submit" variant="contained" disabled={saving}>
          {saving ? "Creating…" : "Create"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
