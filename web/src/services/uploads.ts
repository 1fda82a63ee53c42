import { API_BASE } from "../config";
import type { Attachment } from "../types/api";
import { formatBytes } from "../components/attachments/formatBytes";

/** What a message may carry (SPEC §12). */
export const MAX_ATTACHMENTS = 10;
/** The server's default `--max-upload-bytes`, used until the gateway's ready frame says more. */
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** The upload was cancelled by the person (not an error to show). */
export class UploadAborted extends Error {
  constructor() {
    super("The upload was cancelled.");
    this.name = "UploadAborted";
  }
}

/** The upload failed; `message` is a sentence to show beside the file. */
export class UploadFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "UploadFailed";
  }
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadHandle {
  /** The stored attachment, or UploadAborted / UploadFailed. */
  done: Promise<Attachment>;
  abort(): void;
}

/** The part of XMLHttpRequest an upload uses (a fake one in tests). */
export interface UploadRequest {
  open(method: string, url: string): void;
  send(body: FormData): void;
  abort(): void;
  setRequestHeader(name: string, value: string): void;
  withCredentials: boolean;
  readonly status: number;
  readonly responseText: string;
  upload: { onprogress: ((event: ProgressEvent) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface UploadOptions {
  channelId: number;
  file: File;
  onProgress(progress: UploadProgress): void;
  /** Renews the access cookie (shared with every other request); a 401 is retried once after. */
  refreshSession(): Promise<void>;
  /** The server's limit, for the sentence shown on a 413. */
  maxBytes?: number;
  createRequest?: () => UploadRequest;
  baseUrl?: string;
}

export type Uploader = (options: UploadOptions) => UploadHandle;

/**
 * POST /api/channels/{id}/attachments/ with the file as multipart `file`. XMLHttpRequest rather
 * than fetch(), because only it reports how much of the body has been sent. An expired access
 * token (401) is renewed and the file sent once more, as apiClient does for other requests.
 */
export const uploadAttachment: Uploader = ({
  channelId,
  file,
  onProgress,
  refreshSession,
  maxBytes = DEFAULT_MAX_UPLOAD_BYTES,
  createRequest = () => new XMLHttpRequest() as unknown as UploadRequest,
  baseUrl = API_BASE,
}) => {
  let current: UploadRequest | null = null;
  let aborted = false;
  const url = `${baseUrl}/api/channels/${channelId}/attachments/`;

  function attempt(): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const request = createRequest();
      current = request;
      request.open("POST", url);
      request.withCredentials = true;
      request.setRequestHeader("Accept", "application/json");
      request.upload.onprogress = (event) =>
        onProgress({
          loaded: event.loaded,
          total: event.lengthComputable ? event.total : file.size,
        });
      request.onload = () =>
        resolve({ status: request.status, body: parseJson(request.responseText) });
      request.onerror = () =>
        reject(
          new UploadFailed("The upload was interrupted. Check your connection and try again.", 0),
        );
      request.onabort = () => reject(new UploadAborted());
      const form = new FormData();
      form.append("file", file, file.name);
      request.send(form);
    });
  }

  async function run(): Promise<Attachment> {
    let answer = await attempt();
    if (answer.status === 401 && !aborted) {
      try {
        await refreshSession();
      } catch {
        throw new UploadFailed("Your session has ended. Log in again to upload.", 401);
      }
      if (aborted) throw new UploadAborted();
      onProgress({ loaded: 0, total: file.size });
      answer = await attempt();
    }
    if (answer.status === 201) return answer.body as Attachment;
    throw new UploadFailed(uploadErrorMessage(answer.status, answer.body, maxBytes), answer.status);
  }

  return {
    done: run(),
    abort() {
      aborted = true;
      current?.abort();
    },
  };
};

/** The sentence for a refused upload: the server's own words when it gave some. */
export function uploadErrorMessage(status: number, body: unknown, maxBytes: number): string {
  const reason = serverReason(body);
  if (status === 413)
    return reason ?? `This file is larger than the server's limit of ${formatBytes(maxBytes)}.`;
  if (status === 403) return "You're not allowed to attach files here.";
  if (status === 404) return "This conversation can't be found any more.";
  if (status === 401) return "Your session has ended. Log in again to upload.";
  if (status === 429) return "Too many uploads at once. Wait a moment and try again.";
  if (status >= 500) return "The server couldn't store this file. Try again.";
  return reason ?? `The upload was refused (status ${status}).`;
}

function serverReason(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const { file, detail } = body as { file?: unknown; detail?: unknown };
  if (Array.isArray(file) && typeof file[0] === "string") return file[0];
  if (typeof detail === "string") return detail;
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
