import { useState } from "react";
import type { FormEvent } from "react";
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  Typography,
} from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { formatBits, grantableBits, parseBits } from "../../services/permissionBits";
import { colorToHex, hexToColor } from "../../services/roleOrder";
import type { Role } from "../../types/api";
import { ConfirmDialog } from "./ConfirmDialog";
import { PermissionSwitches } from "./PermissionSwitches";

interface RoleEditorProps {
  serverId: number;
  role: Role;
  /** My server bits: I may set or clear only these. */
  myBits: bigint;
  /** False for roles at or above my highest (shown, not editable). */
  editable: boolean;
  onSaved(role: Role): void;
  onDeleted(): void;
}

/**
 * One role's name, colour, hoist, mentionable and permissions; `@everyone` (whose id is the
 * server's) takes permissions only. Keyed by role id by its parent, so a switch starts afresh.
 */
export function RoleEditor({
  serverId,
  role,
  myBits,
  editable,
  onSaved,
  onDeleted,
}: RoleEditorProps) {
  const { api } = useAuth();
  const everyone = role.id === serverId;
  const [name, setName] = useState(role.name);
  const [color, setColor] = useState(colorToHex(role.color));
  const [hoist, setHoist] = useState(role.hoist);
  const [mentionable, setMentionable] = useState(role.mentionable);
  const [bits, setBits] = useState(parseBits(role.permissions));
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const save = useAction();
  const remove = useAction();
  const path = `/api/servers/${serverId}/roles/${role.id}/`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = everyone
      ? { permissions: formatBits(bits) }
      : {
          name: name.trim(),
          color: hexToColor(color) ?? 0,
          hoist,
          mentionable,
          permissions: formatBits(bits),
        };
    let updated: Role | undefined;
    const ok = await save.run(async () => {
      updated = await api.request<Role>(path, { method: "PATCH", body });
    });
    if (ok && updated) {
      setSaved(true);
      onSaved(updated);
    }
  }

  async function destroy() {
    if (await remove.run(() => api.request<void>(path, { method: "DELETE" }))) onDeleted();
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      noValidate
      aria-label={`Edit role ${role.name}`}
      sx={{ display: "flex", flexDirection: "column", gap: 2 }}
    >
      <Typography component="h4" variant="subtitle1" fontWeight={700}>
        {everyone ? "@everyone — what everyone may do" : `Role: ${role.name}`}
      </Typography>
      {!editable && (
        <Alert severity="info">
          This role is at or above your highest role, so you can't change it.
        </Alert>
      )}
      {save.error && <Alert severity="error">{save.error}</Alert>}
      {saved && <Alert severity="success">Role saved.</Alert>}
      {!everyone && (
        <>
          <TextField
            label="Role name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            inputProps={{ maxLength: 100 }}
            disabled={!editable}
            size="small"
            required
          />
          <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap>
            <TextField
              label="Role colour"
              type="color"
              value={color}
              onChange={(e) => setColor(e.target.value)}
              disabled={!editable}
              size="small"
              sx={{ width: 120 }}
            />
            <FormControlLabel
              control={
                <Switch
                  checked={hoist}
                  onChange={(e) => setHoist(e.target.checked)}
                  disabled={!editable}
                />
              }
              label="Show members separately"
            />
            <FormControlLabel
              control={
                <Switch
                  checked={mentionable}
                  onChange={(e) => setMentionable(e.target.checked)}
                  disabled={!editable}
                />
              }
              label="Anyone may @mention"
            />
          </Stack>
        </>
      )}
      <Typography component="h5" variant="subtitle2">
        Permissions
      </Typography>
      <PermissionSwitches
        value={bits}
        grantable={grantableBits(myBits)}
        disabled={!editable}
        onChange={setBits}
      />
      {editable && (
        <Stack
          direction="row"
          spacing={1}
          sx={{
            position: "sticky",
            bottom: 0,
            py: 1,
            bgcolor: "background.paper",
            borderTop: 1,
            borderColor: "divider",
          }}
        >
          <Button type="submit" variant="contained" disabled={save.busy}>
            {save.busy ? "Saving…" : "Save role"}
          </Button>
          {!everyone && (
            <Button color="error" onClick={() => setConfirming(true)} disabled={remove.busy}>
              Delete role
            </Button>
          )}
        </Stack>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${role.name}?`}
          confirmLabel="Delete"
          busy={remove.busy}
          error={remove.error}
          onConfirm={() => void destroy()}
          onClose={() => {
            remove.clearError();
            setConfirming(false);
          }}
        >
          Members who hold this role lose it, and channels forget its permissions.
        </ConfirmDialog>
      )}
    </Box>
  );
}
