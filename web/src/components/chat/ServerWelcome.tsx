import { Box, Button, Stack, Typography } from "@mui/material";
import TagIcon from "@mui/icons-material/Tag";
import { Link as RouterLink } from "react-router-dom";
import { mediaUrl } from "../../config";
import type { Membership } from "../../hooks/useMembership";
import type { Server } from "../../types/api";
import { bannerGradient } from "../servers/avatarStyle";
import { ServerAvatar } from "../servers/ServerAvatar";
import { ChannelHeader } from "./ChannelHeader";
import { MembershipButton } from "./MembershipButton";

/** A server's landing page (no channel chosen): welcome, description and its channels. */
export function ServerWelcome({
  server,
  membership,
  owner,
}: {
  server: Server;
  membership: Membership;
  owner: boolean;
}) {
  const banner = mediaUrl(server.banner);
  return (
    <>
      <ChannelHeader server={server}>
        <MembershipButton membership={membership} owner={owner} />
      </ChannelHeader>
      <Box sx={{ overflowY: "auto", flexGrow: 1 }}>
        <Box
          aria-hidden
          sx={{
            height: { xs: 110, sm: 170 },
            background: banner
              ? `center / cover no-repeat url("${banner}")`
              : bannerGradient(server.name),
          }}
        />
        <Box sx={{ maxWidth: 720, mx: "auto", px: { xs: 2, sm: 4 }, pb: 4 }}>
          <ServerAvatar
            name={server.name}
            icon={server.icon}
            size={80}
            sx={{ mt: -5, border: 4, borderColor: "background.default", boxSizing: "content-box" }}
          />
          <Typography
            variant="h4"
            component="h2"
            fontWeight={700}
            sx={{ mt: 1.5, overflowWrap: "anywhere" }}
          >
            Welcome to {server.name}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {server.description || "This is our home"}
          </Typography>
          {server.num_members !== undefined && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              <Box component="span" sx={{ textTransform: "capitalize" }}>
                {server.category}
              </Box>
              {` · ${server.num_members} ${server.num_members === 1 ? "member" : "members"}`}
            </Typography>
          )}
          {membership.error && (
            <Typography role="alert" color="error" variant="body2" sx={{ mt: 2 }}>
              {membership.error}
            </Typography>
          )}
          <Typography
            variant="overline"
            component="h3"
            color="text.secondary"
            sx={{ display: "block", mt: 4, mb: 1, fontWeight: 700 }}
          >
            Channels
          </Typography>
          {server.channel_server.length === 0 ? (
            <Typography color="text.secondary">No channels yet.</Typography>
          ) : (
            <Stack direction="row" flexWrap="wrap" gap={1}>
              {server.channel_server.map((channel) => (
                <Button
                  key={channel.id}
                  component={RouterLink}
                  to={`/server/${server.id}/${channel.id}`}
                  variant="outlined"
                  startIcon={<TagIcon />}
                >
                  {channel.name}
                </Button>
              ))}
            </Stack>
          )}
        </Box>
      </Box>
    </>
  );
}
