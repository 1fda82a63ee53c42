import { useRef, useState } from "react";
import type { ClipboardEvent, FormEvent, KeyboardEvent, RefObject } from "react";
import { Box, IconButton, Paper, TextField, Tooltip, Typography } from "@mui/material";
import SendRoundedIcon from "@mui/icons-material/SendRounded";
import CloseRoundedIcon from "@mui/icons-material/CloseRounded";
import AddCircleRoundedIcon from "@mui/icons-material/AddCircleRounded";
import type { UploadTrayControl } from "../../hooks/useUploadTray";
import { trayStatus } from "../../services/uploadTray";
import { MAX_ATTACHMENTS } from "../../services/uploads";
import { ComposerAttachments } from "../attachments/ComposerAttachments";
import { activeMentionQuery, insertMention, mentionCandidates } from "../../services/mentions";
import type { MentionQuery } from "../../services/mentions";
import { avatarColor, initials } from "../servers/avatarStyle";

export const MAX_MESSAGE_LENGTH = 4000;

export interface ReplyTarget {
  id: number;
  sender: string;
}

interface MessageComposerProps {
  channelName: string;
  /** How the box names the conversation ("Message #general" by default, "Message @bob"). */
  label?: string;
  /** Sends the text with the ids of the stored uploads (SPEC §12); rejects with the reason. */
  onSend(text: string, attachments: number[]): Promise<void>;
  onTyping(): void;
  typingUsers: string[];
  /** The message being answered, shown above the box with a way to cancel. */
  replyTo?: ReplyTarget | null;
  onCancelReply?: () => void;
  /** Who `@` offers, by id. */
  mentionUsers?: ReadonlyMap<number, string>;
  /** Lets the parent focus the box (after choosing "Reply"). */
  inputRef?: RefObject<HTMLTextAreaElement>;
  /** The files going with the message; without it the composer offers no attach button. */
  uploads?: UploadTrayControl;
  /** Nothing may be sent for now (a moderator's timeout): the box is shown, read-only. */
  disabled?: boolean;
}

const NO_USERS: ReadonlyMap<number, string> = new Map();

/**
 * The message box. Enter sends, Shift+Enter breaks the line. The text is cleared only once the
 * server has confirmed the message; if it refuses (or the connection drops), the text stays and
 * the reason is shown, so nothing typed is ever lost. Typing `@` offers members; choosing one
 * inserts `<@ID>`. Files come by the attach button, by pasting, or dropped on the conversation;
 * they upload at once, and the message may be sent (with or without text) once they are stored.
 */
export function MessageComposer({
  channelName,
  label = `#${channelName}`,
  onSend,
  onTyping,
  typingUsers,
  replyTo = null,
  onCancelReply,
  mentionUsers = NO_USERS,
  inputRef,
  uploads,
  disabled = false,
}: MessageComposerProps) {
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const input = inputRef ?? ownRef;
  const fileInput = useRef<HTMLInputElement>(null);
  const tooLong = text.length > MAX_MESSAGE_LENGTH;
  const items = uploads?.state.items ?? [];
  const files = trayStatus(items);
  const hasContent = Boolean(text.trim()) || files.ids.length > 0;

  const mention = activeMentionQuery(text, caret);
  const candidates = mention ? mentionCandidates(mentionUsers, mention.query) : [];
  const suggesting = mention !== null && candidates.length > 0 && dismissed !== mention.start;
  const activeIndex = Math.min(active, candidates.length - 1);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (sending || disabled) return;
    if (files.uploading) return setError("Wait for the files to finish uploading.");
    if (files.failed) return setError("Remove the files that couldn't be uploaded, then send.");
    if (!hasContent) return;
    if (tooLong)
      return setError(
        `That message is too long (${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters at most).`,
      );
    const sent = text;
    const sentFiles = items.filter((item) => item.status === "done");
    setSending(true);
    setError(null);
    try {
      // Blank text with files goes as no text at all, not as the spaces typed.
      await onSend(sent.trim() ? sent : "", files.ids);
      setText((current) => (current === sent ? "" : current));
      // Only what went: a file added while the message was on its way stays for the next one.
      sentFiles.forEach((item) => uploads?.remove(item.key));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The message could not be sent.");
    } finally {
      setSending(false);
    }
  }

  function choose(query: MentionQuery, userId: number) {
    const next = insertMention(text, query, userId);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      const element = input.current;
      if (!element) return;
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (suggesting && mention) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((activeIndex + step + candidates.length) % candidates.length);
        return;
      }
      if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
        event.preventDefault();
        choose(mention, candidates[activeIndex].id);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setDismissed(mention.start);
        return;
      }
    }
    if (event.key === "Escape" && replyTo && onCancelReply) {
      event.preventDefault();
      onCancelReply();
      return;
    }
    // isComposing: Enter that confirms an IME composition (Japanese, Chinese...) must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  const trackCaret = () => setCaret(input.current?.selectionStart ?? text.length);

  function onPaste(event: ClipboardEvent) {
    if (!uploads) return;
    const pasted = Array.from(event.clipboardData.files);
    // Copied text that also comes with a picture of itself (word processors) pastes as text.
    if (pasted.length === 0 || event.clipboardData.getData("text/plain")) return;
    event.preventDefault();
    setError(null);
    uploads.add(pasted);
  }

  return (
    <Box
      component="form"
      onSubmit={submit}
      sx={{ px: { xs: 1, sm: 2 }, pb: { xs: 1, sm: 2 }, pt: 0.5, position: "relative" }}
    >
      {suggesting && mention && (
        <Paper
          elevation={6}
          id="mention-suggestions"
          role="listbox"
          aria-label="Mention a member"
          sx={{
            position: "absolute",
            bottom: "100%",
            left: { xs: 8, sm: 16 },
            right: { xs: 8, sm: 16 },
            maxWidth: 420,
            py: 0.5,
            zIndex: 2,
          }}
        >
          <Typography variant="overline" color="text.secondary" sx={{ px: 1.5, fontWeight: 700 }}>
            Members
          </Typography>
          {candidates.map((user, index) => (
            <Box
              key={user.id}
              id={`mention-option-${user.id}`}
              role="option"
              aria-selected={index === activeIndex}
              // mousedown, not click: the text box keeps the focus (and the caret).
              onMouseDown={(event) => {
                event.preventDefault();
                choose(mention, user.id);
              }}
              onMouseEnter={() => setActive(index)}
              sx={{
                display: "flex",
                alignItems: "center",
                gap: 1,
                px: 1.5,
                py: 0.75,
                cursor: "pointer",
                bgcolor: index === activeIndex ? "action.selected" : undefined,
              }}
            >
              <Box
                aria-hidden
                sx={{
                  width: 24,
                  height: 24,
                  borderRadius: "50%",
                  fontSize: 11,
                  fontWeight: 700,
                  display: "grid",
                  placeItems: "center",
                  color: "#fff",
                  bgcolor: avatarColor(user.username),
                }}
              >
                {initials(user.username)}
              </Box>
              <Typography variant="body2" fontWeight={600}>
                {user.username}
              </Typography>
            </Box>
          ))}
        </Paper>
      )}
      {replyTo && (
        <Box
          role="status"
          sx={{
            display: "flex",
            alignItems: "center",
            gap: 1,
            px: 1.5,
            py: 0.25,
            mb: -0.5,
            borderRadius: "12px 12px 0 0",
            bgcolor: "action.selected",
          }}
        >
          <Typography variant="body2" color="text.secondary" noWrap sx={{ flexGrow: 1 }}>
            Replying to{" "}
            <Box component="strong" sx={{ color: "text.primary" }}>
              {replyTo.sender}
            </Box>
          </Typography>
          <IconButton size="small" aria-label="Cancel reply" onClick={onCancelReply}>
            <CloseRoundedIcon fontSize="small" />
          </IconButton>
        </Box>
      )}
      {uploads && (
        <ComposerAttachments
          items={items}
          onRemove={(key) => {
            setError(null);
            uploads.remove(key);
          }}
        />
      )}
      <Box sx={{ display: "flex", alignItems: "flex-end", gap: 1 }}>
        {uploads && (
          <>
            <Tooltip title="Attach files">
              <IconButton
                aria-label="Attach files"
                onClick={() => fileInput.current?.click()}
                disabled={items.length >= MAX_ATTACHMENTS}
                sx={{ mb: 0.25 }}
              >
                <AddCircleRoundedIcon />
              </IconButton>
            </Tooltip>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(event) => {
                const chosen = Array.from(event.target.files ?? []);
                // Cleared, so that choosing the same file again (after removing it) still counts.
                event.target.value = "";
                setError(null);
                uploads.add(chosen);
              }}
            />
          </>
        )}
        <TextField
          fullWidth
          multiline
          maxRows={8}
          size="small"
          name="message"
          placeholder={disabled ? "You can't post here for now" : `Message ${label}`}
          disabled={disabled}
          value={text}
          inputRef={input}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart ?? event.target.value.length);
            setActive(0);
            if (error) setError(null);
            if (event.target.value) onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onKeyUp={trackCaret}
          onClick={trackCaret}
          error={Boolean(error) || tooLong}
          inputProps={{
            "aria-label": `Message ${label}`,
            "aria-describedby": "composer-status",
            "aria-autocomplete": "list",
            "aria-controls": suggesting ? "mention-suggestions" : undefined,
            "aria-activedescendant": suggesting
              ? `mention-option-${candidates[activeIndex].id}`
              : undefined,
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
          disabled={disabled || sending || !hasContent || files.uploading || files.failed}
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
        ) : uploads?.state.notice ? (
          <Typography role="status" variant="caption" color="warning.main">
            {uploads.state.notice}
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
