import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TrayItem } from "../../services/uploadTray";
import { ComposerAttachments } from "./ComposerAttachments";

const base = { attachment: null, error: null, previewUrl: null, loaded: 0 };
const uploading: TrayItem = {
  ...base,
  key: 1,
  name: "shot.png",
  size: 2048,
  total: 2048,
  loaded: 512,
  previewUrl: "blob:shot",
  status: "uploading",
};
const refused: TrayItem = {
  ...base,
  key: 2,
  name: "big.zip",
  size: 30 * 1024 * 1024,
  total: 30 * 1024 * 1024,
  status: "error",
  error: "This file is 30.0 MB; the limit is 25.0 MB.",
};
const ready: TrayItem = {
  ...base,
  key: 3,
  name: "notes.txt",
  size: 12,
  total: 12,
  loaded: 12,
  status: "done",
  attachment: { id: 9, filename: "notes.txt", content_type: "text/plain", size: 12, url: "/u" },
};

afterEach(cleanup);

describe("ComposerAttachments", () => {
  it("shows nothing for an empty tray", () => {
    const { container } = render(<ComposerAttachments items={[]} onRemove={() => {}} />);
    expect(container.firstChild).toBeNull();
  });

  it("shows each file's name, size, progress, preview and error", () => {
    render(<ComposerAttachments items={[uploading, refused, ready]} onRemove={() => {}} />);
    expect(screen.getAllByRole("listitem").map((i) => i.getAttribute("aria-label"))).toEqual([
      "shot.png",
      "big.zip",
      "notes.txt",
    ]);
    const bar = screen.getByRole("progressbar", { name: "Uploading shot.png" });
    expect(bar.getAttribute("aria-valuenow")).toBe("25");
    expect(screen.getByText("2.0 KB · 25%")).toBeTruthy();
    expect(screen.getByRole("img", { name: "Preview of shot.png" }).getAttribute("src")).toBe(
      "blob:shot",
    );
    expect(screen.getByText("This file is 30.0 MB; the limit is 25.0 MB.")).toBeTruthy();
    expect(screen.getByText("12 B · ready")).toBeTruthy();
    expect(screen.getAllByRole("progressbar")).toHaveLength(1);
  });

  it("offers cancel while uploading and remove otherwise", () => {
    const onRemove = vi.fn();
    render(<ComposerAttachments items={[uploading, refused]} onRemove={onRemove} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel upload of shot.png" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove big.zip" }));
    expect(onRemove.mock.calls).toEqual([[1], [2]]);
  });
});
