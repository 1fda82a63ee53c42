import { useCallback, useState } from "react";
import { Box, Drawer, IconButton, Tooltip, useMediaQuery } from "@mui/material";
import { useTheme } from "@mui/material/styles";
import PeopleIcon from "@mui/icons-material/People";
import PeopleOutlineIcon from "@mui/icons-material/PeopleOutline";
import { useAuth } from "../../context/AuthContext";
import { useMemberList } from "../../hooks/useMemberList";
import { MEMBER_LIST_ID, MemberList } from "./MemberList";

const STORAGE_KEY = "parley.memberList";
const WIDTH = 240;

export interface MemberPanelState {
  open: boolean;
  isPhone: boolean;
  toggle(): void;
  close(): void;
}

/**
 * Whether the member list shows. On a wide screen it is a column beside the conversation, open
 * unless hidden (remembered); on a phone it is a drawer from the right, closed until asked for.
 */
export function useMemberPanel(): MemberPanelState {
  const theme = useTheme();
  const isPhone = useMediaQuery(theme.breakpoints.down("md"), { noSsr: true });
  const [shown, setShown] = useState(() => localStorage.getItem(STORAGE_KEY) !== "hidden");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const toggle = useCallback(() => {
    if (isPhone) return setDrawerOpen((open) => !open);
    setShown((open) => {
      localStorage.setItem(STORAGE_KEY, open ? "hidden" : "shown");
      return !open;
    });
  }, [isPhone]);
  const close = useCallback(() => setDrawerOpen(false), []);
  return { open: isPhone ? drawerOpen : shown, isPhone, toggle, close };
}

/** The button "Member list" of the channel header. */
export function MemberListButton({ panel }: { panel: MemberPanelState }) {
  return (
    <Tooltip title={panel.open ? "Hide the member list" : "Show the member list"}>
      <IconButton
        aria-label="Member list"
        aria-pressed={panel.open}
        aria-controls={panel.open ? MEMBER_LIST_ID : undefined}
        onClick={panel.toggle}
        size="small"
        color={panel.open ? "primary" : "default"}
      >
        {panel.open ? <PeopleIcon fontSize="small" /> : <PeopleOutlineIcon fontSize="small" />}
      </IconButton>
    </Tooltip>
  );
}

/** The member list beside the conversation (or in a drawer on a phone), live while shown. */
export function MembersPanel({ serverId, panel }: { serverId: number; panel: MemberPanelState }) {
  const theme = useTheme();
  const list = useMemberList(serverId, panel.open);
  const myUserId = useAuth().user?.id ?? null;
  if (panel.isPhone) {
    return (
      <Drawer
        anchor="right"
        open={panel.open}
        onClose={panel.close}
        PaperProps={{ sx: { width: `min(${WIDTH + 40}px, 85vw)` } }}
      >
        <MemberList list={list} myUserId={myUserId} />
      </Drawer>
    );
  }
  if (!panel.open) return null;
  return (
    <Box
      sx={{
        width: WIDTH,
        flexShrink: 0,
        borderLeft: `1px solid ${theme.palette.divider}`,
        minHeight: 0,
      }}
    >
      <MemberList list={list} myUserId={myUserId} />
    </Box>
  );
}
