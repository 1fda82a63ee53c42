import { Box, Button, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router-dom";
import { PrimaryAppBar } from "../components/layout/PrimaryAppBar";

export function NotFoundPage() {
  return (
    <Box sx={{ minHeight: "100dvh", display: "grid", placeItems: "center", px: 2 }}>
      <PrimaryAppBar />
      <Box sx={{ textAlign: "center" }}>
        <Typography variant="h2" component="p" fontWeight={800} color="primary">
          404
        </Typography>
        <Typography variant="h5" component="h1" fontWeight={700} gutterBottom>
          Page not found
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          There's nothing at this address.
        </Typography>
        <Button component={RouterLink} to="/" variant="contained" disableElevation>
          Go to Parley
        </Button>
      </Box>
    </Box>
  );
}
