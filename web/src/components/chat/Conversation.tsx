import { Alert, Box, Button } from "@mui/material";
import { useAuth } from "../../context/AuthContext";
import type { UseChatResult } from "../../hooks/useChat";
import type { Membership } from "../../hooks/useMembership";
import type { Channel } from "../../types/api";
import { ErrorState } from "../StatusViews";
import { ConnectionBanner } from "./ConnectionStatus";
import { MessageComposer } from "./MessageComposer";
import { MessageList } from "./MessageList";

interface ConversationProps {
  chat: UseChatResult;
  channel: Channel;
  membership: Membership;
}

/** A channel's messages, the message box, and what stands between them (status, join hint). */
export function Conversation({ chat, channel, membership }: ConversationProps) {
  const { user } = useAuth();
  if (chat.fatalError) return <ErrorState message={chat.fatalError} />;
  return (
    <Box sx={{ display: "flex", flexDirection: "column", flexGrow: 1, minHeight: 0 }}>
      <ConnectionBanner status={chat.status} onRetry={chat.retry} />
      {chat.historyError && (
        <ErrorState
          compact
          message={`Couldn't load messages: ${chat.historyError}`}
          onRetry={chat.retry}
        />
      )}
      <MessageList
        channelName={channel.name}
        messages={chat.messages}
        hasOlder={chat.hasOlder}
        loadingOlder={chat.loadingOlder}
        onLoadOlder={chat.loadOlder}
        username={user?.username ?? null}
      />
      {membership.error && (
        <Alert severity="error" sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}>
          {membership.error}
        </Alert>
      )}
      {membership.isMember === false && (
        <Alert
          severity="info"
          role="status"
          sx={{ mx: { xs: 1, sm: 2 }, mb: 1 }}
          action={
            <Button
              color="inherit"
              size="small"
              onClick={membership.join}
              disabled={membership.busy}
            >
              Join
            </Button>
          }
        >
          You're reading as a visitor. Join this server to post.
        </Alert>
      )}
      <MessageComposer
        channelName={channel.name}
        onSend={chat.send}
        onTyping={chat.notifyTyping}
        typingUsers={chat.typingUsers}
      />
    </Box>
  );
}
