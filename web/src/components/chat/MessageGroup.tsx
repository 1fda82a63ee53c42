import { Box } from "@mui/material";
import type { MessageGroup as Group } from "../../services/groupMessages";
import { NewMessagesDivider } from "../readStates/NewMessagesDivider";
import { MessageItem } from "./MessageItem";

/** One author's run of messages: avatar, name and time once, then the messages. */
export function MessageGroup({ group, highlightId }: { group: Group; highlightId: number | null }) {
  return (
    <Box component="li" sx={{ listStyle: "none", pt: 0.5 }}>
      {group.firstUnread && <NewMessagesDivider />}
      {group.messages.map((message, index) => (
        <MessageItem
          key={message.id}
          message={message}
          showHeader={index === 0}
          highlighted={message.id === highlightId}
        />
      ))}
    </Box>
  );
}
