import { useState } from "react";
import type { FormEvent } from "react";
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import {
  BAN_DELETE_CHOICES,
  MAX_AUDIT_REASON,
  TIMEOUT_CHOICES,
  auditReasonHeaders,
  isTimedOut,
  timeoutUntil,
} from "../../services/moderation";
import type { ServerMember } from "../../types/api";

export type ModerationKind = "kick" | "ban" | "timeout";

const TITLES: Record<ModerationKind, string> = {
  kick: "Kick",
  ban: "Ban",
  timeout: "Time out",
};

/**
 * Kick (`DELETE members/{user}`), ban (`PUT bans/{user}` with a reason and how much of their
 * recent history to delete) or time out (`PATCH members/{user}` `{"timeout_until"}`, up to 28
 * days, or null to lift it). The reason also goes to the audit log (`X-Audit-Log-Reason`).
 */
export function ModerationDialog({
  serverId,
  member,
  kind,
  onClose,
  onDone,
}: {
  serverId: number;
  member: ServerMember;
  kind: ModerationKind;
  onClose(): void;
  onDone(): void;
}) {
  const { api } = useAuth();
  const [reason, setReason] = useState("");
  const [deleteSeconds, setDeleteSeconds] = useState(0);
  const [duration, setDuration] = useState(TIMEOUT_CHOICES[2].seconds);
  const action = useAction();
  const name = member.user.username;
  const base = `/api/servers/${serverId}`;
  const timedOut = isTimedOut(member.timeout_until, new Date());

  function send(lift = false) {
    const headers = auditReasonHeaders(reason);
    if (kind === "kick")
      return api.request<void>(`${base}/members/${member.user.id}/`, {
        method: "DELETE",
        headers,
      });
    if (kind === "ban") {
      const body: Record<string, unknown> = { reason: reason.trim() || null };
      // Sent only when asked for: a server without message deletion refuses the field.
      if (deleteSeconds > 0) body.delete_message_seconds = deleteSeconds;
      return api.request<void>(`${base}/bans/${member.user.id}/`, { method: "PUT", body, headers });
    }
    return api.request<unknown>(`${base}/members/${member.user.id}/`, {
      method: "PATCH",
      body: { timeout_until: lift ? null : timeoutUntil(new Date(), duration) },
      headers,
    });
  }

  async function submit(event: FormEvent, lift = false) {
    event.preventDefault();
    if (await action.run(() => send(lift))) onDone();
  }

  return (
    <Dialog
      open
      onClose={action.busy ? undefined : onClose}
      fullWidth
      maxWidth="xs"
      PaperProps={{ component: "form", onSubmit: submit, noValidate: true }}
      aria-labelledby="moderation-title"
    >
      <DialogTitle id="moderation-title">{`${TITLES[kind]} ${name}`}</DialogTitle>
      <DialogContent
        sx={{ display: "flex", flexDirection: "column", gap: 2, pt: "8px !important" }}
      >
        {action.error && <Alert severity="error">{action.error}</Alert>}
        <DialogContentText>
          {kind === "kick" && `${name} leaves the server; they can join again.`}
          {kind === "ban" && `${name} leaves the server and cannot come back until unbanned.`}
          {kind === "timeout" && `${name} can read but not post or react until the timeout ends.`}
        </DialogContentText>
        {kind === "timeout" && (
          <TextField
            select
            label="Duration"
            value={duration}
            onChange={(e) => setDuration(Number(e.target.value))}
          >
            {TIMEOUT_CHOICES.map((choice) => (
              <MenuItem key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </MenuItem>
            ))}
          </TextField>
        )}
        {kind === "ban" && (
          <TextField
            select
            label="Delete messages from the last"
            value={deleteSeconds}
            onChange={(e) => setDeleteSeconds(Number(e.target.value))}
          >
            {BAN_DELETE_CHOICES.map((choice) => (
              <MenuItem key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          inputProps={{ maxLength: MAX_AUDIT_REASON }}
          helperText="Shown in the audit log"
          multiline
          minRows={2}
        />
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2, flexWrap: "wrap", gap: 1 }}>
        {kind === "timeout" && timedOut && (
          <Button onClick={(event) => void submit(event, true)} disabled={action.busy}>
            Remove timeout
          </Button>
        )}
        <Button onClick={onClose} disabled={action.busy}>
          Cancel
        </Button>
        <Button type="submit" color="error" variant="contained" disabled={action.busy}>
          {TITLES[kind]}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
