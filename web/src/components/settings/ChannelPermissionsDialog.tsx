import { useEffect, useState } from "react";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  MenuItem,
  TextField,
  Typography,
  useMediaQuery,
} from "@mui/material";
import { useTheme } from "@mui/material/styles";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { useApiResource } from "../../hooks/useApiResource";
import type { ServerPermissions } from "../../hooks/useServerPermissions";
import { formatBits, grantableBits, parseBits } from "../../services/permissionBits";
import { rolesHighestFirst } from "../../services/roleOrder";
import type { Channel, Overwrite, Server, ServerMember } from "../../types/api";
import { ErrorState, LoadingState } from "../StatusViews";
import { OverwriteEditor } from "./OverwriteEditor";

interface Draft {
  id: number;
  type: "role" | "member";
  allow: bigint;
  deny: bigint;
  /** Not on the server yet (added here, not saved). */
  isNew: boolean;
}

/**
 * A channel's permission overwrites (MANAGE_ROLES): list them, add one for a role or a member,
 * set each bit to deny / inherit / allow, save with PUT, remove with DELETE.
 */
export function ChannelPermissionsDialog({
  server,
  channel,
  permissions,
  onClose,
}: {
  server: Server;
  channel: Channel;
  permissions: ServerPermissions;
  onClose(): void;
}) {
  const theme = useTheme();
  const isPhone = useMediaQuery(theme.breakpoints.down("sm"), { noSsr: true });
  const { api } = useAuth();
  const base = `/api/channels/${channel.id}/permissions/`;
  const overwrites = useApiResource<Overwrite[]>(base);
  const members = useApiResource<ServerMember[]>(`/api/servers/${server.id}/members/?limit=1000`);
  const [added, setAdded] = useState<Draft[]>([]);
  const [selected, setSelected] = useState<{ id: number; type: string } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();

  const roles = permissions.roles;
  const nameOf = (id: number, type: string) => {
    if (type === "role")
      return id === server.id
        ? "@everyone"
        : (roles.find((r) => r.id === id)?.name ?? `role #${id}`);
    return members.data?.find((m) => m.user.id === id)?.user.username ?? `user #${id}`;
  };

  const existing: Draft[] = (overwrites.data ?? []).map((o) => ({
    id: o.id,
    type: o.type,
    allow: parseBits(o.allow),
    deny: parseBits(o.deny),
    isNew: false,
  }));
  const all = [...existing, ...added.filter((a) => !existing.some((e) => e.id === a.id))];

  // Editing starts from what the server (or the new entry) holds each time the choice changes.
  useEffect(() => {
    if (!selected) return setDraft(null);
    const found = all.find((o) => o.id === selected.id && o.type === selected.type);
    setDraft(found ? { ...found } : null);
    // `all` is derived from exactly these two lists.
  }, [selected, overwrites.data, added]);
  useEffect(() => setSaved(false), [selected]);

  const candidates = [
    ...[...rolesHighestFirst(roles, server.id), ...roles.filter((r) => r.id === server.id)].map(
      (r) => ({
        key: `role:${r.id}`,
        id: r.id,
        type: "role" as const,
        label: nameOf(r.id, "role"),
      }),
    ),
    ...(members.data ?? []).map((m) => ({
      key: `member:${m.user.id}`,
      id: m.user.id,
      type: "member" as const,
      label: `${m.user.username} (member)`,
    })),
  ].filter((c) => !all.some((o) => o.id === c.id && o.type === c.type));

  function add(key: string) {
    const candidate = candidates.find((c) => c.key === key);
    if (!candidate) return;
    const entry: Draft = {
      id: candidate.id,
      type: candidate.type,
      allow: 0n,
      deny: 0n,
      isNew: true,
    };
    setAdded((list) => [...list, entry]);
    setSelected({ id: entry.id, type: entry.type });
  }

  async function save() {
    if (!draft) return;
    const ok = await action.run(() =>
      api.request<void>(`${base}${draft.id}/`, {
        method: "PUT",
        body: { type: draft.type, allow: formatBits(draft.allow), deny: formatBits(draft.deny) },
      }),
    );
    if (ok) {
      setAdded((list) => list.filter((a) => a.id !== draft.id));
      overwrites.reload();
      setSaved(true);
    }
  }

  async function remove() {
    if (!draft) return;
    if (draft.isNew) {
      setAdded((list) => list.filter((a) => a.id !== draft.id));
      setSelected(null);
      return;
    }
    if (await action.run(() => api.request<void>(`${base}${draft.id}/`, { method: "DELETE" }))) {
      setSelected(null);
      overwrites.reload();
    }
  }

  let body;
  if (!overwrites.data && overwrites.loading) body = <LoadingState label="Loading permissions…" />;
  else if (!overwrites.data)
    body = (
      <ErrorState
        message={overwrites.error ?? "Permissions unavailable."}
        onRetry={overwrites.reload}
      />
    );
  else
    body = (
      <Box
        sx={{
          display: "flex",
          flexDirection: { xs: "column", sm: "row" },
          gap: 2,
          alignItems: "flex-start",
        }}
      >
        <Box sx={{ width: { xs: "100%", sm: 220 }, flexShrink: 0 }}>
          <TextField
            select
            size="small"
            fullWidth
            label="Add a role or member"
            value=""
            onChange={(e) => add(e.target.value)}
            disabled={candidates.length === 0}
          >
            {candidates.map((c) => (
              <MenuItem key={c.key} value={c.key}>
                {c.label}
              </MenuItem>
            ))}
          </TextField>
          {all.length === 0 ? (
            <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
              No overwrites: the roles decide everything here.
            </Typography>
          ) : (
            <List dense aria-label="Overwrites">
              {all.map((o) => (
                <ListItem key={`${o.type}:${o.id}`} disablePadding>
                  <ListItemButton
                    selected={selected?.id === o.id && selected.type === o.type}
                    onClick={() => setSelected({ id: o.id, type: o.type })}
                  >
                    <ListItemText
                      primary={nameOf(o.id, o.type)}
                      secondary={o.isNew ? "Not saved yet" : o.type === "role" ? "Role" : "Member"}
                    />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          )}
        </Box>
        <Box sx={{ flex: 1, minWidth: 0, width: "100%" }}>
          {draft ? (
            <Box
              component="section"
              aria-label={`Permissions of ${nameOf(draft.id, draft.type)} in #${channel.name}`}
            >
              <Typography component="h3" variant="subtitle1" fontWeight={700} gutterBottom>
                {nameOf(draft.id, draft.type)}
              </Typography>
              {saved && (
                <Alert severity="success" sx={{ mb: 1 }}>
                  Saved.
                </Alert>
              )}
              <OverwriteEditor
                allow={draft.allow}
                deny={draft.deny}
                grantable={grantableBits(permissions.bits)}
                onChange={(next) => {
                  setSaved(false);
                  setDraft({ ...draft, ...next });
                }}
              />
              <Box sx={{ display: "flex", gap: 1, mt: 2 }}>
                <Button variant="contained" onClick={() => void save()} disabled={action.busy}>
                  {action.busy ? "Saving…" : "Save permissions"}
                </Button>
                <Button color="error" onClick={() => void remove()} disabled={action.busy}>
                  Remove overwrite
                </Button>
              </Box>
            </Box>
          ) : (
            <Typography color="text.secondary" sx={{ p: 1 }}>
              Choose an overwrite, or add one for a role or a member.
            </Typography>
          )}
        </Box>
      </Box>
    );

  return (
    <Dialog
      open
      onClose={action.busy ? undefined : onClose}
      fullScreen={isPhone}
      fullWidth
      maxWidth="md"
      aria-labelledby="channel-permissions-title"
    >
      <DialogTitle id="channel-permissions-title">Permissions of #{channel.name}</DialogTitle>
      <DialogContent dividers>
        {action.error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {action.error}
          </Alert>
        )}
        {body}
      </DialogContent>
      <DialogActions sx={{ px: 3 }}>
        <Button onClick={onClose} disabled={action.busy}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
