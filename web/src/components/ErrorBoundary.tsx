import { Component } from "react";
import type { ErrorInfo, ReactNode } from "react";
import { Box, Button, Typography } from "@mui/material";

interface ErrorBoundaryState {
  error: Error | null;
}

/** Shows what went wrong instead of a blank page when rendering throws. */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("Parley crashed while rendering", error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Box
        role="alert"
        sx={{
          minHeight: "100dvh",
          display: "grid",
          placeItems: "center",
          p: 3,
          textAlign: "center",
        }}
      >
        <Box>
          <Typography variant="h5" component="h1" fontWeight={700} gutterBottom>
            Something went wrong
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            Parley hit an unexpected error. Reloading the page usually helps.
          </Typography>
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ mb: 3, fontFamily: "monospace", overflowWrap: "anywhere" }}
          >
            {this.state.error.message}
          </Typography>
          <Button variant="contained" disableElevation onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Box>
      </Box>
    );
  }
}
