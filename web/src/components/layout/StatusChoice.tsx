import { useEffect, useState } from "react";
import { ListItemIcon, ListItemText, MenuItem, Typography } from "@mui/material";
import CheckIcon from "@mui/icons-material/Check";
import { useAuth } from "../../context/AuthContext";
import { useGateway } from "../../context/GatewayContext";
import { CHOSEN_STATUSES, STATUS_LABEL } from "../../services/presence";
import type { ChosenStatus } from "../../types/api";
import { StatusDot } from "../members/StatusDot";

/**
 * The account menu's "Status" choice (SPEC §11): Online, Idle, Do not disturb, Invisible. The
 * choice goes over the gateway and the server keeps it across reconnects; the menu reads it back
 * each time it opens. Returned as an array so the items stay direct children of the menu
 * (its arrow-key navigation walks the list's own items).
 */
export function statusChoiceItems(
  chosen: ChosenStatus | null,
  choose: (status: ChosenStatus) => void,
  disabled: boolean,
) {
  return [
    <Typography
      key="status-heading"
      id="status-choice-heading"
      variant="caption"
      color="text.secondary"
      sx={{ display: "block", px: 2, pt: 1, fontWeight: 700, textTransform: "uppercase" }}
    >
      Status
    </Typography>,
    ...CHOSEN_STATUSES.map((status) => (
      <MenuItem
        key={status}
        role="menuitemradio"
        aria-checked={chosen === status}
        aria-describedby="status-choice-heading"
        disabled={disabled}
        onClick={() => choose(status)}
      >
        <ListItemIcon>
          <StatusDot status={status} size={12} sx={{ ml: 0.5 }} />
        </ListItemIcon>
        <ListItemText>{STATUS_LABEL[status]}</ListItemText>
        {chosen === status && <CheckIcon fontSize="small" aria-hidden />}
      </MenuItem>
    )),
  ];
}

/** The chosen status (null until read) and a way to change it. */
export function useChosenStatus(open: boolean) {
  const { api, status: authStatus } = useAuth();
  const { gateway, status: gatewayStatus } = useGateway();
  const [chosen, setChosen] = useState<ChosenStatus | null>(null);
  useEffect(() => {
    if (!open || authStatus !== "authenticated") return;
    const controller = new AbortController();
    api
      .get<{ status: ChosenStatus }>("/api/account/me/status/", controller.signal)
      .then((answer) => setChosen(answer.status))
      .catch(() => {});
    return () => controller.abort();
  }, [api, open, authStatus]);
  const choose = (status: ChosenStatus) => {
    if (gateway?.sendFrame({ type: "presence", status })) setChosen(status);
  };
  return { chosen, choose, available: gatewayStatus === "online" };
}
