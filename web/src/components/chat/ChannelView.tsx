import { useAuth } from "../../context/AuthContext";
import { useChat } from "../../hooks/useChat";
import type { Membership } from "../../hooks/useMembership";
import type { Channel, Server } from "../../types/api";
import { ChannelHeader } from "./ChannelHeader";
import { ConnectionChip } from "./ConnectionStatus";
import { Conversation } from "./Conversation";
import { MembershipButton } from "./MembershipButton";

interface ChannelViewProps {
  server: Server;
  channel: Channel;
  membership: Membership;
  owner: boolean;
}

/** One open channel. Keyed by channel id by its parent, so switching channels starts afresh. */
export function ChannelView({ server, channel, membership, owner }: ChannelViewProps) {
  const { api, user } = useAuth();
  const chat = useChat({
    serverId: server.id,
    channelId: channel.id,
    api,
    username: user?.username ?? null,
  });
  return (
    <>
      <ChannelHeader server={server} title={channel.name} topic={channel.topic}>
        <ConnectionChip status={chat.status} />
        <MembershipButton membership={membership} owner={owner} />
      </ChannelHeader>
      <Conversation chat={chat} channel={channel} membership={membership} />
    </>
  );
}
