import { Alert, Box, Button, List, ListItem, ListItemText, Typography } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { useApiResource } from "../../hooks/useApiResource";
import type { Ban } from "../../types/api";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import type { SettingsTabProps } from "./settingsContext";

/** Who is banned and why (BAN_MEMBERS), each with "Unban". */
export function BansTab({ server }: SettingsTabProps) {
  const { api } = useAuth();
  const bans = useApiResource<Ban[]>(`/api/servers/${server.id}/bans/`);
  const unban = useAction();

  async function lift(ban: Ban) {
    if (
      await unban.run(() =>
        api.request<void>(`/api/servers/${server.id}/bans/${ban.user.id}/`, { method: "DELETE" }),
      )
    )
      bans.reload();
  }

  return (
    <Box component="section" aria-labelledby="bans-heading">
      <Typography id="bans-heading" component="h3" variant="h6" gutterBottom>
        Bans
      </Typography>
      {unban.error && (
        <Alert severity="error" onClose={unban.clearError} sx={{ mb: 1 }}>
          {unban.error}
        </Alert>
      )}
      {!bans.data ? (
        bans.loading ? (
          <LoadingState label="Loading bans…" />
        ) : (
          <ErrorState message={bans.error ?? "Bans unavailable."} onRetry={bans.reload} />
        )
      ) : bans.data.length === 0 ? (
        <EmptyState title="Nobody is banned" />
      ) : (
        <List aria-label="Banned users">
          {bans.data.map((ban) => (
            <ListItem
              key={ban.user.id}
              divider
              secondaryAction={
                <Button
                  aria-label={`Unban ${ban.user.username}`}
                  onClick={() => void lift(ban)}
                  disabled={unban.busy}
                >
                  Unban
                </Button>
              }
            >
              <ListItemText
                primary={ban.user.username}
                secondary={ban.reason ? `Reason: ${ban.reason}` : "No reason given"}
                sx={{ pr: 10 }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
