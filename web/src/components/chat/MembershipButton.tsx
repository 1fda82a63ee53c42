import { Box, Button, Tooltip } from "@mui/material";
import type { Membership } from "../../hooks/useMembership";

/** "Join server" / "Leave server" (shortened on phones); owners can't leave their own server. */
export function MembershipButton({
  membership,
  owner,
}: {
  membership: Membership;
  owner: boolean;
}) {
  if (membership.isMember === null) {
    return (
      <Button size="small" variant="outlined" disabled>
        Loading…
      </Button>
    );
  }
  const action = membership.isMember ? "Leave" : "Join";
  const label = (
    <>
      {action}
      <Box component="span" sx={{ display: { xs: "none", sm: "inline" } }}>
        &nbsp;server
      </Box>
    </>
  );
  if (membership.isMember) {
    return (
      <Tooltip title={owner ? "Owners can't leave their server" : ""}>
        <span>
          <Button
            size="small"
            variant="outlined"
            color="inherit"
            aria-label="Leave server"
            onClick={membership.leave}
            disabled={membership.busy || owner}
          >
            {label}
          </Button>
        </span>
      </Tooltip>
    );
  }
  return (
    <Button
      size="small"
      variant="contained"
      disableElevation
      aria-label="Join server"
      onClick={membership.join}
      disabled={membership.busy}
    >
      {label}
    </Button>
  );
}
