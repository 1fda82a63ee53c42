import { Box, IconButton, Tooltip } from "@mui/material";
import ReplyRoundedIcon from "@mui/icons-material/ReplyRounded";
import AddReactionOutlinedIcon from "@mui/icons-material/AddReactionOutlined";
import EditOutlinedIcon from "@mui/icons-material/EditOutlined";
import DeleteOutlineRoundedIcon from "@mui/icons-material/DeleteOutlineRounded";
import MarkChatUnreadOutlinedIcon from "@mui/icons-material/MarkChatUnreadOutlined";
import type { ReactNode } from "react";

export interface MessageActionHandlers {
  onReply?: () => void;
  onReact?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
  onMarkUnread?: () => void;
}

/**
 * The toolbar a message shows on hover or keyboard focus. Only the actions the server would
 * accept are offered (a handler left undefined means no button).
 */
export function MessageActions({
  onReply,
  onReact,
  onEdit,
  onDelete,
  onMarkUnread,
}: MessageActionHandlers) {
  if (!onReply && !onReact && !onEdit && !onDelete && !onMarkUnread) return null;
  return (
    <Box
      className="message-actions"
      role="group"
      aria-label="Message actions"
      sx={{
        position: "absolute",
        top: -14,
        right: { xs: 8, sm: 16 },
        display: "flex",
        bgcolor: "background.paper",
        border: 1,
        borderColor: "divider",
        borderRadius: 1.5,
        boxShadow: 1,
        zIndex: 1,
      }}
    >
      {onReply && (
        <Action label="Reply" icon={<ReplyRoundedIcon fontSize="small" />} onClick={onReply} />
      )}
      {onReact && (
        <Action
          label="Add reaction"
          icon={<AddReactionOutlinedIcon fontSize="small" />}
          onClick={onReact}
        />
      )}
      {onMarkUnread && (
        <Action
          label="Mark unread"
          icon={<MarkChatUnreadOutlinedIcon fontSize="small" />}
          onClick={onMarkUnread}
        />
      )}
      {onEdit && (
        <Action
          label="Edit message"
          icon={<EditOutlinedIcon fontSize="small" />}
          onClick={onEdit}
        />
      )}
      {onDelete && (
        <Action
          label="Delete message"
          icon={<DeleteOutlineRoundedIcon fontSize="small" color="error" />}
          onClick={onDelete}
        />
      )}
    </Box>
  );
}

function Action({ label, icon, onClick }: { label: string; icon: ReactNode; onClick(): void }) {
  return (
    <Tooltip title={label} disableInteractive>
      <IconButton size="small" aria-label={label} onClick={onClick} sx={{ borderRadius: 1.5 }}>
        {icon}
      </IconButton>
    </Tooltip>
  );
}
