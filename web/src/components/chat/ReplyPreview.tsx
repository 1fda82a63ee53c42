import { Box, ButtonBase, Typography } from "@mui/material";
import SubdirectoryArrowRightIcon from "@mui/icons-material/SubdirectoryArrowRight";
import { contentAsText } from "../../services/mentions";
import type { ReplyRef } from "../../types/api";

/** The quoted original above a reply: sender and first line; a click jumps to it. */
export function ReplyPreview({
  reply,
  names,
  onJump,
}: {
  reply: ReplyRef;
  names: ReadonlyMap<number, string>;
  onJump(messageId: number): void;
}) {
  const icon = (
    <SubdirectoryArrowRightIcon
      aria-hidden
      sx={{ fontSize: 16, color: "text.secondary", transform: "scaleY(-1)" }}
    />
  );
  if (reply.deleted) {
    return (
      <Box sx={{ display: "flex", alignItems: "center", gap: 0.5, minWidth: 0 }}>
        {icon}
        <Typography variant="body2" color="text.secondary" fontStyle="italic">
          Original message was deleted
        </Typography>
      </Box>
    );
  }
  const firstLine = contentAsText(reply.content, names).split("\n")[0];
  return (
    <ButtonBase
      onClick={() => onJump(reply.id)}
      title="Jump to the original message"
      aria-label={`Reply to ${reply.sender}: ${firstLine}`}
      sx={{
        display: "flex",
        alignItems: "center",
        gap: 0.5,
        minWidth: 0,
        maxWidth: "100%",
        justifyContent: "flex-start",
        borderRadius: 1,
        px: 0.5,
        "&:hover .reply-text, &:focus-visible .reply-text": { color: "text.primary" },
        "&:focus-visible": { outline: 2, outlineStyle: "solid", outlineColor: "primary.main" },
      }}
    >
      {icon}
      <Typography component="span" variant="body2" fontWeight={700} sx={{ flexShrink: 0 }}>
        @{reply.sender}
      </Typography>
      <Typography
        component="span"
        variant="body2"
        color="text.secondary"
        className="reply-text"
        noWrap
        sx={{ minWidth: 0 }}
      >
        {firstLine}
      </Typography>
    </ButtonBase>
  );
}
