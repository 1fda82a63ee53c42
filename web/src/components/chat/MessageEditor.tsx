import { useState } from "react";
import type { KeyboardEvent } from "react";
import { Box, Link, TextField, Typography } from "@mui/material";
import { MAX_MESSAGE_LENGTH } from "./MessageComposer";

/** Inline editing of one's own message: Enter saves, Shift+Enter breaks the line, Esc cancels. */
export function MessageEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave(content: string): Promise<void>;
  onCancel(): void;
}) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    if (saving) return;
    if (text === initial) return onCancel();
    if (!text.trim()) return setError("Messages can't be empty.");
    if (text.length > MAX_MESSAGE_LENGTH)
      return setError("That message is too long (4,000 characters at most).");
    setSaving(true);
    setError(null);
    try {
      await onSave(text);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The message could not be saved.");
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <Box sx={{ py: 0.5 }}>
      <TextField
        autoFocus
        fullWidth
        multiline
        maxRows={10}
        size="small"
        value={text}
        disabled={saving}
        error={Boolean(error)}
        onChange={(event) => {
          setText(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const end = event.target.value.length;
          event.target.setSelectionRange(end, end);
        }}
        inputProps={{ "aria-label": "Edit message", "aria-describedby": "edit-hint" }}
        sx={{ "& .MuiInputBase-root": { bgcolor: "action.hover" } }}
      />
      <Typography id="edit-hint" variant="caption" color="text.secondary" component="p">
        escape to{" "}
        <Link component="button" type="button" variant="caption" onClick={onCancel}>
          cancel
        </Link>{" "}
        · enter to{" "}
        <Link component="button" type="button" variant="caption" onClick={() => void save()}>
          save
        </Link>
      </Typography>
      {error && (
        <Typography role="alert" variant="caption" color="error" component="p">
          {error}
        </Typography>
      )}
    </Box>
  );
}
