import { Box, ButtonBase } from "@mui/material";
import { alpha } from "@mui/material/styles";
import type { Reaction } from "../../types/api";

/** A message's reactions: toggle buttons named "<emoji> <count>", pressed when mine. */
export function ReactionChips({
  reactions,
  canReact,
  onToggle,
}: {
  reactions: Reaction[];
  canReact: boolean;
  onToggle(emoji: string, add: boolean): void;
}) {
  if (reactions.length === 0) return null;
  return (
    <Box
      role="group"
      aria-label="Reactions"
      sx={{ display: "flex", flexWrap: "wrap", gap: 0.5, mt: 0.5 }}
    >
      {reactions.map((reaction) => (
        <ButtonBase
          key={reaction.emoji}
          aria-pressed={reaction.me}
          aria-label={`${reaction.emoji} ${reaction.count}`}
          title={
            canReact
              ? reaction.me
                ? "Remove your reaction"
                : "Add this reaction"
              : "Join this server to react"
          }
          disabled={!canReact}
          onClick={() => onToggle(reaction.emoji, !reaction.me)}
          sx={(theme) => ({
            gap: 0.5,
            px: 0.75,
            py: 0.125,
            borderRadius: 2,
            fontSize: 14,
            lineHeight: "22px",
            border: `1px solid ${reaction.me ? theme.palette.primary.main : theme.palette.divider}`,
            bgcolor: reaction.me
              ? alpha(theme.palette.primary.main, theme.palette.mode === "dark" ? 0.25 : 0.12)
              : "action.hover",
            color: "text.primary",
            "&:hover": { borderColor: theme.palette.text.secondary },
            "&.Mui-focusVisible": { outline: `2px solid ${theme.palette.primary.main}` },
            "&.Mui-disabled": { color: "text.primary", opacity: 0.8 },
          })}
        >
          <span aria-hidden>{reaction.emoji}</span>
          <Box component="span" aria-hidden sx={{ fontWeight: 600, fontSize: 13 }}>
            {reaction.count}
          </Box>
        </ButtonBase>
      ))}
    </Box>
  );
}
