import { useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import { Box, IconButton, TextField, Typography } from "@mui/material";
import SendRoundedIcon from "@mui/icons-material/SendRounded";

export const MAX_MESSAGE_LENGTH = 4000;

interface MessageComposerProps {
  channelName: string;
  onSend(text: string): Promise<void>;
  onTyping(): void;
  typingUsers: string[];
}

/**
 * The message box. Enter sends, Shift+Enter breaks the line. The text is cleared only once the
 * server has confirmed the message; if it refuses (or the connection drops), the text stays and
 * the reason is shown, so nothing typed is ever lost.
 */
export function MessageComposer({
  channelName,
  onSend,
  onTyping,
  typingUsers,
}: MessageComposerProps) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tooLong = text.length > MAX_MESSAGE_LENGTH;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (sending || !text.trim()) return;
    if (tooLong)
      return setError(
        `That message is too long (${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters at most).`,
      );
    const sent = text;
    setSending(true);
    setError(null);
    try {
      await onSend(sent);
      setText((current) => (current === sent ? "" : current));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The message could not be sent.");
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    // isComposing: Enter that confirms an IME composition (Japanese, Chinese...) must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      sx={{ px: { xs: 1, sm: 2 }, pb: { xs: 1, sm: 2 }, pt: 0.5 }}
    >
      <Box sx={{ display: "flex", alignItems: "flex-end", gap: 1 }}>
        <TextField
          fullWidth
          multiline
          maxRows={8}
          size="small"
          name="message"
          placeholder={`Message #${channelName}`}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (error) setError(null);
            if (event.target.value) onTyping();
          }}
          onKeyDown={onKeyDown}
          error={Boolean(error) || tooLong}
          inputProps={{
            "aria-label": `Message #${channelName}`,
            "aria-describedby": "composer-status",
          }}
          sx={{
            "& .MuiInputBase-root": { borderRadius: 3, bgcolor: "action.hover", py: 1.25 },
            "& fieldset": { border: "none" },
          }}
        />
        <IconButton
          type="submit"
          color="primary"
          aria-label="Send message"
          disabled={sending || !text.trim()}
          sx={{ mb: 0.25 }}
        >
          <SendRoundedIcon />
        </IconButton>
      </Box>
      <Box id="composer-status" sx={{ minHeight: 20, px: 1.5, pt: 0.25, display: "flex", gap: 1 }}>
        {error ? (
          <Typography role="alert" variant="caption" color="error">
            {error}
          </Typography>
        ) : (
          <Typography variant="caption" color="text.secondary" aria-live="polite">
            {typingText(typingUsers)}
          </Typography>
        )}
        {text.length > MAX_MESSAGE_LENGTH - 500 && (
          <Typography
            variant="caption"
            color={tooLong ? "error" : "text.secondary"}
            sx={{ ml: "auto" }}
          >
            {text.length}/{MAX_MESSAGE_LENGTH}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

function typingText(users: string[]): string {
  if (users.length === 0) return "";
  if (users.length === 1) return `${users[0]} is typing…`;
  if (users.length === 2) return `${users[0]} and ${users[1]} are typing…`;
  return "Several people are typing…";
}
