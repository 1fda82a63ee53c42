import { useEffect, useState, useSyncExternalStore } from "react";
import { useAuth } from "../context/AuthContext";
import { useGateway } from "../context/GatewayContext";
import { UploadTray } from "../services/uploadTray";
import type { TrayState } from "../services/uploadTray";
import { DEFAULT_MAX_UPLOAD_BYTES, uploadAttachment } from "../services/uploads";
import type { Uploader } from "../services/uploads";

export interface UploadTrayControl {
  state: TrayState;
  add(files: readonly File[]): void;
  remove(key: number): void;
  clear(): void;
}

const EMPTY: TrayState = { items: [], notice: null };

/**
 * The composer's files for one conversation: a fresh tray per channel, closed (uploads aborted,
 * previews revoked) when the conversation goes away. The size limit is the one the gateway's
 * ready frame announced, or the server's default until then.
 */
export function useUploadTray(
  channelId: number,
  upload: Uploader = uploadAttachment,
): UploadTrayControl {
  const { api } = useAuth();
  const { gateway } = useGateway();
  const [tray, setTray] = useState<UploadTray | null>(null);

  useEffect(() => {
    const maxBytes = () => gateway?.ready?.limits?.max_upload_bytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    const next = new UploadTray({
      maxBytes,
      upload: (file, onProgress) =>
        upload({
          channelId,
          file,
          onProgress,
          refreshSession: () => api.refreshSession(),
          maxBytes: maxBytes(),
        }),
    });
    setTray(next);
    return () => next.close();
  }, [channelId, api, gateway, upload]);

  const state = useSyncExternalStore(
    (listener) => tray?.subscribe(listener) ?? (() => {}),
    () => tray?.snapshot ?? EMPTY,
  );
  return {
    state,
    add: (files) => tray?.add(files),
    remove: (key) => tray?.remove(key),
    clear: () => tray?.clear(),
  };
}
