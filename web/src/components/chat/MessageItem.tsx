import { memo, useRef, useState } from "react";
import { Avatar, Box, Tooltip, Typography } from "@mui/material";
import { alpha } from "@mui/material/styles";
import { formatTime, formatTimestamp } from "../../services/formatTimestamp";
import { mentionsUser } from "../../services/mentions";
import type { ChatMessage } from "../../types/api";
import { avatarColor, initials } from "../servers/avatarStyle";
import { allowedActions, useConversation } from "./conversationContext";
import { MessageActions } from "./MessageActions";
import { MessageContent } from "./MessageContent";
import { MessageEditor } from "./MessageEditor";
import { ReactionChips } from "./ReactionChips";
import { MessageAttachments } from "../attachments/MessageAttachments";
import { ReplyPreview } from "./ReplyPreview";

interface MessageItemProps {
  message: ChatMessage;
  /** First of its author's run: shows avatar, name and time. */
  showHeader: boolean;
  /** The message a jump landed on, briefly marked. */
  highlighted: boolean;
}

/** One message: reply quote, text (or its inline editor), reactions, and its hover actions. */
export const MessageItem = memo(function MessageItem({
  message,
  showHeader,
  highlighted,
}: MessageItemProps) {
  const conversation = useConversation();
  const [editing, setEditing] = useState(false);
  const row = useRef<HTMLDivElement>(null);
  // Leaving the editor puts the keyboard focus back on the message, not on the page's start.
  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => row.current?.focus({ preventScroll: true }));
  };
  const allowed = allowedActions(message, conversation);
  const mentionsMe = mentionsUser(message, conversation.myUserId);
  // A reply starts a new visual block, as the quote sits above the author line.
  const header = showHeader || Boolean(message.reply_to);

  return (
    <Box
      ref={row}
      data-message-row={message.id}
      tabIndex={-1}
      role="article"
      aria-label={mentionsMe ? `${message.sender}, mentions you` : message.sender}
      sx={(theme) => ({
        position: "relative",
        px: { xs: 1.5, sm: 2.5 },
        pt: header ? 1 : 0,
        pb: 0.25,
        outline: "none",
        transition: "background-color 0.6s",
        borderLeft: "3px solid transparent",
        ...(mentionsMe && {
          bgcolor: alpha(theme.palette.warning.main, theme.palette.mode === "dark" ? 0.12 : 0.1),
          borderLeftColor: theme.palette.warning.main,
        }),
        ...(highlighted && {
          bgcolor: alpha(theme.palette.primary.main, theme.palette.mode === "dark" ? 0.22 : 0.14),
        }),
        "& .message-actions": { opacity: 0, pointerEvents: "none" },
        "&:hover, &:focus-within": {
          bgcolor: highlighted || mentionsMe ? undefined : theme.palette.action.hover,
        },
        "&:hover .message-actions, &:focus-within .message-actions": {
          opacity: 1,
          pointerEvents: "auto",
        },
        "& .hover-time": { visibility: "hidden" },
        "&:hover .hover-time, &:focus-within .hover-time": { visibility: "visible" },
      })}
    >
      {message.reply_to && (
        <Box sx={{ pl: "50px", mb: 0.25 }}>
          <ReplyPreview
            reply={message.reply_to}
            names={conversation.names}
            onJump={conversation.jumpTo}
          />
        </Box>
      )}
      <Box sx={{ display: "flex", gap: 1.5 }}>
        {header ? (
          <Avatar
            aria-hidden
            sx={{
              width: 38,
              height: 38,
              mt: 0.25,
              fontSize: 15,
              fontWeight: 700,
              bgcolor: avatarColor(message.sender),
              color: "#fff",
              flexShrink: 0,
            }}
          >
            {initials(message.sender)}
          </Avatar>
        ) : (
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
        )}
        <Box sx={{ minWidth: 0, flexGrow: 1 }}>
          {header && (
            <Box sx={{ display: "flex", alignItems: "baseline", gap: 1, flexWrap: "wrap" }}>
              <Typography component="span" fontWeight={700} sx={{ fontSize: 15 }}>
                {message.sender}
              </Typography>
              <Typography
                component="time"
                variant="caption"
                color="text.secondary"
                dateTime={message.timestamp}
              >
                {formatTimestamp(message.timestamp)}
              </Typography>
            </Box>
          )}
          {editing ? (
            <MessageEditor
              initial={message.content}
              onCancel={stopEditing}
              onSave={async (content) => {
                await conversation.edit(message, content);
                stopEditing();
              }}
            />
          ) : (
            <Typography
              data-message-id={message.id}
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
              <MessageContent
                content={message.content}
                names={conversation.names}
                myUserId={conversation.myUserId}
              />
              {message.edited_at && (
                <Tooltip title={`Edited ${formatTimestamp(message.edited_at)}`}>
                  <Typography
                    component="span"
                    variant="caption"
                    color="text.secondary"
                    sx={{ ml: 0.5, fontSize: 11 }}
                  >
                    (edited)
                  </Typography>
                </Tooltip>
              )}
            </Typography>
          )}
          <MessageAttachments attachments={message.attachments ?? []} />
          <ReactionChips
            reactions={message.reactions ?? []}
            canReact={allowed.react}
            onToggle={(emoji, add) => conversation.toggleReaction(message, emoji, add)}
          />
        </Box>
      </Box>
      {!editing && (
        <MessageActions
          onReply={allowed.reply ? () => conversation.reply(message) : undefined}
          onReact={allowed.react ? () => conversation.openPicker(message) : undefined}
          onEdit={allowed.edit ? () => setEditing(true) : undefined}
          onDelete={allowed.remove ? () => conversation.askDelete(message) : undefined}
          onMarkUnread={allowed.markUnread ? () => conversation.markUnread?.(message) : undefined}
        />
      )}
    </Box>
  );
});
