import { useState } from "react";
import { Alert, Box, Button, MenuItem, Stack, TextField } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { INVITE_AGE_CHOICES, INVITE_USE_CHOICES, inviteLink } from "../../services/moderation";
import type { Invite } from "../../types/api";
import { CopyLinkButton } from "./CopyLinkButton";

/** Creates an invite (CREATE_INSTANT_INVITE) with a lifetime and a use limit, then shows its link. */
export function InviteCreator({
  serverId,
  onCreated,
  notFoundMessage,
}: {
  serverId: number;
  onCreated?(invite: Invite): void;
  notFoundMessage: string;
}) {
  const { api } = useAuth();
  const [maxAge, setMaxAge] = useState(86400);
  const [maxUses, setMaxUses] = useState(0);
  const [created, setCreated] = useState<Invite | null>(null);
  const create = useAction();

  async function submit() {
    let invite: Invite | undefined;
    const ok = await create.run(async () => {
      invite = await api.request<Invite>(`/api/servers/${serverId}/invites/`, {
        method: "POST",
        body: { max_age: maxAge, max_uses: maxUses },
      });
    });
    if (ok && invite) {
      setCreated(invite);
      onCreated?.(invite);
    }
  }

  const link = created ? inviteLink(window.location.origin, created.code) : null;
  return (
    <Box sx={{ display: "flex", flexDirection: "column", gap: 1.5 }}>
      {create.error && (
        <Alert severity="error">
          {create.error === "Not found." ? notFoundMessage : create.error}
        </Alert>
      )}
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1.5} alignItems={{ sm: "center" }}>
        <TextField
          select
          size="small"
          label="Expire after"
          value={maxAge}
          onChange={(e) => setMaxAge(Number(e.target.value))}
          sx={{ minWidth: 150 }}
        >
          {INVITE_AGE_CHOICES.map((choice) => (
            <MenuItem key={choice.seconds} value={choice.seconds}>
              {choice.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Max uses"
          value={maxUses}
          onChange={(e) => setMaxUses(Number(e.target.value))}
          sx={{ minWidth: 130 }}
        >
          {INVITE_USE_CHOICES.map((uses) => (
            <MenuItem key={uses} value={uses}>
              {uses === 0 ? "No limit" : `${uses} ${uses === 1 ? "use" : "uses"}`}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" onClick={() => void submit()} disabled={create.busy}>
          {create.busy ? "Creating…" : "Create invite"}
        </Button>
      </Stack>
      {link && (
        <Stack direction="row" spacing={1} alignItems="center">
          <TextField
            size="small"
            label="Invite link"
            value={link}
            InputProps={{ readOnly: true }}
            onFocus={(e) => e.target.select()}
            fullWidth
          />
          <CopyLinkButton link={link} label="Copy invite link" />
        </Stack>
      )}
    </Box>
  );
}
