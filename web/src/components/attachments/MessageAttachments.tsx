import DownloadIcon from "@mui/icons-material/Download";
import InsertDriveFileIcon from "@mui/icons-material/InsertDriveFile";
import BrokenImageOutlinedIcon from "@mui/icons-material/BrokenImageOutlined";
import { Box, ButtonBase, Dialog, IconButton, Link, Paper, Typography } from "@mui/material";
import { useState } from "react";
import type { SxProps, Theme } from "@mui/material";
import type { Attachment } from "../../types/api";
import { formatBytes } from "./formatBytes";
import { useRenewingDownload } from "./useRenewingDownload";
import { useRenewingSrc } from "./useRenewingSrc";

/** A message's files: images as previews that open a lightbox, the rest as file cards. */
export function MessageAttachments({ attachments }: { attachments: Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  const download = useRenewingDownload();
  if (attachments.length === 0) return null;
  return (
    <Box
      role="group"
      aria-label="Attachments"
      sx={{ display: "flex", flexWrap: "wrap", gap: 1, mt: 0.5 }}
    >
      {attachments.map((a) =>
        a.thumbnail_url ? (
          <ButtonBase
            key={a.id}
            onClick={() => setOpen(a)}
            aria-label={`Open image ${a.filename}`}
            sx={{ borderRadius: 1, overflow: "hidden", maxWidth: "100%" }}
          >
            <AttachmentImage
              url={a.thumbnail_url}
              alt={a.filename}
              lazy
              sx={{ display: "block", maxWidth: "min(400px, 100%)", maxHeight: 300 }}
            />
          </ButtonBase>
        ) : (
          <FileCard key={a.id} attachment={a} />
        ),
      )}
      <Dialog
        open={open !== null}
        onClose={() => setOpen(null)}
        maxWidth="lg"
        aria-label={open ? `Image ${open.filename}` : undefined}
      >
        {open && (
          <Box sx={{ position: "relative" }}>
            <AttachmentImage
              url={open.url}
              alt={open.filename}
              sx={{ display: "block", maxWidth: "90vw", maxHeight: "85vh" }}
            />
            <Box sx={{ display: "flex", alignItems: "center", gap: 1, p: 1 }}>
              <Typography variant="body2" noWrap sx={{ flex: 1 }}>
                {open.filename} · {formatBytes(open.size)}
              </Typography>
              <Link href={open.url} download={open.filename} onClick={download}>
                Download
              </Link>
            </Box>
          </Box>
        )}
      </Dialog>
    </Box>
  );
}

/** An attachment's image, loaded again once if it failed because the session needed renewing. */
function AttachmentImage({
  url,
  alt,
  lazy = false,
  sx,
}: {
  url: string;
  alt: string;
  lazy?: boolean;
  sx: SxProps<Theme>;
}) {
  const { src, onError, failed } = useRenewingSrc(url);
  if (failed)
    return (
      <Box
        role="img"
        aria-label={`${alt} (unavailable)`}
        sx={{
          display: "flex",
          alignItems: "center",
          gap: 1,
          px: 2,
          py: 1.5,
          color: "text.secondary",
          bgcolor: "action.hover",
        }}
      >
        <BrokenImageOutlinedIcon aria-hidden />
        <Typography variant="body2">Image unavailable</Typography>
      </Box>
    );
  return (
    <Box
      component="img"
      src={src}
      alt={alt}
      loading={lazy ? "lazy" : undefined}
      onError={onError}
      sx={sx}
    />
  );
}

function FileCard({ attachment }: { attachment: Attachment }) {
  const download = useRenewingDownload();
  return (
    <Paper
      variant="outlined"
      sx={{ display: "flex", alignItems: "center", gap: 1, px: 1.5, py: 1, maxWidth: 360 }}
    >
      <InsertDriveFileIcon color="action" aria-hidden />
      <Box sx={{ minWidth: 0, flex: 1 }}>
        <Typography variant="body2" noWrap title={attachment.filename}>
          {attachment.filename}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {formatBytes(attachment.size)}
        </Typography>
      </Box>
      <IconButton
        component="a"
        href={attachment.url}
        download={attachment.filename}
        onClick={download}
        aria-label={`Download ${attachment.filename}`}
        size="small"
      >
        <DownloadIcon fontSize="small" />
      </IconButton>
    </Paper>
  );
}
