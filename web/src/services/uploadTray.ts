import type { Attachment } from "../types/api";
import { formatBytes } from "../components/attachments/formatBytes";
import { MAX_ATTACHMENTS, UploadAborted, UploadFailed } from "./uploads";
import type { UploadHandle, UploadProgress } from "./uploads";

/** One file in the composer's tray: uploading, stored (ready to send) or refused. */
export interface TrayItem {
  key: number;
  name: string;
  size: number;
  /** An object URL of the local file, for images (revoked when the item leaves). */
  previewUrl: string | null;
  status: "uploading" | "done" | "error";
  loaded: number;
  total: number;
  attachment: Attachment | null;
  error: string | null;
}

export interface UploadTrayOptions {
  /** Starts one upload (uploads.ts in the app; a fake in tests). */
  upload(file: File, onProgress: (progress: UploadProgress) => void): UploadHandle;
  /** The server's limit (read at each add: the gateway's ready frame may arrive later). */
  maxBytes(): number;
  createObjectUrl?: (file: File) => string;
  revokeObjectUrl?: (url: string) => void;
}

export interface TrayState {
  items: TrayItem[];
  /** Why the last files offered were not all taken (too many), until the next change. */
  notice: string | null;
}

const PREVIEWABLE = /^image\/(png|jpeg|gif|webp)$/;

/**
 * The files attached to the message being written. Each starts uploading as soon as it is
 * added (so sending is quick); at most MAX_ATTACHMENTS, each at most the server's size limit,
 * checked here before a byte is sent. Removing a file aborts its upload, or just drops it when
 * stored (the server deletes unused uploads after an hour). The state is immutable, replaced on
 * every change, for React's useSyncExternalStore.
 */
export class UploadTray {
  private state: TrayState = { items: [], notice: null };
  private readonly handles = new Map<number, UploadHandle>();
  private readonly listeners = new Set<() => void>();
  private nextKey = 1;
  private closed = false;

  constructor(private readonly options: UploadTrayOptions) {}

  get snapshot(): TrayState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes as many of `files` as fit; every one taken starts uploading (or is refused) at once. */
  add(files: readonly File[]): void {
    if (this.closed || files.length === 0) return;
    const room = MAX_ATTACHMENTS - this.state.items.length;
    const taken = files.slice(0, Math.max(0, room));
    const left = files.length - taken.length;
    const notice =
      left > 0
        ? `A message can carry at most ${MAX_ATTACHMENTS} files; ${left} ${left === 1 ? "was" : "were"} not added.`
        : null;
    const added = taken.map((file) => this.itemFor(file));
    this.set({ items: [...this.state.items, ...added], notice });
    taken.forEach((file, i) => {
      if (added[i].status === "uploading") this.start(added[i].key, file);
    });
  }

  remove(key: number): void {
    const item = this.state.items.find((i) => i.key === key);
    if (!item) return;
    this.handles.get(key)?.abort();
    this.handles.delete(key);
    this.release(item);
    this.set({ items: this.state.items.filter((i) => i.key !== key), notice: null });
  }

  /** After the message was sent: the stored files now belong to it. */
  clear(): void {
    this.handles.forEach((handle) => handle.abort());
    this.handles.clear();
    this.state.items.forEach((item) => this.release(item));
    this.set({ items: [], notice: null });
  }

  /** Leaving the conversation: abort what is in flight, free the previews, ignore late answers. */
  close(): void {
    this.clear();
    this.closed = true;
    this.listeners.clear();
  }

  private itemFor(file: File): TrayItem {
    const key = this.nextKey++;
    const base = {
      key,
      name: file.name,
      size: file.size,
      previewUrl: null,
      loaded: 0,
      total: file.size,
      attachment: null,
    };
    const problem = this.problemOf(file);
    if (problem) return { ...base, status: "error", error: problem };
    const create = this.options.createObjectUrl ?? ((f: File) => URL.createObjectURL(f));
    const previewUrl = PREVIEWABLE.test(file.type) ? create(file) : null;
    return { ...base, previewUrl, status: "uploading", error: null };
  }

  private problemOf(file: File): string | null {
    if (file.size === 0) return "This file is empty.";
    const limit = this.options.maxBytes();
    if (file.size > limit)
      return `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(limit)}.`;
    return null;
  }

  private start(key: number, file: File): void {
    const handle = this.options.upload(file, ({ loaded, total }) =>
      this.update(key, (item) => (item.status === "uploading" ? { ...item, loaded, total } : item)),
    );
    this.handles.set(key, handle);
    handle.done.then(
      (attachment) => {
        if (this.handles.get(key) !== handle) return;
        this.handles.delete(key);
        this.update(key, (item) => ({
          ...item,
          status: "done",
          loaded: item.total,
          attachment,
        }));
      },
      (error: unknown) => {
        if (this.handles.get(key) !== handle) return;
        this.handles.delete(key);
        if (error instanceof UploadAborted) return;
        const message =
          error instanceof UploadFailed ? error.message : "The upload failed. Try again.";
        this.update(key, (item) => ({ ...item, status: "error", error: message }));
      },
    );
  }

  private update(key: number, change: (item: TrayItem) => TrayItem): void {
    if (this.closed) return;
    const items = this.state.items.map((item) => (item.key === key ? change(item) : item));
    this.set({ ...this.state, items });
  }

  private release(item: TrayItem): void {
    if (!item.previewUrl) return;
    const revoke = this.options.revokeObjectUrl ?? ((url: string) => URL.revokeObjectURL(url));
    revoke(item.previewUrl);
  }

  private set(state: TrayState): void {
    this.state = state;
    this.listeners.forEach((listener) => listener());
  }
}

/** What the composer needs to know about the tray. */
export function trayStatus(items: readonly TrayItem[]) {
  return {
    uploading: items.some((i) => i.status === "uploading"),
    failed: items.some((i) => i.status === "error"),
    ids: items.flatMap((i) => (i.status === "done" && i.attachment ? [i.attachment.id] : [])),
  };
}
