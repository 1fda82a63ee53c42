import type { ServerPermissions } from "../../hooks/useServerPermissions";
import type { Server } from "../../types/api";

/** What every settings tab is given: the server, what I may do there, and how to refresh. */
export interface SettingsTabProps {
  server: Server;
  permissions: ServerPermissions;
  /** The server object changed (name, description, visibility): reload what shows it. */
  onServerChanged(): void;
}
