import { describe, expect, it, vi } from "vitest";
import type { Attachment } from "../types/api";
import { UploadTray, trayStatus } from "./uploadTray";
import { UploadAborted, UploadFailed } from "./uploads";
import type { UploadHandle, UploadProgress } from "./uploads";

interface Started {
  file: File;
  progress(p: UploadProgress): void;
  finish(a: Attachment): void;
  fail(e: Error): void;
  abort: ReturnType<typeof vi.fn>;
}

function setUp(maxBytes = 1000) {
  const started: Started[] = [];
  const revoked: string[] = [];
  const tray = new UploadTray({
    maxBytes: () => maxBytes,
    createObjectUrl: (file) => `blob:${file.name}`,
    revokeObjectUrl: (url) => revoked.push(url),
    upload(file, onProgress): UploadHandle {
      let finish!: (a: Attachment) => void;
      let fail!: (e: Error) => void;
      const done = new Promise<Attachment>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      const abort = vi.fn(() => fail(new UploadAborted()));
      started.push({ file, progress: onProgress, finish, fail, abort });
      return { done, abort };
    },
  });
  return { tray, started, revoked };
}

const file = (name: string, size = 10, type = "text/plain") =>
  new File(["x".repeat(size)], name, { type });
const attachment = (id: number, name: string): Attachment => ({
  id,
  filename: name,
  content_type: "text/plain",
  size: 10,
  url: `/api/attachments/${id}/t/${name}/`,
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("UploadTray", () => {
  it("uploads each file at once and follows its progress to done", async () => {
    const { tray, started } = setUp();
    tray.add([file("a.txt"), file("b.png", 10, "image/png")]);
    expect(started.map((s) => s.file.name)).toEqual(["a.txt", "b.png"]);
    const [a, b] = tray.snapshot.items;
    expect(a).toMatchObject({ name: "a.txt", size: 10, status: "uploading", previewUrl: null });
    expect(b.previewUrl).toBe("blob:b.png");
    started[0].progress({ loaded: 4, total: 10 });
    expect(tray.snapshot.items[0]).toMatchObject({ loaded: 4, total: 10 });
    started[0].finish(attachment(5, "a.txt"));
    await flush();
    expect(tray.snapshot.items[0]).toMatchObject({ status: "done", loaded: 10 });
    expect(trayStatus(tray.snapshot.items)).toEqual({ uploading: true, failed: false, ids: [5] });
  });

  it("takes at most 10 files and says how many were left out", () => {
    const { tray, started } = setUp();
    tray.add(Array.from({ length: 8 }, (_, i) => file(`f${i}.txt`)));
    tray.add([file("x.txt"), file("y.txt"), file("z.txt"), file("w.txt")]);
    expect(tray.snapshot.items).toHaveLength(10);
    expect(started).toHaveLength(10);
    expect(tray.snapshot.notice).toBe("A message can carry at most 10 files; 2 were not added.");
    tray.add([file("one-more.txt")]);
    expect(tray.snapshot.items).toHaveLength(10);
    expect(tray.snapshot.notice).toMatch(/1 was not added/);
  });

  it("refuses a file over the limit (or empty) before sending a byte", () => {
    const { tray, started } = setUp(1024);
    tray.add([file("big.bin", 2048), file("empty.txt", 0)]);
    expect(started).toHaveLength(0);
    expect(tray.snapshot.items.map((i) => [i.status, i.error])).toEqual([
      ["error", "This file is 2.0 KB; the limit is 1.0 KB."],
      ["error", "This file is empty."],
    ]);
    expect(trayStatus(tray.snapshot.items).failed).toBe(true);
  });

  it("shows the server's reason on the file it refused", async () => {
    const { tray, started } = setUp();
    tray.add([file("page.png")]);
    started[0].fail(new UploadFailed("The file's contents do not match its name.", 400));
    await flush();
    expect(tray.snapshot.items[0]).toMatchObject({
      status: "error",
      error: "The file's contents do not match its name.",
    });
  });

  it("remove cancels an upload in flight, or drops a stored one, and revokes the preview", async () => {
    const { tray, started, revoked } = setUp();
    tray.add([file("a.png", 10, "image/png"), file("b.txt")]);
    const [a, b] = tray.snapshot.items;
    tray.remove(a.key);
    expect(started[0].abort).toHaveBeenCalled();
    expect(revoked).toEqual(["blob:a.png"]);
    started[1].finish(attachment(9, "b.txt"));
    await flush();
    tray.remove(b.key);
    expect(tray.snapshot.items).toEqual([]);
    expect(trayStatus(tray.snapshot.items).ids).toEqual([]);
  });

  it("close aborts everything and ignores late answers", async () => {
    const { tray, started, revoked } = setUp();
    tray.add([file("a.png", 10, "image/png")]);
    const listener = vi.fn();
    tray.subscribe(listener);
    tray.close();
    expect(started[0].abort).toHaveBeenCalled();
    expect(revoked).toEqual(["blob:a.png"]);
    started[0].finish(attachment(1, "a.png"));
    await flush();
    tray.add([file("late.txt")]);
    expect(started).toHaveLength(1);
  });
});
