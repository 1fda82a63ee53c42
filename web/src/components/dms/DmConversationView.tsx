import { useMemo, useState } from "react";
import { Box, IconButton, Tooltip, Typography } from "@mui/material";
import { useTheme } from "@mui/material/styles";
import AlternateEmailIcon from "@mui/icons-material/AlternateEmail";
import GroupsIcon from "@mui/icons-material/Groups";
import SettingsOutlinedIcon from "@mui/icons-material/SettingsOutlined";
import { useAuth } from "../../context/AuthContext";
import { useChannel } from "../../hooks/useChannel";
import type { Membership } from "../../hooks/useMembership";
import { dmTitle } from "../../services/directMessages";
import type { DmChannel } from "../../types/api";
import { ConnectionChip } from "../chat/ConnectionStatus";
import { Conversation } from "../chat/Conversation";
import { GroupSettingsDialog } from "./GroupSettingsDialog";

/** Everyone in a DM may post: there is nothing to join (the server still refuses a blocked 1:1). */
const RECIPIENT: Membership = {
  isMember: true,
  busy: false,
  error: null,
  join: async () => undefined,
  leave: async () => undefined,
  reload: () => undefined,
};

interface DmConversationViewProps {
  dm: DmChannel;
  onChanged(dm: DmChannel): void;
  onLeft(): void;
}

/**
 * One open DM: the channel conversation (every §7 action) with a header naming the people in
 * it, and for a group its settings. Nobody moderates others' messages in a DM.
 */
export function DmConversationView({ dm, onChanged, onLeft }: DmConversationViewProps) {
  const theme = useTheme();
  const { api, user } = useAuth();
  const chat = useChannel(dm.id, api, user?.id ?? null);
  const [settings, setSettings] = useState(false);
  const title = dmTitle(dm);
  const members = useMemo(
    () => new Map(dm.recipients.map((person) => [person.id, person.username] as const)),
    [dm.recipients],
  );
  return (
    <>
      <Box
        sx={{
          height: 52,
          flexShrink: 0,
          px: { xs: 1.5, sm: 2 },
          display: "flex",
          alignItems: "center",
          gap: 1,
          borderBottom: `1px solid ${theme.palette.divider}`,
          bgcolor: "background.default",
        }}
      >
        {dm.type === "group" ? (
          <GroupsIcon fontSize="small" color="action" />
        ) : (
          <AlternateEmailIcon fontSize="small" color="action" />
        )}
        <Typography component="h1" variant="subtitle1" fontWeight={700} noWrap sx={{ minWidth: 0 }}>
          {title}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <ConnectionChip status={chat.status} />
        {dm.type === "group" && (
          <Tooltip title="Group settings">
            <IconButton aria-label="Group settings" onClick={() => setSettings(true)}>
              <SettingsOutlinedIcon />
            </IconButton>
          </Tooltip>
        )}
      </Box>
      <Conversation
        channelId={dm.id}
        chat={chat}
        channelName={title}
        label={dm.type === "group" ? title : `@${title}`}
        intro={{
          title,
          empty:
            dm.type === "group"
              ? "No messages yet. Say hello to the group."
              : `No messages yet. Say hello to ${title}.`,
          start:
            dm.type === "group"
              ? "This is the start of this group conversation."
              : `This is the start of your conversation with ${title}.`,
        }}
        membership={RECIPIENT}
        owner={false}
        members={members}
      />
      {settings && (
        <GroupSettingsDialog
          dm={dm}
          onClose={() => setSettings(false)}
          onChanged={onChanged}
          onLeft={onLeft}
        />
      )}
    </>
  );
}
