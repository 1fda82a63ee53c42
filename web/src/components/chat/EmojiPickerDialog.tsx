import { useRef } from "react";
import type { KeyboardEvent } from "react";
import {
  Box,
  ButtonBase,
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  useMediaQuery,
} from "@mui/material";
import { useTheme } from "@mui/material/styles";
import CloseIcon from "@mui/icons-material/Close";
import { EMOJI } from "../../services/emojiList";

/** Columns of the grid: fewer on a phone, so that it never scrolls sideways. */
const COLUMNS = 8;
const PHONE_COLUMNS = 6;

/**
 * "Choose an emoji": a grid of buttons. Arrow keys move between them (one tab stop for the
 * grid), Home/End jump to the ends, Enter or Space chooses, Esc closes.
 */
export function EmojiPickerDialog({
  open,
  onClose,
  onChoose,
}: {
  open: boolean;
  onClose(): void;
  onChoose(emoji: string): void;
}) {
  const grid = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const columns = useMediaQuery(theme.breakpoints.down("sm")) ? PHONE_COLUMNS : COLUMNS;

  function onKeyDown(event: KeyboardEvent) {
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      ArrowDown: at + columns,
      ArrowUp: at - columns,
      Home: 0,
      End: buttons.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
    buttons.forEach((button) => (button.tabIndex = button === target ? 0 : -1));
    target.focus();
  }

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="emoji-picker-title" maxWidth="xs">
      <DialogTitle id="emoji-picker-title" sx={{ pr: 6 }}>
        Choose an emoji
        <IconButton
          aria-label="Close"
          onClick={onClose}
          sx={{ position: "absolute", right: 8, top: 10 }}
        >
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent>
        <Box
          ref={grid}
          role="group"
          aria-label="Emoji"
          onKeyDown={onKeyDown}
          sx={{
            display: "grid",
            gridTemplateColumns: `repeat(${columns}, minmax(36px, 1fr))`,
            gap: 0.5,
          }}
        >
          {EMOJI.map(([emoji, name], index) => (
            <ButtonBase
              key={emoji}
              autoFocus={index === 0}
              tabIndex={index === 0 ? 0 : -1}
              aria-label={`${emoji} ${name}`}
              title={name}
              onClick={() => onChoose(emoji)}
              sx={(theme) => ({
                fontSize: 22,
                height: 40,
                borderRadius: 1.5,
                "&:hover": { bgcolor: "action.hover" },
                "&:focus-visible, &.Mui-focusVisible": {
                  bgcolor: "action.selected",
                  outline: `2px solid ${theme.palette.primary.main}`,
                },
              })}
            >
              {emoji}
            </ButtonBase>
          ))}
        </Box>
      </DialogContent>
    </Dialog>
  );
}
