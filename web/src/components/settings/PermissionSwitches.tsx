import { FormControlLabel, FormGroup, Switch, Typography } from "@mui/material";
import { PERMISSIONS } from "../../services/permissionBits";

/**
 * One labelled switch per SPEC §10 bit. Bits the editor may not grant or take away (those the
 * caller lacks) are shown but disabled.
 */
export function PermissionSwitches({
  value,
  grantable,
  disabled,
  onChange,
}: {
  value: bigint;
  grantable: bigint;
  disabled?: boolean;
  onChange(next: bigint): void;
}) {
  return (
    <FormGroup aria-label="Permissions">
      {PERMISSIONS.map((permission) => {
        const on = (value & permission.bit) !== 0n;
        return (
          <FormControlLabel
            key={permission.key}
            sx={{ alignItems: "flex-start", my: 0.5 }}
            control={
              <Switch
                checked={on}
                disabled={disabled || (grantable & permission.bit) === 0n}
                onChange={(event) =>
                  onChange(event.target.checked ? value | permission.bit : value & ~permission.bit)
                }
                inputProps={{ role: "switch", "aria-describedby": `perm-hint-${permission.key}` }}
              />
            }
            label={
              <>
                <Typography component="span" variant="body2" fontWeight={600}>
                  {permission.label}
                </Typography>
                <Typography
                  id={`perm-hint-${permission.key}`}
                  component="span"
                  variant="caption"
                  color="text.secondary"
                  sx={{ display: "block" }}
                >
                  {permission.hint}
                </Typography>
              </>
            }
          />
        );
      })}
    </FormGroup>
  );
}
