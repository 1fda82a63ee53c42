import { Box } from "@mui/material";
import { MAX_MENTIONS } from "../../services/readStates";

/** "N mentions" for screen readers, a red pill with the number for the eyes. */
export function MentionBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <Box
      component="span"
      role="img"
      aria-label={`${count} mentions`}
      sx={{
        flexShrink: 0,
        minWidth: 18,
        height: 18,
        px: 0.6,
        ml: 1,
        borderRadius: 9,
        bgcolor: "error.main",
        color: "error.contrastText",
        fontSize: 11,
        fontWeight: 700,
        lineHeight: "18px",
        textAlign: "center",
      }}
    >
      {count >= MAX_MENTIONS ? `${MAX_MENTIONS}+` : count}
    </Box>
  );
}

/** The accessible name of a channel, server or DM entry: "general, unread, 3 mentions". */
export function unreadLabel(name: string, unread: boolean, mentions: number): string {
  let label = name;
  if (unread || mentions > 0) label += ", unread";
  if (mentions > 0) label += `, ${mentions} mentions`;
  return label;
}
