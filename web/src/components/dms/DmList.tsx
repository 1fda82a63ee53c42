import {
  Avatar,
  Box,
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
import { useDmPresence } from "../../hooks/useDmPresence";
import { StatusDot } from "../members/StatusDot";
import { STATUS_LABEL } from "../../services/presence";
import type { PresenceStatus } from "../../types/api";

interface DmListProps {
  dms: readonly DmChannel[];
  selectedId?: number;
}

/**
 * The user's conversations, latest activity first, each a link to its view; a 1:1 shows its
 * partner's status dot (SPEC §11).
 */
export function DmList({ dms, selectedId }: DmListProps) {
  const statuses = useDmPresence();
  if (dms.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
        No conversations yet.
      </Typography>
    );
  return (
    <List dense sx={{ px: 1 }} aria-label="Conversations">
      {dms.map((dm) => (
        <DmRow
          key={dm.id}
          dm={dm}
          selected={dm.id === selectedId}
          status={dm.type === "dm" ? statuses.get(dm.recipients[0]?.id) : undefined}
        />
      ))}
    </List>
  );
}

/** One conversation: bold while unread, with its mention badge (SPEC §8), both announced. */
function DmRow({
  dm,
  selected,
  status,
}: {
  dm: DmChannel;
  selected: boolean;
  /** A 1:1 partner's status, once known. */
  status?: PresenceStatus;
}) {
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
        aria-label={
          unreadLabel(title, unread, mentions) + (status ? `, ${STATUS_LABEL[status]}` : "")
        }
      >
        <ListItemAvatar sx={{ minWidth: 40 }}>
          <Box sx={{ position: "relative", width: 28 }}>
            <Avatar sx={{ width: 28, height: 28, fontSize: 14 }} aria-hidden>
              {dm.type === "group" ? <GroupsIcon fontSize="small" /> : title[0]?.toUpperCase()}
            </Avatar>
            {status && (
              <StatusDot
                status={status}
                size={12}
                sx={{ position: "absolute", right: -3, bottom: -3 }}
              />
            )}
          </Box>
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
