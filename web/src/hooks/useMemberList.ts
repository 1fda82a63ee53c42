import { useEffect, useState } from "react";
import { useAuth } from "../context/AuthContext";
import { useGateway, useGatewayFrames } from "../context/GatewayContext";
import { userMessage } from "../services/apiErrors";
import { EMPTY_MEMBER_LIST, applyMemberFrame, applyRoleFrame } from "../services/presence";
import type { MemberListState } from "../services/presence";
import type { Role, ServerMember } from "../types/api";

const PAGE = 1000;
/** The list shows at most this many members (five pages). */
const MAX_MEMBERS = 5000;

export interface MemberList extends MemberListState {
  /** The server's roles, for the hoisted groups (none when they could not be read). */
  roles?: readonly Role[];
  loading: boolean;
  error: string | null;
}

const NO_ROLES: readonly Role[] = [];

/**
 * A server's member list, live (SPEC §11): the gateway follows this server's list
 * (`subscribe_members`, sent again on every `ready`, since a new socket follows nothing), then
 * the members are read page by page, and the server's roles for the hoisted groups. Frames
 * received after subscribing override what the pages say, so the order of the two does not
 * matter. Role changes follow too: role.* frames change the groups, member.update a member's
 * roles.
 */
export function useMemberList(serverId: number, active: boolean): MemberList {
  const { api } = useAuth();
  const { gateway } = useGateway();
  const [state, setState] = useState<MemberListState>(EMPTY_MEMBER_LIST);
  const [roles, setRoles] = useState<readonly Role[]>(NO_ROLES);
  const [loading, setLoading] = useState(active);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    gateway?.sendFrame({ type: "subscribe_members", server_id: serverId });
    setState(EMPTY_MEMBER_LIST);
    setLoading(true);
    setError(null);
    // Roles only add the hoisted groups: without them the list still shows, online and offline.
    api
      .get<Role[]>(`/api/servers/${serverId}/roles/`, controller.signal)
      .then(setRoles)
      .catch(() => {
        if (!controller.signal.aborted) setRoles(NO_ROLES);
      });
    (async () => {
      const members: ServerMember[] = [];
      let after = 0;
      while (members.length < MAX_MEMBERS) {
        const page = await api.get<ServerMember[]>(
          `/api/servers/${serverId}/members/?after=${after}&limit=${PAGE}`,
          controller.signal,
        );
        members.push(...page);
        if (page.length < PAGE) break;
        after = page[page.length - 1].user.id;
      }
      return members;
    })()
      .then((members) => {
        // Frames that came while the pages were read are kept (they are newer).
        setState((current) => ({ members, live: current.live }));
        setLoading(false);
      })
      .catch((failure) => {
        if (controller.signal.aborted) return;
        setError(userMessage(failure));
        setLoading(false);
      });
    return () => controller.abort();
  }, [api, gateway, serverId, active, generation]);

  useGatewayFrames((frame) => {
    if (!active) return;
    // A new socket follows nothing: subscribe again and read the list afresh.
    if (frame.type === "ready") setGeneration((n) => n + 1);
    else {
      setState((current) => applyMemberFrame(current, frame, serverId));
      setRoles((current) => applyRoleFrame(current, frame, serverId));
    }
  });

  return { ...state, roles, loading, error };
}
