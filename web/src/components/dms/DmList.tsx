import {
  Avatar,
  List,
  ListItem,
  ListItemAvatar,
  ListItemButton,
  ListItemText,
  Typography,
} from "@mui/material";
import GroupsIcon from "@mui/icons-material/Groups";
import { Link as RouterLink } from "react-router-dom";
import { useChannelUnread } from "../../context/ReadStateContext";
import { dmTitle } from "../../services/directMessages";
import type { DmChannel } from "../../types/api";
import { MentionBadge, unreadLabel } from "../readStates/MentionBadge";

interface DmListProps {
  dms: readonly DmChannel[];
  selectedId?: number;
}

/** The user's conversations, latest activity first, each a link to its view. */
export function DmList({ dms, selectedId }: DmListProps) {
  if (dms.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
        No conversations yet.
      </Typography>
    );
  return (
    <List dense sx={{ px: 1 }} aria-label="Conversations">
      {dms.map((dm) => (
        <DmRow key={dm.id} dm={dm} selected={dm.id === selectedId} />
      ))}
    </List>
  );
}

/** One conversation: bold while unread, with its mention badge (SPEC §8), both announced. */
function DmRow({ dm, selected }: { dm: DmChannel; selected: boolean }) {
  const title = dmTitle(dm);
  const { unread, mentions } = useChannelUnread(dm.id);
  const bold = unread || mentions > 0;
  return (
    <ListItem disablePadding sx={{ mb: 0.25 }}>
      <ListItemButton
        component={RouterLink}
        to={`/dms/${dm.id}`}
        selected={selected}
        aria-current={selected ? "page" : undefined}
        aria-label={unreadLabel(title, unread, mentions)}
      >
        <ListItemAvatar sx={{ minWidth: 40 }}>
          <Avatar sx={{ width: 28, height: 28, fontSize: 14 }} aria-hidden>
            {dm.type === "group" ? <GroupsIcon fontSize="small" /> : title[0]?.toUpperCase()}
          </Avatar>
        </ListItemAvatar>
        <ListItemText
          primary={title}
          secondary={dm.type === "group" ? `${dm.recipients.length + 1} people` : undefined}
          primaryTypographyProps={{
            noWrap: true,
            fontWeight: bold ? 700 : 500,
            color: bold ? "text.primary" : "text.secondary",
          }}
        />
        <MentionBadge count={mentions} />
      </ListItemButton>
    </ListItem>
  );
}
