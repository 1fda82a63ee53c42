import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../../context/AuthContext";
import { jsonResponse } from "../../services/testResponses";
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

describe("MessageAttachments after the access cookie expired", () => {
  function renderWithSession() {
    const refreshes: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (url) => {
      if (String(url).endsWith("/api/token/refresh/")) {
        refreshes.push(String(url));
        return jsonResponse(200, {});
      }
      return jsonResponse(200, { id: 1, username: "alice" });
    });
    render(
      <MemoryRouter>
        <AuthProvider>
          <MessageAttachments attachments={[image]} />
        </AuthProvider>
      </MemoryRouter>,
    );
    return refreshes;
  }
  afterEach(() => vi.restoreAllMocks());

  it("renews the session and loads a failed image once more", async () => {
    const refreshes = renderWithSession();
    const preview = screen.getByRole("img", { name: "shot.png" });
    await waitFor(() => expect(globalThis.fetch).toHaveBeenCalled());
    const before = refreshes.length;
    await act(async () => {
      fireEvent.error(preview);
    });
    await waitFor(() =>
      expect(screen.getByRole("img", { name: "shot.png" }).getAttribute("src")).toMatch(
        /^\/api\/attachments\/1\/tok\/thumbnail\/shot\.png\.webp\?renewed=\d+$/,
      ),
    );
    expect(refreshes.length).toBe(before + 1);
    // A second failure is final: no loop of refreshes, a clear placeholder instead.
    await act(async () => {
      fireEvent.error(screen.getByRole("img", { name: "shot.png" }));
    });
    expect(screen.getByRole("img", { name: "shot.png (unavailable)" })).toBeTruthy();
    expect(refreshes.length).toBe(before + 1);
  });
});

describe("a download link after the access cookie expired", () => {
  afterEach(() => vi.restoreAllMocks());

  it("asks first, renews the session when refused, then downloads", async () => {
    const calls: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (url, init) => {
      const path = String(url).replace(/^https?:\/\/[^/]+/, "");
      calls.push(`${init?.method ?? "GET"} ${path}`);
      if (path.endsWith("/api/token/refresh/")) return jsonResponse(200, {});
      if (init?.method === "HEAD") return jsonResponse(401, { detail: "expired" });
      return jsonResponse(200, { id: 1, username: "alice" });
    });
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    render(
      <MemoryRouter>
        <AuthProvider>
          <MessageAttachments attachments={[file]} />
        </AuthProvider>
      </MemoryRouter>,
    );
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    const before = calls.length;
    const link = screen.getByRole("link", { name: "Download report.pdf" });
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    await act(async () => {
      link.dispatchEvent(click);
    });
    expect(click.defaultPrevented).toBe(true);
    await waitFor(() => expect(clicks).toHaveBeenCalledTimes(1));
    expect(calls.slice(before)).toEqual([
      "HEAD /api/attachments/2/tok/report.pdf",
      "POST /api/token/refresh/",
    ]);
    // The second click (the real one) is left to the browser (stopped here, after the app's
    // handler has run, only because jsdom cannot navigate).
    let leftToBrowser = false;
    const stop = (event: Event) => {
      leftToBrowser = !event.defaultPrevented;
      event.preventDefault();
    };
    window.addEventListener("click", stop);
    link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
    window.removeEventListener("click", stop);
    expect(leftToBrowser).toBe(true);
  });
});
