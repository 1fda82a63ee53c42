import { Box, ToggleButton, ToggleButtonGroup, Typography } from "@mui/material";
import CheckIcon from "@mui/icons-material/Check";
import CloseIcon from "@mui/icons-material/Close";
import HorizontalRuleIcon from "@mui/icons-material/HorizontalRule";
import {
  CHANNEL_PERMISSIONS,
  overwriteState,
  setOverwriteState,
} from "../../services/permissionBits";
import type { OverwriteState } from "../../services/permissionBits";

const STATES: {
  value: OverwriteState;
  label: string;
  icon: JSX.Element;
  color: "error" | "standard" | "success";
}[] = [
  { value: "deny", label: "Deny", icon: <CloseIcon fontSize="small" />, color: "error" },
  {
    value: "neutral",
    label: "Inherit",
    icon: <HorizontalRuleIcon fontSize="small" />,
    color: "standard",
  },
  { value: "allow", label: "Allow", icon: <CheckIcon fontSize="small" />, color: "success" },
];

/**
 * Deny / inherit / allow for each channel bit of one overwrite. A group per bit, named after
 * it, so a screen reader says "View channels, Deny, pressed". Bits the editor lacks are
 * disabled (one may not set or clear them).
 */
export function OverwriteEditor({
  allow,
  deny,
  grantable,
  onChange,
}: {
  allow: bigint;
  deny: bigint;
  grantable: bigint;
  onChange(next: { allow: bigint; deny: bigint }): void;
}) {
  return (
    <Box sx={{ display: "flex", flexDirection: "column" }}>
      {CHANNEL_PERMISSIONS.map((permission) => {
        const state = overwriteState(allow, deny, permission.bit);
        const labelId = `overwrite-${permission.key}`;
        return (
          <Box
            key={permission.key}
            sx={{
              display: "flex",
              alignItems: "center",
              gap: 1,
              py: 0.75,
              borderBottom: 1,
              borderColor: "divider",
            }}
          >
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Typography id={labelId} variant="body2" fontWeight={600}>
                {permission.label}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {permission.hint}
              </Typography>
            </Box>
            <ToggleButtonGroup
              exclusive
              size="small"
              value={state}
              aria-labelledby={labelId}
              disabled={(grantable & permission.bit) === 0n}
              onChange={(_, next: OverwriteState | null) => {
                if (next) onChange(setOverwriteState(allow, deny, permission.bit, next));
              }}
            >
              {STATES.map((choice) => (
                <ToggleButton
                  key={choice.value}
                  value={choice.value}
                  aria-label={choice.label}
                  color={choice.color}
                  title={choice.label}
                >
                  {choice.icon}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </Box>
        );
      })}
    </Box>
  );
}
