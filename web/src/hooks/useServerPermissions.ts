import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { useGatewayFrames } from "../context/GatewayContext";
import { serverPermissions } from "../services/permissionBits";
import { highestPosition } from "../services/roleOrder";
import type { Rank } from "../services/roleOrder";
import type { Role, Server, ServerMember } from "../types/api";
import { isOwner as ownsServer } from "../components/servers/isOwner";

export interface ServerPermissions {
  /** My server-level bits (0 until known, and for non-members). */
  bits: bigint;
  rank: Rank;
  roles: readonly Role[];
  /** My role ids on this server (`@everyone` left out). */
  myRoleIds: readonly number[];
  loaded: boolean;
  reload(): void;
}

const NONE: readonly Role[] = [];

/**
 * What I may do on a server (SPEC §10), from its roles and my own member entry: the members
 * route lists members by ascending id after `after`, so `after = my id - 1, limit = 1` is me
 * (or someone else: then I am not a member). Role changes have no gateway frame yet, so this is
 * read again when the gateway reconnects, when channels appear or vanish (what a permission
 * change sends) and when a caller asks (opening the server menu).
 */
export function useServerPermissions(server: Server | undefined): ServerPermissions {
  const { api, user } = useAuth();
  const [state, setState] = useState<{
    bits: bigint;
    roles: readonly Role[];
    mine: readonly number[];
    loaded: boolean;
  }>({ bits: 0n, roles: NONE, mine: [], loaded: false });
  const [generation, setGeneration] = useState(0);
  const serverId = server?.id;
  const owner = server ? ownsServer(server, user) : false;
  const userId = user?.id;

  useEffect(() => {
    if (serverId === undefined || userId === undefined) return;
    const controller = new AbortController();
    Promise.all([
      api.get<Role[]>(`/api/servers/${serverId}/roles/`, controller.signal),
      api.get<ServerMember[]>(
        `/api/servers/${serverId}/members/?after=${userId - 1}&limit=1`,
        controller.signal,
      ),
    ])
      .then(([roles, page]) => {
        const me = page[0]?.user.id === userId ? page[0] : undefined;
        const everyone = roles.find((role) => role.id === serverId)?.permissions ?? "0";
        const mine = me?.roles ?? [];
        const held = roles.filter((role) => mine.includes(role.id)).map((r) => r.permissions);
        const bits =
          me || owner ? serverPermissions({ isOwner: owner, everyone, roles: held }) : 0n;
        setState({ bits, roles, mine, loaded: true });
      })
      .catch(() => {
        // Unknown: offer nothing rather than something the server would refuse.
        if (!controller.signal.aborted) setState({ bits: 0n, roles: NONE, mine: [], loaded: true });
      });
    return () => controller.abort();
  }, [api, serverId, userId, owner, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useGatewayFrames((frame) => {
    if (frame.type === "ready") reload();
    else if (
      (frame.type === "channel.create" ||
        frame.type === "channel.delete" ||
        frame.type === "member.join" ||
        frame.type === "member.leave") &&
      frame.server_id === serverId
    )
      reload();
  });

  return {
    bits: state.bits,
    rank: { isOwner: owner, highest: highestPosition(state.roles, state.mine) },
    roles: state.roles,
    myRoleIds: state.mine,
    loaded: state.loaded,
    reload,
  };
}
