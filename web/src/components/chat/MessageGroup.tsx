import { Avatar, Box, Tooltip, Typography } from "@mui/material";
import { formatTime, formatTimestamp } from "../../services/formatTimestamp";
import type { MessageGroup as Group } from "../../services/groupMessages";
import { avatarColor, initials } from "../servers/avatarStyle";

/** One author's run of messages: avatar, name and time once, then the messages. */
export function MessageGroup({ group }: { group: Group }) {
  const [first, ...rest] = group.messages;
  return (
    <Box component="li" sx={{ listStyle: "none", px: { xs: 1.5, sm: 2.5 }, pt: 1.5, pb: 0.25 }}>
      <Box sx={{ display: "flex", gap: 1.5 }}>
        <Avatar
          aria-hidden
          sx={{
            width: 38,
            height: 38,
            mt: 0.25,
            fontSize: 15,
            fontWeight: 700,
            bgcolor: avatarColor(group.sender),
            color: "#fff",
          }}
        >
          {initials(group.sender)}
        </Avatar>
        <Box sx={{ minWidth: 0, flexGrow: 1 }}>
          <Box sx={{ display: "flex", alignItems: "baseline", gap: 1, flexWrap: "wrap" }}>
            <Typography component="span" fontWeight={700} sx={{ fontSize: 15 }}>
              {group.sender}
            </Typography>
            <Typography
              component="time"
              variant="caption"
              color="text.secondary"
              dateTime={first.timestamp}
            >
              {formatTimestamp(first.timestamp)}
            </Typography>
          </Box>
          <MessageText id={first.id} content={first.content} />
        </Box>
      </Box>
      {rest.map((message) => (
        <Box
          key={message.id}
          sx={{
            display: "flex",
            gap: 1.5,
            "& .hover-time": { visibility: "hidden" },
            "&:hover .hover-time": { visibility: "visible" },
          }}
        >
          <Tooltip title={formatTimestamp(message.timestamp)} placement="left">
            <Typography
              className="hover-time"
              component="time"
              dateTime={message.timestamp}
              variant="caption"
              color="text.secondary"
              sx={{
                width: 38,
                flexShrink: 0,
                fontSize: 10,
                textAlign: "right",
                whiteSpace: "nowrap",
                lineHeight: "23px",
              }}
            >
              {formatTime(message.timestamp)}
            </Typography>
          </Tooltip>
          <MessageText id={message.id} content={message.content} />
        </Box>
      ))}
    </Box>
  );
}

function MessageText({ id, content }: { id: number; content: string }) {
  return (
    <Typography
      data-message-id={id}
      variant="body1"
      sx={{
        whiteSpace: "pre-wrap",
        overflowWrap: "anywhere",
        fontSize: 15,
        lineHeight: 1.45,
        py: "1px",
        minWidth: 0,
      }}
    >
      {content}
    </Typography>
  );
}
