import { Box, Card, CardActionArea, CardContent, Typography } from "@mui/material";
import PeopleAltOutlinedIcon from "@mui/icons-material/PeopleAltOutlined";
import { Link as RouterLink } from "react-router-dom";
import { mediaUrl } from "../../config";
import type { Server } from "../../types/api";
import { bannerGradient } from "./avatarStyle";
import { ServerAvatar } from "./ServerAvatar";

export function ServerCard({ server }: { server: Server }) {
  const banner = mediaUrl(server.banner);
  return (
    <Card variant="outlined" sx={{ height: "100%", borderRadius: 3 }}>
      <CardActionArea
        component={RouterLink}
        to={`/server/${server.id}`}
        sx={{ height: "100%", display: "flex", flexDirection: "column", alignItems: "stretch" }}
      >
        <Box
          aria-hidden
          sx={{
            height: { xs: 72, sm: 110 },
            background: banner
              ? `center / cover no-repeat url("${banner}")`
              : bannerGradient(server.name),
          }}
        />
        <CardContent sx={{ pt: 0, flexGrow: 1, display: "flex", flexDirection: "column" }}>
          <ServerAvatar
            name={server.name}
            icon={server.icon}
            size={48}
            sx={{
              mt: -3,
              mb: 1,
              border: 3,
              borderColor: "background.paper",
              boxSizing: "content-box",
            }}
          />
          <Typography variant="subtitle1" component="h3" fontWeight={700} noWrap>
            {server.name}
          </Typography>
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ textTransform: "capitalize" }}
            noWrap
          >
            {server.category}
          </Typography>
          {server.description && (
            <Typography
              variant="body2"
              color="text.secondary"
              sx={{
                mt: 1,
                display: "-webkit-box",
                WebkitLineClamp: 2,
                WebkitBoxOrient: "vertical",
                overflow: "hidden",
              }}
            >
              {server.description}
            </Typography>
          )}
          {server.num_members !== undefined && (
            <Typography
              variant="caption"
              color="text.secondary"
              sx={{ mt: "auto", pt: 1.5, display: "flex", alignItems: "center", gap: 0.5 }}
            >
              <PeopleAltOutlinedIcon sx={{ fontSize: 16 }} />
              {server.num_members} {server.num_members === 1 ? "member" : "members"}
            </Typography>
          )}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
