import CloseRoundedIcon from "@mui/icons-material/CloseRounded";
import ErrorOutlineRoundedIcon from "@mui/icons-material/ErrorOutlineRounded";
import InsertDriveFileIcon from "@mui/icons-material/InsertDriveFile";
import { Box, IconButton, LinearProgress, Paper, Tooltip, Typography } from "@mui/material";
import type { TrayItem } from "../../services/uploadTray";
import { formatBytes } from "./formatBytes";

interface ComposerAttachmentsProps {
  items: readonly TrayItem[];
  onRemove(key: number): void;
}

/**
 * The files waiting to go with the message: a preview (images) or a file icon, the name and
 * size, a progress bar while uploading, the reason when refused, and a button that cancels the
 * upload or takes the file out. One row that scrolls sideways, so a phone keeps its message box.
 */
export function ComposerAttachments({ items, onRemove }: ComposerAttachmentsProps) {
  if (items.length === 0) return null;
  return (
    <Box
      role="list"
      aria-label="Files to send"
      sx={{ display: "flex", gap: 1, overflowX: "auto", pb: 1, pt: 0.5 }}
    >
      {items.map((item) => (
        <TrayCard key={item.key} item={item} onRemove={() => onRemove(item.key)} />
      ))}
    </Box>
  );
}

function TrayCard({ item, onRemove }: { item: TrayItem; onRemove(): void }) {
  const percent = item.total > 0 ? Math.round((item.loaded / item.total) * 100) : 0;
  const removeLabel =
    item.status === "uploading" ? `Cancel upload of ${item.name}` : `Remove ${item.name}`;
  const statusId = `tray-status-${item.key}`;
  return (
    <Paper
      role="listitem"
      aria-label={item.name}
      aria-describedby={statusId}
      variant="outlined"
      sx={{
        position: "relative",
        flex: "0 0 auto",
        width: { xs: 150, sm: 180 },
        p: 1,
        borderColor: item.status === "error" ? "error.main" : undefined,
      }}
    >
      <Box
        sx={{
          height: 84,
          borderRadius: 1,
          bgcolor: "action.hover",
          display: "grid",
          placeItems: "center",
          overflow: "hidden",
          mb: 0.75,
        }}
      >
        {item.previewUrl ? (
          <Box
            component="img"
            src={item.previewUrl}
            alt={`Preview of ${item.name}`}
            sx={{ maxWidth: "100%", maxHeight: "100%", objectFit: "contain" }}
          />
        ) : item.status === "error" ? (
          <ErrorOutlineRoundedIcon color="error" fontSize="large" aria-hidden />
        ) : (
          <InsertDriveFileIcon color="action" fontSize="large" aria-hidden />
        )}
      </Box>
      <Typography variant="body2" noWrap title={item.name} sx={{ pr: 3, fontWeight: 600 }}>
        {item.name}
      </Typography>
      <Box id={statusId}>
        {item.status === "uploading" && (
          <>
            <Typography variant="caption" color="text.secondary">
              {formatBytes(item.size)} · {percent}%
            </Typography>
            <LinearProgress
              variant="determinate"
              value={percent}
              aria-label={`Uploading ${item.name}`}
              sx={{ mt: 0.5, borderRadius: 1 }}
            />
          </>
        )}
        {item.status === "done" && (
          <Typography variant="caption" color="text.secondary">
            {formatBytes(item.size)} · ready
          </Typography>
        )}
        {item.status === "error" && (
          <Typography variant="caption" color="error" sx={{ display: "block", lineHeight: 1.3 }}>
            {item.error}
          </Typography>
        )}
      </Box>
      <Tooltip title={item.status === "uploading" ? "Cancel upload" : "Remove"}>
        <IconButton
          size="small"
          aria-label={removeLabel}
          onClick={onRemove}
          sx={{
            position: "absolute",
            top: 4,
            right: 4,
            bgcolor: "background.paper",
            boxShadow: 1,
            "&:hover": { bgcolor: "background.paper" },
          }}
        >
          <CloseRoundedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Paper>
  );
}
