import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  Box,
  Button,
  Chip,
  IconButton,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Stack,
  Typography,
} from "@mui/material";
import MoreVertIcon from "@mui/icons-material/MoreVert";
import AddIcon from "@mui/icons-material/Add";
import CloseIcon from "@mui/icons-material/Close";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { userMessage } from "../../services/apiErrors";
import { formatTimestamp } from "../../services/formatTimestamp";
import { isTimedOut } from "../../services/moderation";
import { PERMISSION, hasPermission } from "../../services/permissionBits";
import { colorToHex, highestPosition, outranks, rolesHighestFirst } from "../../services/roleOrder";
import type { Role, ServerMember } from "../../types/api";
import { isOwner } from "../servers/isOwner";
import { EmptyState, ErrorState, LoadingState } from "../StatusViews";
import { ModerationDialog } from "./ModerationDialog";
import type { ModerationKind } from "./ModerationDialog";
import type { SettingsTabProps } from "./settingsContext";

const PAGE = 50;

/**
 * Members a page at a time (`GET /api/servers/{id}/members/`), with their roles (MANAGE_ROLES
 * gives and takes roles below mine) and kick, ban and timeout for those ranked below me.
 */
export function MembersTab({ server, permissions }: SettingsTabProps) {
  const { api, user } = useAuth();
  const [members, setMembers] = useState<ServerMember[]>([]);
  const [more, setMore] = useState(true);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [menu, setMenu] = useState<{
    member: ServerMember;
    anchor: HTMLElement;
    kind: "roles" | "actions";
  } | null>(null);
  const [moderating, setModerating] = useState<{
    member: ServerMember;
    kind: ModerationKind;
  } | null>(null);
  const change = useAction();
  const roles = permissions.roles;
  const rank = permissions.rank;
  const bits = permissions.bits;
  const canRoles = hasPermission(bits, PERMISSION.MANAGE_ROLES);

  const loadPage = useCallback(
    async (after: number, replace: boolean) => {
      setLoading(true);
      setLoadError(null);
      try {
        const page = await api.get<ServerMember[]>(
          `/api/servers/${server.id}/members/?after=${after}&limit=${PAGE}`,
        );
        setMembers((current) => (replace ? page : [...current, ...page]));
        setMore(page.length === PAGE);
      } catch (failure) {
        setLoadError(userMessage(failure));
      } finally {
        setLoading(false);
      }
    },
    [api, server.id],
  );

  useEffect(() => {
    void loadPage(0, true);
  }, [loadPage]);

  /** Reads the member again (after a role change or a timeout), or drops them (kick, ban). */
  async function refreshMember(userId: number) {
    const page = await api.get<ServerMember[]>(
      `/api/servers/${server.id}/members/?after=${userId - 1}&limit=1`,
    );
    const fresh = page[0]?.user.id === userId ? page[0] : undefined;
    setMembers((current) =>
      fresh
        ? current.map((m) => (m.user.id === userId ? fresh : m))
        : current.filter((m) => m.user.id !== userId),
    );
  }

  async function setRole(member: ServerMember, role: Role, give: boolean) {
    setMenu(null);
    const ok = await change.run(() =>
      api.request<void>(`/api/servers/${server.id}/members/${member.user.id}/roles/${role.id}/`, {
        method: give ? "PUT" : "DELETE",
      }),
    );
    if (ok) {
      await refreshMember(member.user.id).catch(() => undefined);
      if (member.user.id === user?.id) permissions.reload();
    }
  }

  const ownerOf = (member: ServerMember) => isOwner(server, member.user);
  const mayModerate = (member: ServerMember) =>
    member.user.id !== user?.id &&
    !ownerOf(member) &&
    outranks(rank, highestPosition(roles, member.roles));
  const actionsFor = (member: ServerMember) =>
    mayModerate(member)
      ? ([
          hasPermission(bits, PERMISSION.MODERATE_MEMBERS) && ("timeout" as const),
          hasPermission(bits, PERMISSION.KICK_MEMBERS) && ("kick" as const),
          hasPermission(bits, PERMISSION.BAN_MEMBERS) && ("ban" as const),
        ].filter(Boolean) as ModerationKind[])
      : [];
  const assignable = (member: ServerMember) =>
    canRoles
      ? rolesHighestFirst(roles, server.id).filter(
          (role) => outranks(rank, role.position) && !member.roles.includes(role.id),
        )
      : [];

  return (
    <Box component="section" aria-labelledby="members-heading">
      <Typography id="members-heading" component="h3" variant="h6" gutterBottom>
        Members
      </Typography>
      {change.error && (
        <Alert severity="error" onClose={change.clearError} sx={{ mb: 1 }}>
          {change.error}
        </Alert>
      )}
      {loadError && members.length === 0 ? (
        <ErrorState message={loadError} onRetry={() => void loadPage(0, true)} />
      ) : loading && members.length === 0 ? (
        <LoadingState label="Loading members…" />
      ) : members.length === 0 ? (
        <EmptyState title="No members" />
      ) : (
        <List aria-label="Server members">
          {members.map((member) => {
            const actions = actionsFor(member);
            const toGive = assignable(member);
            const held = roles.filter((role) => member.roles.includes(role.id));
            const timedOut = isTimedOut(member.timeout_until, new Date());
            return (
              <ListItem
                key={member.user.id}
                divider
                sx={{ flexWrap: "wrap", gap: 1, alignItems: "center" }}
                aria-label={member.user.username}
              >
                <ListItemText
                  primary={member.user.username}
                  secondary={[
                    ownerOf(member) ? "Owner" : null,
                    timedOut && member.timeout_until
                      ? `Timed out until ${formatTimestamp(member.timeout_until)}`
                      : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                  sx={{ flex: "1 1 140px", minWidth: 0 }}
                />
                {(held.length > 0 || toGive.length > 0) && (
                  <Stack direction="row" flexWrap="wrap" gap={0.5} sx={{ flex: "2 1 200px" }}>
                    {held.map((role) => (
                      <Box key={role.id} sx={{ display: "inline-flex", alignItems: "center" }}>
                        <Chip
                          size="small"
                          variant="outlined"
                          label={role.name}
                          sx={{ borderColor: role.color ? colorToHex(role.color) : undefined }}
                        />
                        {canRoles && outranks(rank, role.position) && (
                          <IconButton
                            size="small"
                            aria-label={`Remove role ${role.name} from ${member.user.username}`}
                            onClick={() => void setRole(member, role, false)}
                            disabled={change.busy}
                            sx={{ p: 0.25 }}
                          >
                            <CloseIcon sx={{ fontSize: 14 }} />
                          </IconButton>
                        )}
                      </Box>
                    ))}
                    {toGive.length > 0 && (
                      <Chip
                        size="small"
                        icon={<AddIcon />}
                        label="Role"
                        aria-label={`Add a role to ${member.user.username}`}
                        onClick={(event) =>
                          setMenu({ member, anchor: event.currentTarget, kind: "roles" })
                        }
                        disabled={change.busy}
                      />
                    )}
                  </Stack>
                )}
                {actions.length > 0 && (
                  <IconButton
                    aria-label={`Moderate ${member.user.username}`}
                    aria-haspopup="menu"
                    onClick={(event) =>
                      setMenu({ member, anchor: event.currentTarget, kind: "actions" })
                    }
                  >
                    <MoreVertIcon />
                  </IconButton>
                )}
              </ListItem>
            );
          })}
        </List>
      )}
      {loadError && members.length > 0 && <ErrorState message={loadError} compact />}
      {more && members.length > 0 && (
        <Button
          onClick={() => void loadPage(members[members.length - 1].user.id, false)}
          disabled={loading}
          sx={{ mt: 1 }}
        >
          {loading ? "Loading…" : "Load more members"}
        </Button>
      )}
      <Menu
        anchorEl={menu?.anchor ?? null}
        open={menu !== null}
        onClose={() => setMenu(null)}
        MenuListProps={{
          "aria-label":
            menu?.kind === "roles"
              ? `Roles to give ${menu.member.user.username}`
              : `Actions for ${menu?.member.user.username ?? ""}`,
        }}
      >
        {menu?.kind === "roles" &&
          assignable(menu.member).map((role) => (
            <MenuItem key={role.id} onClick={() => void setRole(menu.member, role, true)}>
              <ListItemIcon>
                <Box
                  aria-hidden
                  sx={{
                    width: 12,
                    height: 12,
                    borderRadius: "50%",
                    bgcolor: role.color ? colorToHex(role.color) : "text.disabled",
                  }}
                />
              </ListItemIcon>
              <ListItemText>{role.name}</ListItemText>
            </MenuItem>
          ))}
        {menu?.kind === "actions" &&
          actionsFor(menu.member).map((kind) => (
            <MenuItem
              key={kind}
              onClick={() => {
                setModerating({ member: menu.member, kind });
                setMenu(null);
              }}
              sx={{ color: kind === "timeout" ? undefined : "error.main" }}
            >
              {kind === "timeout" ? "Time out" : kind === "kick" ? "Kick" : "Ban"}
            </MenuItem>
          ))}
      </Menu>
      {moderating && (
        <ModerationDialog
          serverId={server.id}
          member={moderating.member}
          kind={moderating.kind}
          onClose={() => setModerating(null)}
          onDone={() => {
            const id = moderating.member.user.id;
            setModerating(null);
            void refreshMember(id).catch(() => undefined);
          }}
        />
      )}
    </Box>
  );
}
