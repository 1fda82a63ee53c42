import { useState } from "react";
import type { ReactNode } from "react";
import {
  Box,
  Dialog,
  DialogTitle,
  IconButton,
  Tab,
  Tabs,
  Tooltip,
  useMediaQuery,
} from "@mui/material";
import { useTheme } from "@mui/material/styles";
import CloseIcon from "@mui/icons-material/Close";
import { PERMISSION, hasAny, hasPermission } from "../../services/permissionBits";
import { AuditLogTab } from "./AuditLogTab";
import { BansTab } from "./BansTab";
import { InvitesTab } from "./InvitesTab";
import { MembersTab } from "./MembersTab";
import { OverviewTab } from "./OverviewTab";
import { RolesTab } from "./RolesTab";
import type { SettingsTabProps } from "./settingsContext";

interface TabSpec {
  key: string;
  label: string;
  allowed(bits: bigint): boolean;
  render(props: SettingsTabProps): ReactNode;
}

/** Each tab shows only to those whose bits let them use it (SPEC §10). */
export const SETTINGS_TABS: readonly TabSpec[] = [
  {
    key: "overview",
    label: "Overview",
    allowed: (bits) => hasPermission(bits, PERMISSION.MANAGE_GUILD),
    render: (props) => <OverviewTab {...props} />,
  },
  {
    key: "roles",
    label: "Roles",
    allowed: (bits) => hasPermission(bits, PERMISSION.MANAGE_ROLES),
    render: (props) => <RolesTab {...props} />,
  },
  {
    key: "members",
    label: "Members",
    allowed: (bits) =>
      hasAny(
        bits,
        PERMISSION.KICK_MEMBERS |
          PERMISSION.BAN_MEMBERS |
          PERMISSION.MODERATE_MEMBERS |
          PERMISSION.MANAGE_ROLES,
      ),
    render: (props) => <MembersTab {...props} />,
  },
  {
    key: "bans",
    label: "Bans",
    allowed: (bits) => hasPermission(bits, PERMISSION.BAN_MEMBERS),
    render: (props) => <BansTab {...props} />,
  },
  {
    key: "invites",
    label: "Invites",
    allowed: (bits) => hasAny(bits, PERMISSION.CREATE_INSTANT_INVITE | PERMISSION.MANAGE_GUILD),
    render: (props) => <InvitesTab {...props} />,
  },
  {
    key: "audit-log",
    label: "Audit log",
    allowed: (bits) => hasPermission(bits, PERMISSION.VIEW_AUDIT_LOG),
    render: (props) => <AuditLogTab {...props} />,
  },
];

/**
 * "Server settings": one tab per thing I may manage, side by side on a wide screen, full screen
 * with scrolling tabs on a phone. Every change goes to the server, which has the last word; its
 * refusals show where they happened.
 */
export function ServerSettingsDialog({
  onClose,
  ...props
}: SettingsTabProps & { onClose(): void }) {
  const theme = useTheme();
  const isPhone = useMediaQuery(theme.breakpoints.down("sm"), { noSsr: true });
  const tabs = SETTINGS_TABS.filter((tab) => tab.allowed(props.permissions.bits));
  const [chosen, setChosen] = useState(tabs[0]?.key);
  const current = tabs.find((tab) => tab.key === chosen) ?? tabs[0];

  return (
    <Dialog
      open
      onClose={onClose}
      fullScreen={isPhone}
      fullWidth
      maxWidth="md"
      aria-labelledby="server-settings-title"
      PaperProps={{ sx: { height: isPhone ? "100%" : "min(720px, 90vh)" } }}
    >
      <DialogTitle
        id="server-settings-title"
        sx={{ display: "flex", alignItems: "center", gap: 1, pr: 1 }}
      >
        <Box component="span" sx={{ flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" }}>
          Server settings — {props.server.name}
        </Box>
        <Tooltip title="Close">
          <IconButton aria-label="Close settings" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Tooltip>
      </DialogTitle>
      <Box
        sx={{
          display: "flex",
          flexDirection: isPhone ? "column" : "row",
          flex: 1,
          minHeight: 0,
          borderTop: 1,
          borderColor: "divider",
        }}
      >
        <Tabs
          orientation={isPhone ? "horizontal" : "vertical"}
          variant="scrollable"
          allowScrollButtonsMobile
          value={current?.key ?? false}
          onChange={(_, key: string) => setChosen(key)}
          aria-label="Server settings sections"
          sx={{
            flexShrink: 0,
            borderRight: isPhone ? 0 : 1,
            borderBottom: isPhone ? 1 : 0,
            borderColor: "divider",
            minWidth: isPhone ? undefined : 160,
          }}
        >
          {tabs.map((tab) => (
            <Tab
              key={tab.key}
              value={tab.key}
              label={tab.label}
              id={`settings-tab-${tab.key}`}
              aria-controls={`settings-panel-${tab.key}`}
              sx={{ alignItems: isPhone ? undefined : "flex-start", textTransform: "none" }}
            />
          ))}
        </Tabs>
        {current && (
          <Box
            role="tabpanel"
            id={`settings-panel-${current.key}`}
            aria-labelledby={`settings-tab-${current.key}`}
            sx={{ flex: 1, minWidth: 0, minHeight: 0, overflowY: "auto", p: { xs: 2, sm: 3 } }}
          >
            {current.render(props)}
          </Box>
        )}
      </Box>
    </Dialog>
  );
}
