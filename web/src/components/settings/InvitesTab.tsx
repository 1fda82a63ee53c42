import {
  Alert,
  Box,
  IconButton,
  List,
  ListItem,
  ListItemText,
  Stack,
  Tooltip,
  Typography,
} from "@mui/material";
import LinkOffIcon from "@mui/icons-material/LinkOff";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { useApiResource } from "../../hooks/useApiResource";
import { formatTimestamp } from "../../services/formatTimestamp";
import { inviteLink, inviteUsesLabel } from "../../services/moderation";
import { PERMISSION, hasPermission } from "../../services/permissionBits";
import type { Invite } from "../../types/api";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import { CopyLinkButton } from "./CopyLinkButton";
import { InviteCreator } from "./InviteCreator";
import type { SettingsTabProps } from "./settingsContext";

/** What a 404 of the invites routes means: the server is gone (or no longer visible to me). */
export const INVITES_UNAVAILABLE = "Invites are unavailable: this server was not found.";

/**
 * The server's invites with uses and expiry; create one, copy its `/invite/{code}` link, revoke
 * it (its creator, or MANAGE_GUILD).
 */
export function InvitesTab({ server, permissions }: SettingsTabProps) {
  const { api, user } = useAuth();
  const invites = useApiResource<Invite[]>(`/api/servers/${server.id}/invites/`);
  const revoke = useAction();
  const canCreate = hasPermission(permissions.bits, PERMISSION.CREATE_INSTANT_INVITE);
  const manager = hasPermission(permissions.bits, PERMISSION.MANAGE_GUILD);

  async function remove(invite: Invite) {
    const path = `/api/servers/${server.id}/invites/${encodeURIComponent(invite.code)}/`;
    if (await revoke.run(() => api.request<void>(path, { method: "DELETE" }))) invites.reload();
  }

  return (
    <Box
      component="section"
      aria-labelledby="invites-heading"
      sx={{ display: "flex", flexDirection: "column", gap: 2 }}
    >
      <Typography id="invites-heading" component="h3" variant="h6">
        Invites
      </Typography>
      {canCreate && (
        <InviteCreator
          serverId={server.id}
          onCreated={invites.reload}
          notFoundMessage={INVITES_UNAVAILABLE}
        />
      )}
      {revoke.error && (
        <Alert severity="error" onClose={revoke.clearError}>
          {revoke.error}
        </Alert>
      )}
      {!invites.data ? (
        invites.loading ? (
          <LoadingState label="Loading invites…" />
        ) : (
          <ErrorState
            message={
              invites.errorStatus === 404
                ? INVITES_UNAVAILABLE
                : (invites.error ?? "Invites unavailable.")
            }
            onRetry={invites.reload}
          />
        )
      ) : invites.data.length === 0 ? (
        <EmptyState title="No invites yet">Create one to let people join.</EmptyState>
      ) : (
        <List aria-label="Invites">
          {invites.data.map((invite) => {
            const link = inviteLink(window.location.origin, invite.code);
            const mayRevoke = manager || invite.inviter_id === user?.id;
            return (
              <ListItem key={invite.code} divider sx={{ flexWrap: "wrap", gap: 1 }}>
                <ListItemText
                  primary={invite.code}
                  primaryTypographyProps={{ fontFamily: "monospace" }}
                  secondary={`${inviteUsesLabel(invite.uses, invite.max_uses)} · ${
                    invite.expires_at
                      ? `expires ${formatTimestamp(invite.expires_at)}`
                      : "never expires"
                  }`}
                  sx={{ minWidth: 0, flex: "1 1 200px" }}
                />
                <Stack direction="row">
                  <CopyLinkButton link={link} label={`Copy link of invite ${invite.code}`} />
                  {mayRevoke && (
                    <Tooltip title="Revoke">
                      <IconButton
                        aria-label={`Revoke invite ${invite.code}`}
                        onClick={() => void remove(invite)}
                        disabled={revoke.busy}
                      >
                        <LinkOffIcon />
                      </IconButton>
                    </Tooltip>
                  )}
                </Stack>
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
}
