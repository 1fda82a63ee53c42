import { createContext, useContext, useEffect, useState } from "react";
import type { ReactNode } from "react";
import { webSocketUrl } from "../config";
import { GatewayConnection } from "../services/gatewayConnection";
import type { ConnectionStatus, SocketLike } from "../services/gatewayConnection";
import type { GatewayFrame } from "../types/api";
import { useAuth } from "./AuthContext";

export interface GatewayContextValue {
  /** Null while nobody is logged in. */
  gateway: GatewayConnection | null;
  status: ConnectionStatus;
}

const GatewayContext = createContext<GatewayContextValue>({ gateway: null, status: "closed" });

function browserSocket(url: string): SocketLike {
  return new WebSocket(url);
}

/**
 * The app's one gateway socket (SPEC §6), open while someone is logged in. Pages and channel
 * views subscribe to its frames rather than opening sockets of their own.
 */
export function GatewayProvider({
  children,
  createSocket = browserSocket,
}: {
  children: ReactNode;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => SocketLike;
}) {
  const { status: authStatus, user, api } = useAuth();
  const [value, setValue] = useState<GatewayContextValue>({ gateway: null, status: "closed" });
  const userId = authStatus === "authenticated" ? (user?.id ?? null) : null;

  useEffect(() => {
    if (userId === null) {
      setValue({ gateway: null, status: "closed" });
      return;
    }
    const gateway = new GatewayConnection({
      url: webSocketUrl("/ws/gateway"),
      createSocket,
      refreshSession: () => api.refreshSession(),
    });
    setValue({ gateway, status: gateway.status });
    const offStatus = gateway.onStatus((status) => setValue({ gateway, status }));
    gateway.start();
    // Coming back online is the best moment to retry, whatever the backoff says.
    const onOnline = () => gateway.retryNow();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      offStatus();
      gateway.stop();
    };
  }, [userId, api, createSocket]);

  return <GatewayContext.Provider value={value}>{children}</GatewayContext.Provider>;
}

export function useGateway(): GatewayContextValue {
  return useContext(GatewayContext);
}

/** Calls `listener` for every gateway frame while mounted (the latest listener, no resubscribe). */
export function useGatewayFrames(listener: (frame: GatewayFrame) => void): void {
  const { gateway } = useGateway();
  const [ref] = useState(() => ({ current: listener }));
  ref.current = listener;
  useEffect(() => gateway?.onFrame((frame) => ref.current(frame)), [gateway, ref]);
}
