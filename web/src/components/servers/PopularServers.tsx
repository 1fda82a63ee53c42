import { useApiResource } from "../../hooks/useApiResource";
import type { Server } from "../../types/api";
import { ErrorState, LoadingState } from "../StatusViews";
import { ServerList } from "./ServerList";

/** Left drawer of the home and explore pages. */
export function PopularServers({ collapsed }: { collapsed: boolean }) {
  const servers = useApiResource<Server[]>("/api/server/select/?qty=20");
  if (servers.loading) return <LoadingState label={collapsed ? "" : "Loading servers…"} />;
  if (servers.error) return <ErrorState compact message={servers.error} onRetry={servers.reload} />;
  return <ServerList servers={servers.data ?? []} collapsed={collapsed} />;
}
