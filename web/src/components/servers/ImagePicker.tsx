import { useEffect, useId, useState } from "react";
import { Box, Button, Typography } from "@mui/material";
import ImageOutlinedIcon from "@mui/icons-material/ImageOutlined";

const ACCEPTED = "image/jpeg,image/png,image/gif,image/webp";
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

interface ImagePickerProps {
  label: string;
  file: File | null;
  onChange(file: File | null): void;
  error?: string;
}

/** A labelled file button for an icon or banner, with a preview of the chosen image. */
export function ImagePicker({ label, file, onChange, error }: ImagePickerProps) {
  const inputId = useId();
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  return (
    <Box sx={{ display: "flex", alignItems: "center", gap: 1.5 }}>
      <Box
        sx={{
          width: 48,
          height: 48,
          borderRadius: 2,
          flexShrink: 0,
          display: "grid",
          placeItems: "center",
          bgcolor: "action.hover",
          background: preview ? `center / cover no-repeat url("${preview}")` : undefined,
        }}
      >
        {!preview && <ImageOutlinedIcon color="disabled" />}
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Button component="label" htmlFor={inputId} variant="outlined" size="small">
          {label}
          <input
            id={inputId}
            hidden
            type="file"
            accept={ACCEPTED}
            onChange={(event) => onChange(event.target.files?.[0] ?? null)}
          />
        </Button>
        <Typography
          variant="caption"
          color={error ? "error" : "text.secondary"}
          sx={{ display: "block", mt: 0.5 }}
          noWrap
        >
          {error ?? (file ? file.name : "JPEG, PNG, GIF or WebP, up to 5 MB")}
        </Typography>
      </Box>
    </Box>
  );
}
