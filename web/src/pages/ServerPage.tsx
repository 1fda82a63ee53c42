import { useCallback, useRef } from "react";
import { Link as RouterLink, useParams } from "react-router-dom";
import { Button } from "@mui/material";
import { AppLayout } from "../components/layout/AppLayout";
import { ChannelView } from "../components/chat/ChannelView";
import { ServerWelcome } from "../components/chat/ServerWelcome";
import { ServerChannels } from "../components/servers/ServerChannels";
import { UserServers } from "../components/servers/UserServers";
import { isOwner } from "../components/servers/isOwner";
import { EmptyState, ErrorState, LoadingState } from "../components/StatusViews";
import { useAuth } from "../context/AuthContext";
import { useGateway, useGatewayFrames } from "../context/GatewayContext";
import { useApiResource } from "../hooks/useApiResource";
import { useMembership } from "../hooks/useMembership";
import { useServerPermissions } from "../hooks/useServerPermissions";
import type { Server } from "../types/api";
import { NotFoundPage } from "./NotFoundPage";

/** `/server/:serverId/:channelId?` — a server's home, or one of its channels. */
export function ServerPage() {
  const params = useParams();
  const serverId = Number(params.serverId);
  const channelId = params.channelId === undefined ? undefined : Number(params.channelId);
  if (
    !Number.isInteger(serverId) ||
    serverId <= 0 ||
    (channelId !== undefined && !Number.isInteger(channelId))
  ) {
    return <NotFoundPage />;
  }
  return <ServerPageContent key={serverId} serverId={serverId} channelId={channelId} />;
}

function ServerPageContent({ serverId, channelId }: { serverId: number; channelId?: number }) {
  const { user } = useAuth();
  const server = useApiResource<Server[]>(
    `/api/server/select/?by_serverid=${serverId}&with_num_members=true`,
  );
  const myServers = useApiResource<Server[]>("/api/server/select/?by_user=true");
  const reloadServers = myServers.reload;
  const reloadServer = server.reload;
  const onMembershipChange = useCallback(() => {
    reloadServers();
    reloadServer();
  }, [reloadServers, reloadServer]);
  const membership = useMembership(serverId, onMembershipChange);
  useLiveServer(serverId, user?.id ?? null, {
    server: reloadServer,
    servers: reloadServers,
    membership: membership.reload,
  });

  const current = server.data?.[0];
  const owner = current ? isOwner(current, user) : false;
  const permissions = useServerPermissions(current);
  const channel = current?.channel_server.find((c) => c.id === channelId);

  let main;
  if (server.loading && !current) main = <LoadingState label="Loading server…" />;
  else if (server.errorStatus === 400 || (server.data && !current)) main = <ServerNotFound />;
  else if (server.error || !current)
    main = <ErrorState message={server.error ?? "Server unavailable."} onRetry={server.reload} />;
  else if (channelId === undefined)
    main = <ServerWelcome server={current} membership={membership} owner={owner} />;
  else if (!channel) main = <ChannelNotFound serverId={serverId} />;
  else
    main = (
      <ChannelView
        key={channel.id}
        server={current}
        channel={channel}
        membership={membership}
        owner={owner}
      />
    );

  return (
    <AppLayout
      primaryTitle="Your servers"
      primary={(collapsed) => (
        <UserServers servers={myServers} collapsed={collapsed} currentServer={current} />
      )}
      secondary={
        current ? (
          <ServerChannels
            server={current}
            channelId={channelId}
            permissions={permissions}
            onChannelCreated={reloadServer}
            onServerChanged={onMembershipChange}
          />
        ) : null
      }
    >
      {main}
    </AppLayout>
  );
}

/**
 * Keeps the page's REST data fresh from the gateway: a channel created, renamed or deleted, the
 * server changed or deleted, someone joining or leaving (SPEC §6). The lists are few and small,
 * so each such frame simply reloads what it touches. A reconnect's `ready` reloads everything,
 * as anything may have changed while offline.
 */
function useLiveServer(
  serverId: number,
  myUserId: number | null,
  reload: { server(): void; servers(): void; membership(): void },
) {
  const { gateway } = useGateway();
  // The first `ready` after the page opened describes what the page just loaded.
  const skipReady = useRef(gateway?.ready == null);
  useGatewayFrames((frame) => {
    switch (frame.type) {
      case "ready":
        if (skipReady.current) skipReady.current = false;
        else {
          reload.server();
          reload.servers();
          reload.membership();
        }
        break;
      case "channel.create":
      case "channel.update":
      case "channel.delete":
        if (frame.server_id === serverId) reload.server();
        break;
      case "server.update":
        reload.servers();
        if (frame.server.id === serverId) reload.server();
        break;
      case "server.delete":
        reload.servers();
        if (frame.server_id === serverId) reload.server();
        break;
      case "member.join":
      case "member.leave": {
        const who = frame.type === "member.join" ? frame.user.id : frame.user_id;
        if (who === myUserId) {
          reload.servers();
          if (frame.server_id === serverId) reload.membership();
        }
        if (frame.server_id === serverId) reload.server();
        break;
      }
    }
  });
}

function ServerNotFound() {
  return (
    <EmptyState title="This server doesn't exist">
      It may have been deleted.{" "}
      <Button component={RouterLink} to="/" size="small">
        Explore servers
      </Button>
    </EmptyState>
  );
}

function ChannelNotFound({ serverId }: { serverId: number }) {
  return (
    <EmptyState title="This channel doesn't exist">
      <Button component={RouterLink} to={`/server/${serverId}`} size="small">
        Back to the server
      </Button>
    </EmptyState>
  );
}
