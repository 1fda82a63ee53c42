import { useCallback, useEffect, useState } from "react";
import { Box, Button, List, ListItem, ListItemText, Typography } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { userMessage } from "../../services/apiErrors";
import { formatTimestamp } from "../../services/formatTimestamp";
import { auditActionLabel, auditTargetKind, describeChange } from "../../services/moderation";
import type { AuditLogEntry, ServerMember } from "../../types/api";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import type { SettingsTabProps } from "./settingsContext";

const PAGE = 50;

/**
 * Who did what (VIEW_AUDIT_LOG), newest first, older pages with `before`. Ids are shown as the
 * names the client knows (members, roles, channels), or as ids when it doesn't.
 */
export function AuditLogTab({ server, permissions }: SettingsTabProps) {
  const { api } = useAuth();
  const [entries, setEntries] = useState<AuditLogEntry[]>([]);
  const [more, setMore] = useState(true);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<ReadonlyMap<number, string>>(new Map());

  const load = useCallback(
    async (before: number | null) => {
      setLoading(true);
      setError(null);
      try {
        const query = before === null ? `limit=${PAGE}` : `before=${before}&limit=${PAGE}`;
        const page = await api.get<AuditLogEntry[]>(
          `/api/servers/${server.id}/audit-log/?${query}`,
        );
        setEntries((current) => (before === null ? page : [...current, ...page]));
        setMore(page.length === PAGE);
      } catch (failure) {
        setError(userMessage(failure));
      } finally {
        setLoading(false);
      }
    },
    [api, server.id],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // Names for the ids: the first page of members is enough for most servers.
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<ServerMember[]>(`/api/servers/${server.id}/members/?limit=1000`, controller.signal)
      .then((members) => setNames(new Map(members.map((m) => [m.user.id, m.user.username]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, server.id]);

  const userName = (id: number | null) =>
    id === null ? "someone" : (names.get(id) ?? `user #${id}`);
  const targetName = (entry: AuditLogEntry) => {
    if (entry.target_id === null) return null;
    switch (auditTargetKind(entry.action)) {
      case "user":
        return userName(entry.target_id);
      case "role":
        return (
          permissions.roles.find((r) => r.id === entry.target_id)?.name ??
          `role #${entry.target_id}`
        );
      case "channel": {
        const channel = server.channel_server.find((c) => c.id === entry.target_id);
        return channel ? `#${channel.name}` : `channel #${entry.target_id}`;
      }
      default:
        return `#${entry.target_id}`;
    }
  };

  return (
    <Box component="section" aria-labelledby="audit-heading">
      <Typography id="audit-heading" component="h3" variant="h6" gutterBottom>
        Audit log
      </Typography>
      {error && entries.length === 0 ? (
        <ErrorState message={error} onRetry={() => void load(null)} />
      ) : loading && entries.length === 0 ? (
        <LoadingState label="Loading the audit log…" />
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing logged yet" />
      ) : (
        <List aria-label="Audit log entries, newest first">
          {entries.map((entry) => {
            const target = targetName(entry);
            const changes = Object.entries(entry.changes ?? {});
            return (
              <ListItem key={entry.id} divider alignItems="flex-start">
                <ListItemText
                  primary={
                    <>
                      <strong>{userName(entry.actor_id)}</strong>
                      {` — ${auditActionLabel(entry.action)}`}
                      {target && ` ${target}`}
                    </>
                  }
                  secondaryTypographyProps={{ component: "div" }}
                  secondary={
                    <>
                      <Box component="span" sx={{ display: "block" }}>
                        {formatTimestamp(entry.created_at)}
                        {entry.reason && ` · Reason: ${entry.reason}`}
                      </Box>
                      {changes.map(([field, change]) => (
                        <Box
                          key={field}
                          component="span"
                          sx={{
                            display: "block",
                            fontFamily: "monospace",
                            overflowWrap: "anywhere",
                          }}
                        >
                          {describeChange(field, change)}
                        </Box>
                      ))}
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {error && entries.length > 0 && <ErrorState message={error} compact />}
      {more && entries.length > 0 && (
        <Button
          onClick={() => void load(entries[entries.length - 1].id)}
          disabled={loading}
          sx={{ mt: 1 }}
        >
          {loading ? "Loading…" : "Load older entries"}
        </Button>
      )}
    </Box>
  );
}
