import type { ReactNode } from "react";
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
import { dmTitle } from "../../services/directMessages";
import type { DmChannel } from "../../types/api";

interface DmListProps {
  dms: readonly DmChannel[];
  selectedId?: number;
  /** Per-DM badge (unread, mentions), shown at the end of its row. */
  badge?: (dm: DmChannel) => ReactNode;
}

/** The user's conversations, latest activity first, each a link to its view. */
export function DmList({ dms, selectedId, badge }: DmListProps) {
  if (dms.length === 0)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
        No conversations yet.
      </Typography>
    );
  return (
    <List dense sx={{ px: 1 }} aria-label="Conversations">
      {dms.map((dm) => {
        const title = dmTitle(dm);
        return (
          <ListItem key={dm.id} disablePadding sx={{ mb: 0.25 }}>
            <ListItemButton
              component={RouterLink}
              to={`/dms/${dm.id}`}
              selected={dm.id === selectedId}
              aria-current={dm.id === selectedId ? "page" : undefined}
            >
              <ListItemAvatar sx={{ minWidth: 40 }}>
                <Avatar sx={{ width: 28, height: 28, fontSize: 14 }} aria-hidden>
                  {dm.type === "group" ? <GroupsIcon fontSize="small" /> : title[0]?.toUpperCase()}
                </Avatar>
              </ListItemAvatar>
              <ListItemText
                primary={title}
                secondary={dm.type === "group" ? `${dm.recipients.length + 1} people` : undefined}
                primaryTypographyProps={{ noWrap: true, fontWeight: 500 }}
              />
              {badge?.(dm)}
            </ListItemButton>
          </ListItem>
        );
      })}
    </List>
  );
}
