import { useState } from "react";
import { Box } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useGatewayFrames } from "../../context/GatewayContext";
import { useChannel } from "../../hooks/useChannel";
import type { Membership } from "../../hooks/useMembership";
import type { Channel, Server } from "../../types/api";
import { ChannelHeader } from "./ChannelHeader";
import { ConnectionChip } from "./ConnectionStatus";
import { Conversation } from "./Conversation";
import { MembershipButton } from "./MembershipButton";
import { MemberListButton, MembersPanel, useMemberPanel } from "../members/MembersPanel";

interface ChannelViewProps {
  server: Server;
  channel: Channel;
  membership: Membership;
  owner: boolean;
}

/** One open channel. Keyed by channel id by its parent, so switching channels starts afresh. */
export function ChannelView({ server, channel, membership, owner }: ChannelViewProps) {
  const { api, user } = useAuth();
  const chat = useChannel(channel.id, api, user?.id ?? null);
  // Members who join while the channel is open can be mentioned before they have spoken.
  const [joined, setJoined] = useState<ReadonlyMap<number, string>>(new Map());
  useGatewayFrames((frame) => {
    if (frame.type === "member.join" && frame.server_id === server.id)
      setJoined((names) => new Map(names).set(frame.user.id, frame.user.username));
  });
  const memberPanel = useMemberPanel();
  return (
    <>
      <ChannelHeader server={server} title={channel.name} topic={channel.topic}>
        <ConnectionChip status={chat.status} />
        <MembershipButton membership={membership} owner={owner} />
        <MemberListButton panel={memberPanel} />
      </ChannelHeader>
      <Box sx={{ flex: 1, minHeight: 0, display: "flex" }}>
        <Box sx={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column" }}>
          <Conversation
            channelId={channel.id}
            chat={chat}
            channelName={channel.name}
            membership={membership}
            owner={owner}
            members={joined}
          />
        </Box>
        <MembersPanel serverId={server.id} panel={memberPanel} />
      </Box>
    </>
  );
}
