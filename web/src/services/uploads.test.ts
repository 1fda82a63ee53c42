import { describe, expect, it, vi } from "vitest";
import { UploadAborted, UploadFailed, uploadAttachment, uploadErrorMessage } from "./uploads";
import type { UploadRequest } from "./uploads";

/** An XMLHttpRequest that answers when the test says so. */
class FakeRequest implements UploadRequest {
  static made: FakeRequest[] = [];
  method = "";
  url = "";
  body: FormData | null = null;
  headers: Record<string, string> = {};
  withCredentials = false;
  status = 0;
  responseText = "";
  aborted = false;
  upload: UploadRequest["upload"] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeRequest.made.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const stored = { id: 7, filename: "a.png", content_type: "image/png", size: 3, url: "/x" };

function start(refreshSession = vi.fn(async () => {})) {
  FakeRequest.made = [];
  const onProgress = vi.fn();
  const file = new File(["abc"], "a.png", { type: "image/png" });
  const handle = uploadAttachment({
    channelId: 42,
    file,
    onProgress,
    refreshSession,
    maxBytes: 1024 * 1024,
    createRequest: () => new FakeRequest(),
    baseUrl: "",
  });
  return { handle, onProgress, refreshSession, file, request: () => FakeRequest.made.at(-1)! };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("uploadAttachment", () => {
  it("posts the file as multipart `file` with cookies and reports progress", async () => {
    const { handle, onProgress, request, file } = start();
    const sent = request();
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe("/api/channels/42/attachments/");
    expect(sent.withCredentials).toBe(true);
    expect(sent.body?.get("file")).toBeInstanceOf(File);
    expect((sent.body?.get("file") as File).name).toBe(file.name);
    sent.progress(1, 3);
    sent.progress(3, 3);
    expect(onProgress.mock.calls).toEqual([[{ loaded: 1, total: 3 }], [{ loaded: 3, total: 3 }]]);
    sent.answer(201, stored);
    await expect(handle.done).resolves.toEqual(stored);
  });

  it("abort cancels the request and rejects with UploadAborted", async () => {
    const { handle, request } = start();
    handle.abort();
    expect(request().aborted).toBe(true);
    await expect(handle.done).rejects.toBeInstanceOf(UploadAborted);
  });

  it("shows the server's reason for a refused file", async () => {
    const { handle, request } = start();
    request().answer(400, { file: ["The file's contents do not match its name (.png)."] });
    const error = await handle.done.catch((e) => e);
    expect(error).toBeInstanceOf(UploadFailed);
    expect(error.message).toBe("The file's contents do not match its name (.png).");
    expect(error.status).toBe(400);
  });

  it("renews an expired session once and sends the file again", async () => {
    const { handle, request, refreshSession } = start();
    const first = request();
    first.answer(401, { detail: "expired" });
    await flush();
    expect(refreshSession).toHaveBeenCalledTimes(1);
    const second = request();
    expect(second).not.toBe(first);
    second.answer(201, stored);
    await expect(handle.done).resolves.toEqual(stored);
  });

  it("a connection that drops is an error, not a hang", async () => {
    const { handle, request } = start();
    request().onerror?.();
    await expect(handle.done).rejects.toThrow(/interrupted/);
  });
});

describe("uploadErrorMessage", () => {
  it("names the limit on 413 without a reason, and the rule on 403", () => {
    expect(uploadErrorMessage(413, null, 25 * 1024 * 1024)).toBe(
      "This file is larger than the server's limit of 25.0 MB.",
    );
    expect(
      uploadErrorMessage(413, { file: ["The file is larger than the limit of 9 bytes."] }, 9),
    ).toBe("The file is larger than the limit of 9 bytes.");
    expect(uploadErrorMessage(403, { detail: "forbidden" }, 9)).toBe(
      "You're not allowed to attach files here.",
    );
    expect(uploadErrorMessage(500, null, 9)).toMatch(/couldn't store/);
  });
});
