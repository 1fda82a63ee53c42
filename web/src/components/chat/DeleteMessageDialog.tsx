import { useState } from "react";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from "@mui/material";
import { contentAsText } from "../../services/mentions";
import { userMessage } from "../../services/apiErrors";
import type { ChatMessage } from "../../types/api";

/** "Delete message": asks first, shows what goes, and says so if the server refuses. */
export function DeleteMessageDialog({
  message,
  names,
  onClose,
  onDelete,
}: {
  message: ChatMessage | null;
  names: ReadonlyMap<number, string>;
  onClose(): void;
  onDelete(message: ChatMessage): Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    if (!message) return;
    setBusy(true);
    setError(null);
    try {
      await onDelete(message);
      onClose();
    } catch (failure) {
      setError(userMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={message !== null}
      onClose={busy ? undefined : onClose}
      aria-labelledby="delete-message-title"
      aria-describedby="delete-message-text"
      maxWidth="xs"
      fullWidth
      TransitionProps={{ onExited: () => setError(null) }}
    >
      <DialogTitle id="delete-message-title">Delete message</DialogTitle>
      <DialogContent>
        <DialogContentText id="delete-message-text">
          Are you sure you want to delete this message? This can't be undone.
        </DialogContentText>
        {message && (
          <Box
            sx={{
              mt: 1.5,
              p: 1.5,
              borderRadius: 1,
              bgcolor: "action.hover",
              whiteSpace: "pre-wrap",
              overflowWrap: "anywhere",
              maxHeight: 160,
              overflowY: "auto",
            }}
          >
            <strong>{message.sender}</strong>
            <br />
            {contentAsText(message.content, names)}
          </Box>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="error" variant="contained" onClick={confirm} disabled={busy}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
