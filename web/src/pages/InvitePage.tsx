import { useState } from "react";
import { Alert, Box, Button, Paper, Typography } from "@mui/material";
import { Link as RouterLink, useNavigate, useParams } from "react-router-dom";
import { PrimaryAppBar } from "../components/layout/PrimaryAppBar";
import { ServerAvatar } from "../components/servers/ServerAvatar";
import { ErrorState, LoadingState } from "../components/StatusViews";
import { useAuth } from "../context/AuthContext";
import { useApiResource } from "../hooks/useApiResource";
import { ApiError, userMessage } from "../services/apiErrors";

/** `GET /api/invites/{code}/` (SPEC §10): what an invite leads to, readable without logging in. */
interface InvitePreview {
  code: string;
  server: { id: number; name: string; icon: string | null; num_members: number };
}

/**
 * `/invite/:code`: previews the server an invite leads to and joins it (`POST
 * /api/invites/{code}/`); someone logged out logs in first and comes back here. Already being a
 * member (409) simply opens the server.
 */
export function InvitePage() {
  const code = useParams().code ?? "";
  const { api, status } = useAuth();
  const navigate = useNavigate();
  const preview = useApiResource<InvitePreview>(
    status === "loading" ? null : `/api/invites/${encodeURIComponent(code)}/`,
  );
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join(serverId: number) {
    setJoining(true);
    setError(null);
    try {
      await api.request(`/api/invites/${encodeURIComponent(code)}/`, { method: "POST" });
      navigate(`/server/${serverId}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) navigate(`/server/${serverId}`);
      else if (failure instanceof ApiError && failure.status === 404)
        setError("This invite is no longer valid.");
      else setError(userMessage(failure));
    } finally {
      setJoining(false);
    }
  }

  let content;
  if (status === "loading" || (preview.loading && !preview.data))
    content = <LoadingState label="Opening the invite…" />;
  else if (preview.errorStatus === 404)
    content = (
      <Box sx={{ textAlign: "center" }}>
        <Typography variant="h5" component="h1" fontWeight={700} gutterBottom>
          This invite is invalid or has expired
        </Typography>
        <Button component={RouterLink} to="/" variant="contained" disableElevation>
          Go to Parley
        </Button>
      </Box>
    );
  else if (!preview.data)
    content = (
      <ErrorState message={preview.error ?? "Invite unavailable."} onRetry={preview.reload} />
    );
  else {
    const { server } = preview.data;
    content = (
      <Box sx={{ display: "flex", flexDirection: "column", alignItems: "center", gap: 1.5 }}>
        <Typography color="text.secondary">You've been invited to join</Typography>
        <ServerAvatar name={server.name} icon={server.icon} size={72} />
        <Typography variant="h5" component="h1" fontWeight={700} sx={{ overflowWrap: "anywhere" }}>
          {server.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {server.num_members} {server.num_members === 1 ? "member" : "members"}
        </Typography>
        {error && (
          <Alert severity="error" sx={{ alignSelf: "stretch" }}>
            {error}
          </Alert>
        )}
        {status === "authenticated" ? (
          <Button
            variant="contained"
            size="large"
            fullWidth
            onClick={() => void join(server.id)}
            disabled={joining}
          >
            {joining ? "Joining…" : `Join ${server.name}`}
          </Button>
        ) : (
          <Button
            component={RouterLink}
            to="/login"
            state={{ from: `/invite/${code}` }}
            variant="contained"
            size="large"
            fullWidth
          >
            Log in to join
          </Button>
        )}
      </Box>
    );
  }

  return (
    <Box sx={{ minHeight: "100dvh", display: "grid", placeItems: "center", px: 2 }}>
      <PrimaryAppBar />
      <Paper variant="outlined" sx={{ p: { xs: 3, sm: 4 }, width: "min(440px, 100%)" }}>
        {content}
      </Paper>
    </Box>
  );
}
