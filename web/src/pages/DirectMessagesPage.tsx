import { Link as RouterLink, useNavigate, useParams } from "react-router-dom";
import { Box, Button, Typography } from "@mui/material";
import { DmConversationView } from "../components/dms/DmConversationView";
import { DmSidebar } from "../components/dms/DmSidebar";
import { AppLayout } from "../components/layout/AppLayout";
import { UserServers } from "../components/servers/UserServers";
import { EmptyState, ErrorState, LoadingState } from "../components/StatusViews";
import { useApiResource } from "../hooks/useApiResource";
import { useDirectMessages } from "../hooks/useDirectMessages";
import type { Server } from "../types/api";
import { NotFoundPage } from "./NotFoundPage";

/** `/dms/:channelId?` — the user's direct messages, and one of them open (SPEC §9). */
export function DirectMessagesPage() {
  const params = useParams();
  const channelId = params.channelId === undefined ? undefined : Number(params.channelId);
  const navigate = useNavigate();
  const myServers = useApiResource<Server[]>("/api/server/select/?by_user=true");
  const directMessages = useDirectMessages();
  if (channelId !== undefined && (!Number.isInteger(channelId) || channelId <= 0))
    return <NotFoundPage />;

  const { dms, error } = directMessages;
  const dm = dms?.find((d) => d.id === channelId);
  let main;
  if (channelId === undefined) main = <DmWelcome />;
  else if (error) main = <ErrorState message={error} onRetry={directMessages.reload} />;
  else if (!dms) main = <LoadingState label="Loading conversation…" />;
  else if (!dm)
    main = (
      <EmptyState title="This conversation isn't available">
        You may have left it.{" "}
        <Button component={RouterLink} to="/dms" size="small">
          Back to direct messages
        </Button>
      </EmptyState>
    );
  else
    main = (
      <DmConversationView
        key={dm.id}
        dm={dm}
        onChanged={directMessages.remember}
        onLeft={() => navigate("/dms")}
      />
    );

  return (
    <AppLayout
      primaryTitle="Your servers"
      primary={(collapsed) => <UserServers servers={myServers} collapsed={collapsed} />}
      secondary={<DmSidebar directMessages={directMessages} current selectedId={channelId} />}
    >
      {main}
    </AppLayout>
  );
}

function DmWelcome() {
  return (
    <Box sx={{ p: 4, textAlign: "center", color: "text.secondary" }}>
      <Typography component="h1" variant="h6" color="text.primary" gutterBottom>
        Direct messages
      </Typography>
      Talk one to one, or in a group of up to ten: choose a conversation or start a new message.
    </Box>
  );
}
