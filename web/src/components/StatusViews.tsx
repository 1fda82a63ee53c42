import type { ReactNode } from "react";
import { Alert, Box, Button, CircularProgress, Typography } from "@mui/material";

/** A failed request, said in words, with a way to try again. */
export function ErrorState({
  message,
  onRetry,
  compact,
}: {
  message: string;
  onRetry?: () => void;
  compact?: boolean;
}) {
  return (
    <Box sx={{ p: compact ? 1 : 3 }}>
      <Alert
        severity="error"
        action={
          onRetry && (
            <Button color="inherit" size="small" onClick={onRetry}>
              Retry
            </Button>
          )
        }
      >
        {message}
      </Alert>
    </Box>
  );
}

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <Box
      role="status"
      sx={{
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        gap: 1.5,
        p: 4,
        flexGrow: 1,
      }}
    >
      <CircularProgress size={20} />
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
    </Box>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box sx={{ p: 4, textAlign: "center", color: "text.secondary" }}>
      <Typography variant="subtitle1" fontWeight={600} color="text.primary" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}
