import { useState } from "react";
import { Avatar, Box, ButtonBase, List, ListItem, Typography } from "@mui/material";
import { groupMembers } from "../../services/presence";
import type { MemberList as MemberListData } from "../../hooks/useMemberList";
import { ErrorState, LoadingState } from "../StatusViews";
import { avatarColor, initials } from "../servers/avatarStyle";
import { StatusDot } from "./StatusDot";
import { MemberMenu } from "./MemberMenu";
import type { User } from "../../types/api";

export const MEMBER_LIST_ID = "member-list";

/**
 * The region "Members" (SPEC §11): online members by hoisted role, then the other online
 * members, then offline, each with a status dot that announces its status. Offline members are
 * dimmed. Another member's name opens their menu (message, block).
 */
export function MemberList({
  list,
  myUserId = null,
}: {
  list: MemberListData;
  /** The viewer, who gets no menu of their own. */
  myUserId?: number | null;
}) {
  const [menu, setMenu] = useState<{ user: User; anchor: HTMLElement } | null>(null);
  // An empty group is left out (a server with nobody online shows only "Offline").
  const groups = groupMembers(list, list.roles);
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
          <Box key={group.key}>
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
                  {member.user.id === myUserId ? (
                    <Typography variant="body2" noWrap sx={{ minWidth: 0 }}>
                      {member.user.username}
                    </Typography>
                  ) : (
                    <ButtonBase
                      aria-haspopup="menu"
                      aria-expanded={menu?.user.id === member.user.id}
                      onClick={(event) =>
                        setMenu({
                          user: member.user,
                          anchor: event.currentTarget.closest("li") ?? event.currentTarget,
                        })
                      }
                      sx={{
                        flexGrow: 1,
                        minWidth: 0,
                        justifyContent: "flex-start",
                        borderRadius: 1,
                        px: 0.5,
                        mx: -0.5,
                        "&:hover, &.Mui-focusVisible": { bgcolor: "action.hover" },
                      }}
                    >
                      <Typography variant="body2" noWrap sx={{ minWidth: 0 }}>
                        {member.user.username}
                      </Typography>
                    </ButtonBase>
                  )}
                </ListItem>
              ))}
            </List>
          </Box>
        ))
      )}
      {menu && <MemberMenu user={menu.user} anchorEl={menu.anchor} onClose={() => setMenu(null)} />}
    </Box>
  );
}
