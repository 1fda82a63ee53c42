import { Box, Typography } from "@mui/material";
import UploadFileRoundedIcon from "@mui/icons-material/UploadFileRounded";
import { useRef, useState } from "react";
import type { DragEvent, ReactNode } from "react";

interface FileDropZoneProps {
  /** Visitors cannot upload: then dropping does nothing (and the browser doesn't open the file). */
  enabled: boolean;
  /** The conversation, as the overlay names it ("#general", "@bob"). */
  label: string;
  onFiles(files: File[]): void;
  children: ReactNode;
}

const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

/**
 * The conversation as a drop target for files: an overlay says where they will go while files
 * are dragged over it. Entering and leaving child elements fires dragenter/dragleave on every
 * one of them, so the overlay counts them rather than trusting a single dragleave.
 */
export function FileDropZone({ enabled, label, onFiles, children }: FileDropZoneProps) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  const reset = () => {
    depth.current = 0;
    setOver(false);
  };

  return (
    <Box
      sx={{
        position: "relative",
        display: "flex",
        flexDirection: "column",
        flexGrow: 1,
        minHeight: 0,
      }}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        if (enabled) setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        // Without preventDefault the browser would navigate to the dropped file.
        event.preventDefault();
        event.dataTransfer.dropEffect = enabled ? "copy" : "none";
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        reset();
        if (enabled) onFiles(Array.from(event.dataTransfer.files));
      }}
    >
      {children}
      {over && (
        <Box
          role="status"
          aria-live="polite"
          sx={{
            position: "absolute",
            inset: 8,
            zIndex: 3,
            pointerEvents: "none",
            borderRadius: 3,
            border: 2,
            borderStyle: "dashed",
            borderColor: "primary.main",
            bgcolor: (theme) =>
              theme.palette.mode === "dark" ? "rgba(18,18,18,0.88)" : "rgba(255,255,255,0.9)",
            display: "grid",
            placeItems: "center",
            textAlign: "center",
            p: 2,
          }}
        >
          <Box>
            <UploadFileRoundedIcon color="primary" sx={{ fontSize: 48 }} />
            <Typography variant="h6">Drop files to send to {label}</Typography>
            <Typography variant="body2" color="text.secondary">
              Up to 10 files per message
            </Typography>
          </Box>
        </Box>
      )}
    </Box>
  );
}
