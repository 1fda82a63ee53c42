import { Box } from "@mui/material";

/** Where the unread messages of the channel begin (as the channel was opened). */
export function NewMessagesDivider() {
  return (
    <Box
      role="separator"
      aria-label="New messages"
      data-new-messages-divider=""
      sx={{
        display: "flex",
        alignItems: "center",
        gap: 1,
        mx: { xs: 1.5, sm: 2.5 },
        my: 0.5,
        color: "error.main",
        fontSize: 12,
        fontWeight: 700,
        "&::before": { content: '""', flexGrow: 1, borderTop: 1, borderColor: "error.main" },
      }}
    >
      New messages
    </Box>
  );
}
