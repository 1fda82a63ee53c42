import { useState } from "react";
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
} from "@mui/material";
import ForumOutlinedIcon from "@mui/icons-material/ForumOutlined";
import EditOutlinedIcon from "@mui/icons-material/EditOutlined";
import { Link as RouterLink, useNavigate } from "react-router-dom";
import type { DirectMessages } from "../../hooks/useDirectMessages";
import { ErrorState, LoadingState } from "../StatusViews";
import { ColumnHeader } from "../layout/ColumnHeader";
import { DmList } from "./DmList";
import { NewMessageDialog } from "./NewMessageDialog";

interface DmSidebarProps {
  /** The DM list to show; without it only the entry and the button (the explore page). */
  directMessages?: DirectMessages;
  /** The page is the DM page (the entry is the current one when no DM is open). */
  current?: boolean;
  selectedId?: number;
}

/**
 * The home column's way into direct messages (SPEC §9): the navigation entry "Direct
 * messages", the button "New message", and on the DM page the conversations themselves.
 */
export function DmSidebar({ directMessages, current, selectedId }: DmSidebarProps) {
  const [composing, setComposing] = useState(false);
  const navigate = useNavigate();
  const dms = directMessages?.dms;
  return (
    <Box component="nav" aria-label="Direct messages">
      <List dense sx={{ px: 1, pt: 1 }}>
        <ListItem disablePadding>
          <ListItemButton
            component={RouterLink}
            to="/dms"
            selected={current && selectedId === undefined}
            aria-current={current && selectedId === undefined ? "page" : undefined}
          >
            <ListItemIcon sx={{ minWidth: 32 }}>
              <ForumOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText primary="Direct messages" primaryTypographyProps={{ fontWeight: 600 }} />
          </ListItemButton>
        </ListItem>
      </List>
      <Box sx={{ px: 2, pb: 1 }}>
        <Button
          fullWidth
          variant="outlined"
          size="small"
          startIcon={<EditOutlinedIcon />}
          onClick={() => setComposing(true)}
        >
          New message
        </Button>
      </Box>
      {directMessages && (
        <>
          <ColumnHeader title="Conversations" />
          {directMessages.error ? (
            <ErrorState compact message={directMessages.error} onRetry={directMessages.reload} />
          ) : dms ? (
            <DmList dms={dms} selectedId={selectedId} />
          ) : (
            <LoadingState label="Loading conversations…" />
          )}
        </>
      )}
      {composing && (
        <NewMessageDialog
          onClose={() => setComposing(false)}
          onOpened={(dm) => {
            directMessages?.remember(dm);
            navigate(`/dms/${dm.id}`);
          }}
        />
      )}
    </Box>
  );
}
