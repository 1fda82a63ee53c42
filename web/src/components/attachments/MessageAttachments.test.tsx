import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Attachment } from "../../types/api";
import { formatBytes } from "./formatBytes";
import { MessageAttachments } from "./MessageAttachments";

const image: Attachment = {
  id: 1,
  filename: "shot.png",
  content_type: "image/png",
  size: 2048,
  url: "/api/attachments/1/tok/shot.png",
  width: 800,
  height: 600,
  thumbnail_url: "/api/attachments/1/tok/thumbnail/shot.png.webp",
};
const file: Attachment = {
  id: 2,
  filename: "report.pdf",
  content_type: "application/pdf",
  size: 5 * 1024 * 1024,
  url: "/api/attachments/2/tok/report.pdf",
};

afterEach(cleanup);

describe("MessageAttachments", () => {
  it("shows nothing without attachments", () => {
    const { container } = render(<MessageAttachments attachments={[]} />);
    expect(container.firstChild).toBeNull();
  });

  it("previews an image and opens it in a lightbox", () => {
    render(<MessageAttachments attachments={[image]} />);
    const preview = screen.getByRole("img", { name: "shot.png" });
    expect(preview.getAttribute("src")).toBe(image.thumbnail_url);
    fireEvent.click(screen.getByRole("button", { name: "Open image shot.png" }));
    const full = screen.getAllByRole("img", { name: "shot.png" }).map((i) => i.getAttribute("src"));
    expect(full).toContain(image.url);
    expect(screen.getByText("Download").getAttribute("href")).toBe(image.url);
  });

  it("shows other files as cards with name, size and a download link", () => {
    render(<MessageAttachments attachments={[file]} />);
    expect(screen.getByText("report.pdf")).toBeTruthy();
    expect(screen.getByText("5.0 MB")).toBeTruthy();
    const link = screen.getByRole("link", { name: "Download report.pdf" });
    expect(link.getAttribute("href")).toBe(file.url);
  });

  it("formats sizes", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(4300)).toBe("4.2 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25.0 MB");
  });
});
