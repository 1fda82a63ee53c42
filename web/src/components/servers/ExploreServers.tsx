import { useState } from "react";
import { Box, Button, Grid, Typography } from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import { useAuth } from "../../context/AuthContext";
import { useApiResource } from "../../hooks/useApiResource";
import type { Server } from "../../types/api";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import { CreateServerDialog } from "./CreateServerDialog";
import { ServerCard } from "./ServerCard";

/** Main area of the home and explore pages: server cards, all or of one category. */
export function ExploreServers({ categoryName }: { categoryName?: string }) {
  const query = categoryName ? `&category=${encodeURIComponent(categoryName)}` : "";
  const servers = useApiResource<Server[]>(`/api/server/select/?with_num_members=true${query}`);
  const { status } = useAuth();
  const [creating, setCreating] = useState(false);

  return (
    <Box sx={{ overflowY: "auto", flexGrow: 1 }}>
      <Box sx={{ maxWidth: 1280, mx: "auto", px: { xs: 2, sm: 3, md: 4 }, py: { xs: 3, sm: 4 } }}>
        <Typography
          variant="h3"
          component="h1"
          fontWeight={700}
          sx={{ textTransform: "capitalize", letterSpacing: "-1px" }}
        >
          {categoryName ?? "Popular Channels"}
        </Typography>
        <Typography
          variant="h6"
          component="p"
          color="text.secondary"
          fontWeight={400}
          sx={{ mt: 0.5 }}
        >
          {categoryName
            ? `Channels talking about ${categoryName}`
            : "Check out some of our popular channels"}
        </Typography>
        <Box sx={{ display: "flex", alignItems: "center", mt: 4, mb: 1.5, gap: 2 }}>
          <Typography
            variant="overline"
            component="h2"
            color="text.secondary"
            sx={{ fontWeight: 700, flexGrow: 1 }}
          >
            Recommended Channels
          </Typography>
          {status === "authenticated" && (
            <Button size="small" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
              Create a server
            </Button>
          )}
        </Box>
        {servers.loading && <LoadingState label="Loading servers…" />}
        {servers.error && <ErrorState message={servers.error} onRetry={servers.reload} />}
        {servers.data?.length === 0 && (
          <EmptyState title="No servers here yet">
            Be the first: create one from a server page.
          </EmptyState>
        )}
        <Grid container spacing={{ xs: 2, md: 3 }}>
          {servers.data?.map((server) => (
            <Grid item key={server.id} xs={12} sm={6} lg={4} xl={3}>
              <ServerCard server={server} />
            </Grid>
          ))}
        </Grid>
      </Box>
      {creating && <CreateServerDialog onClose={() => setCreating(false)} />}
    </Box>
  );
}
