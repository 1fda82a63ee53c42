import { useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { Box } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import { useGatewayFrames } from "../../context/GatewayContext";
import { useMyTimeout } from "../../hooks/useMyTimeout";
import { useChannel } from "../../hooks/useChannel";
import type { Membership } from "../../hooks/useMembership";
import type { Channel, Server } from "../../types/api";
import { ChannelHeader } from "./ChannelHeader";
import { ConnectionChip } from "./ConnectionStatus";
import { Conversation } from "./Conversation";
import { MembershipButton } from "./MembershipButton";
import { MemberListButton, MembersPanel, useMemberPanel } from "../members/MembersPanel";
import { SearchBox } from "./SearchBox";
import { SEARCH_PANEL_ID, SearchPanel } from "./SearchPanel";
import { useMessageSearch } from "./useMessageSearch";
import type { ChatMessage } from "../../types/api";

/** Route state of a jump from a search result in another channel. */
interface JumpState {
  jumpTo?: number;
}

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
  const timedOutUntil = useMyTimeout(server.id);
  // Members who join while the channel is open can be mentioned before they have spoken.
  const [joined, setJoined] = useState<ReadonlyMap<number, string>>(new Map());
  useGatewayFrames((frame) => {
    if (frame.type === "member.join" && frame.server_id === server.id)
      setJoined((names) => new Map(names).set(frame.user.id, frame.user.username));
  });
  const memberPanel = useMemberPanel();
  const search = useMessageSearch(api, { serverId: server.id, channelId: channel.id });
  const navigate = useNavigate();
  const arrivedFor = (useLocation().state as JumpState | null)?.jumpTo;
  const [jumpRequest, setJumpRequest] = useState(() =>
    arrivedFor ? { id: arrivedFor, token: Date.now() } : null,
  );
  const channelNames = new Map(server.channel_server.map((c) => [c.id, c.name]));
  const jumpTo = (message: ChatMessage) => {
    if (message.channel_id === channel.id) setJumpRequest({ id: message.id, token: Date.now() });
    else
      navigate(`/server/${server.id}/${message.channel_id}`, {
        state: { jumpTo: message.id } satisfies JumpState,
      });
  };
  return (
    <>
      <ChannelHeader server={server} title={channel.name} topic={channel.topic}>
        <SearchBox
          panelId={SEARCH_PANEL_ID}
          open={search.open}
          onSearch={search.search}
          onClose={search.close}
        />
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
            jumpRequest={jumpRequest}
            timedOutUntil={timedOutUntil}
          />
        </Box>
        {search.open ? (
          <SearchPanel
            search={search}
            myUserId={user?.id ?? null}
            channelNames={channelNames}
            onJump={jumpTo}
          />
        ) : (
          <MembersPanel serverId={server.id} panel={memberPanel} />
        )}
      </Box>
    </>
  );
}
