import { Avatar, Box, List, ListItem, Typography } from "@mui/material";
import { groupMembers } from "../../services/presence";
import type { MemberList as MemberListData } from "../../hooks/useMemberList";
import { ErrorState, LoadingState } from "../StatusViews";
import { avatarColor, initials } from "../servers/avatarStyle";
import { StatusDot } from "./StatusDot";

export const MEMBER_LIST_ID = "member-list";

/**
 * The region "Members" (SPEC §11): online members first, then offline, each with a status dot
 * that announces its status. Offline members are dimmed.
 */
export function MemberList({ list }: { list: MemberListData }) {
  // An empty group is left out (a server with nobody online shows only "Offline").
  const groups = groupMembers(list).filter((group) => group.members.length > 0);
  return (
    <Box
      component="section"
      id={MEMBER_LIST_ID}
      aria-label="Members"
      sx={{ height: "100%", overflowY: "auto", bgcolor: "background.paper" }}
    >
      {list.loading && list.members.length === 0 ? (
        <LoadingState label="Loading members…" />
      ) : list.error ? (
        <ErrorState message={list.error} />
      ) : (
        groups.map((group) => (
          <Box key={group.label}>
            <Typography
              component="h3"
              variant="caption"
              color="text.secondary"
              sx={{ display: "block", px: 2, pt: 1.5, fontWeight: 700, textTransform: "uppercase" }}
            >
              {group.label} — {group.members.length}
            </Typography>
            <List dense aria-label={group.label} sx={{ pt: 0.5 }}>
              {group.members.map(({ member, status }) => (
                <ListItem
                  key={member.user.id}
                  sx={{ gap: 1.25, opacity: status === "offline" ? 0.6 : 1, py: 0.5 }}
                >
                  <Box sx={{ position: "relative", flexShrink: 0 }}>
                    <Avatar
                      aria-hidden
                      sx={{
                        width: 32,
                        height: 32,
                        fontSize: 14,
                        bgcolor: avatarColor(member.user.username),
                      }}
                    >
                      {initials(member.user.username)}
                    </Avatar>
                    <StatusDot
                      status={status}
                      size={14}
                      sx={{ position: "absolute", right: -2, bottom: -2 }}
                    />
                  </Box>
                  <Typography variant="body2" noWrap sx={{ minWidth: 0 }}>
                    {member.user.username}
                  </Typography>
                </ListItem>
              ))}
            </List>
          </Box>
        ))
      )}
    </Box>
  );
}
