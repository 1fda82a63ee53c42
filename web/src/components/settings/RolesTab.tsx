import { useState } from "react";
import type { DragEvent } from "react";
import {
  Alert,
  Box,
  Button,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Typography,
} from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import ArrowUpwardIcon from "@mui/icons-material/ArrowUpward";
import ArrowDownwardIcon from "@mui/icons-material/ArrowDownward";
import DragIndicatorIcon from "@mui/icons-material/DragIndicator";
import { useAuth } from "../../context/AuthContext";
import { useAction } from "../../hooks/useAction";
import { useApiResource } from "../../hooks/useApiResource";
import {
  mayMove,
  moveItem,
  outranks,
  positionChanges,
  rolesHighestFirst,
} from "../../services/roleOrder";
import { colorToHex } from "../../services/roleOrder";
import type { Role } from "../../types/api";
import { ErrorState, LoadingState } from "../StatusViews";
import { RoleEditor } from "./RoleEditor";
import type { SettingsTabProps } from "./settingsContext";

/**
 * The server's roles, highest first (MANAGE_ROLES): create, edit, delete, and reorder by
 * dragging or with the move buttons (`PATCH /api/servers/{id}/roles/`). Roles at or above my
 * highest are shown but offer nothing.
 */
export function RolesTab({ server, permissions }: SettingsTabProps) {
  const { api } = useAuth();
  const roles = useApiResource<Role[]>(`/api/servers/${server.id}/roles/`);
  const [selected, setSelected] = useState<number | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const change = useAction();
  const rank = permissions.rank;

  if (!roles.data) {
    if (roles.loading) return <LoadingState label="Loading roles…" />;
    return <ErrorState message={roles.error ?? "Roles unavailable."} onRetry={roles.reload} />;
  }
  const order = rolesHighestFirst(roles.data, server.id);
  const everyone = roles.data.find((role) => role.id === server.id);
  const current = roles.data.find((role) => role.id === selected);

  const refresh = () => {
    roles.reload();
    permissions.reload();
  };

  async function create() {
    let role: Role | undefined;
    const ok = await change.run(async () => {
      role = await api.request<Role>(`/api/servers/${server.id}/roles/`, {
        method: "POST",
        body: { name: "new role" },
      });
    });
    if (ok && role) {
      setSelected(role.id);
      refresh();
    }
  }

  async function move(from: number, to: number) {
    if (!mayMove(order, from, to, rank)) return;
    const body = positionChanges(moveItem(order, from, to));
    if (body.length === 0) return;
    if (
      await change.run(() =>
        api.request<Role[]>(`/api/servers/${server.id}/roles/`, { method: "PATCH", body }),
      )
    )
      refresh();
  }

  const onDrop = (to: number) => (event: DragEvent) => {
    event.preventDefault();
    if (dragFrom !== null) void move(dragFrom, to);
    setDragFrom(null);
  };

  return (
    <Box
      component="section"
      aria-labelledby="roles-heading"
      sx={{ display: "flex", flexDirection: "column", gap: 2 }}
    >
      <Box sx={{ display: "flex", alignItems: "center", gap: 1 }}>
        <Typography id="roles-heading" component="h3" variant="h6" sx={{ flexGrow: 1 }}>
          Roles
        </Typography>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          onClick={() => void create()}
          disabled={change.busy}
        >
          Create role
        </Button>
      </Box>
      {change.error && <Alert severity="error">{change.error}</Alert>}
      <Box
        sx={{
          display: "flex",
          flexDirection: { xs: "column", md: "row" },
          gap: 2,
          alignItems: "flex-start",
        }}
      >
        <Box sx={{ width: { xs: "100%", md: 260 }, flexShrink: 0 }}>
          {order.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
              No roles yet: everyone has what @everyone has.
            </Typography>
          )}
          <List dense aria-label="Roles, highest first">
            {order.map((role, index) => {
              const manageable = outranks(rank, role.position);
              return (
                <ListItem
                  key={role.id}
                  disablePadding
                  draggable={manageable}
                  onDragStart={() => setDragFrom(index)}
                  onDragOver={(event) => {
                    if (dragFrom !== null && mayMove(order, dragFrom, index, rank))
                      event.preventDefault();
                  }}
                  onDrop={onDrop(index)}
                  onDragEnd={() => setDragFrom(null)}
                  data-role-id={role.id}
                  secondaryAction={
                    manageable && (
                      <Box sx={{ display: "flex" }}>
                        <IconButton
                          size="small"
                          aria-label={`Move ${role.name} up`}
                          disabled={change.busy || !mayMove(order, index, index - 1, rank)}
                          onClick={() => void move(index, index - 1)}
                        >
                          <ArrowUpwardIcon fontSize="small" />
                        </IconButton>
                        <IconButton
                          size="small"
                          aria-label={`Move ${role.name} down`}
                          disabled={change.busy || !mayMove(order, index, index + 1, rank)}
                          onClick={() => void move(index, index + 1)}
                        >
                          <ArrowDownwardIcon fontSize="small" />
                        </IconButton>
                      </Box>
                    )
                  }
                  sx={{ opacity: dragFrom === index ? 0.5 : 1 }}
                >
                  <ListItemButton
                    selected={role.id === selected}
                    onClick={() => setSelected(role.id)}
                    sx={{ pr: manageable ? 10 : 2 }}
                  >
                    <DragIndicatorIcon
                      aria-hidden
                      fontSize="small"
                      sx={{
                        mr: 0.5,
                        color: "text.disabled",
                        cursor: manageable ? "grab" : "default",
                        visibility: manageable ? "visible" : "hidden",
                      }}
                    />
                    <Box
                      aria-hidden
                      sx={{
                        width: 12,
                        height: 12,
                        borderRadius: "50%",
                        mr: 1,
                        flexShrink: 0,
                        bgcolor: role.color ? colorToHex(role.color) : "text.disabled",
                      }}
                    />
                    <ListItemText primary={role.name} primaryTypographyProps={{ noWrap: true }} />
                  </ListItemButton>
                </ListItem>
              );
            })}
            {everyone && (
              <ListItem disablePadding>
                <ListItemButton
                  selected={everyone.id === selected}
                  onClick={() => setSelected(everyone.id)}
                >
                  <ListItemText primary="@everyone" secondary="Everyone on the server" />
                </ListItemButton>
              </ListItem>
            )}
          </List>
        </Box>
        <Box sx={{ flex: 1, minWidth: 0, width: "100%" }}>
          {current ? (
            <RoleEditor
              key={current.id}
              serverId={server.id}
              role={current}
              myBits={permissions.bits}
              editable={outranks(rank, current.position)}
              onSaved={refresh}
              onDeleted={() => {
                setSelected(null);
                refresh();
              }}
            />
          ) : (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              Choose a role to edit it, or create one.
            </Typography>
          )}
        </Box>
      </Box>
    </Box>
  );
}
