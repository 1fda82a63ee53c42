import { describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../services/apiClient";
import { channelRest } from "./useChannel";

function recordingApi() {
  const calls: { path: string; method: string; body?: unknown }[] = [];
  const api = {
    get: vi.fn(async (path: string) => {
      calls.push({ path, method: "GET" });
      return [];
    }),
    request: vi.fn(async (path: string, options: { method?: string; body?: unknown } = {}) => {
      calls.push({ path, method: options.method ?? "GET", body: options.body });
      return null;
    }),
    refreshSession: vi.fn(),
  } as unknown as ApiClient;
  return { api, calls };
}

describe("channelRest", () => {
  it("speaks the channel routes of SPEC §6–§7", async () => {
    const { api, calls } = recordingApi();
    const rest = channelRest(api, 12);
    await rest.messages({ limit: 50 });
    await rest.messages({ before: 40, limit: 50 });
    await rest.messages({ around: 7, limit: 50 });
    await rest.events(99, 100);
    await rest.edit(5, "new text");
    await rest.remove(5);
    await rest.react(5, "👍🏽", true);
    await rest.react(5, "❤️", false);
    expect(calls).toEqual([
      { path: "/api/channels/12/messages/?limit=50", method: "GET" },
      { path: "/api/channels/12/messages/?limit=50&before=40", method: "GET" },
      { path: "/api/channels/12/messages/?limit=50&around=7", method: "GET" },
      { path: "/api/channels/12/events/?after_seq=99&limit=100", method: "GET" },
      { path: "/api/channels/12/messages/5/", method: "PATCH", body: { content: "new text" } },
      { path: "/api/channels/12/messages/5/", method: "DELETE", body: undefined },
      {
        path: "/api/channels/12/messages/5/reactions/%F0%9F%91%8D%F0%9F%8F%BD/@me/",
        method: "PUT",
        body: undefined,
      },
      {
        path: "/api/channels/12/messages/5/reactions/%E2%9D%A4%EF%B8%8F/@me/",
        method: "DELETE",
        body: undefined,
      },
    ]);
  });
});
