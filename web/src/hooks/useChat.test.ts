import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../services/apiClient";
import { ApiError } from "../services/apiErrors";
import { MAX_RECONNECT_ATTEMPTS } from "../services/chatConnection";
import type { SocketLike } from "../services/chatConnection";
import type { ChatMessage } from "../types/api";
import { useChat } from "./useChat";

/** A WebSocket double the test drives by hand: open it, push frames, close it with a code. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.(new CloseEvent("close", { code }));
  }
}

const msg = (id: number, sender = "bob", extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  sender,
  content: `message ${id}`,
  timestamp: new Date(2026, 10, 28, 10, id).toISOString(),
  ...extra,
});

function setup(history: ChatMessage[] = [msg(3), msg(5), msg(4)]) {
  const sockets: FakeSocket[] = [];
  const get = vi.fn(async () => history);
  const refreshSession = vi.fn(async () => {});
  const api = { get, request: vi.fn(), refreshSession } as unknown as ApiClient;
  const hook = renderHook(() =>
    useChat({
      serverId: 1,
      channelId: 2,
      api,
      username: "alice",
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
    }),
  );
  const latest = () => sockets[sockets.length - 1];
  return { hook, sockets, latest, get, refreshSession };
}

const ids = (messages: ChatMessage[]) => messages.map((m) => m.id);

describe("useChat", () => {
  beforeEach(() => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads the newest page over REST, then connects resuming after the highest id", async () => {
    const { hook, sockets, get } = setup();
    await waitFor(() => expect(sockets).toHaveLength(1));
    expect(get).toHaveBeenCalledWith("/api/messages/?channel_id=2&limit=50");
    expect(sockets[0].url).toBe(`ws://${window.location.host}/ws/1/2?after=5`);
    expect(ids(hook.result.current.messages)).toEqual([3, 4, 5]);
    act(() => sockets[0].open());
    expect(hook.result.current.status).toBe("online");
  });

  it("de-duplicates by id and keeps id order whatever the arrival order", async () => {
    const { hook, latest } = setup();
    await waitFor(() => expect(latest()).toBeDefined());
    act(() => {
      latest().open();
      latest().receive({ type: "chat.message", new_message: msg(7) });
      latest().receive({ type: "chat.message", new_message: msg(5) });
      latest().receive({ type: "chat.message", new_message: msg(6) });
      latest().receive({ type: "chat.message", new_message: msg(7) });
    });
    expect(ids(hook.result.current.messages)).toEqual([3, 4, 5, 6, 7]);
  });

  it("reconnects with backoff after a drop, resuming after the newest message seen", async () => {
    const { hook, sockets, latest } = setup();
    await waitFor(() => expect(sockets).toHaveLength(1));
    vi.useFakeTimers();
    act(() => {
      latest().open();
      latest().receive({ type: "chat.message", new_message: msg(9) });
      latest().drop(1006);
    });
    expect(hook.result.current.status).toBe("reconnecting");
    expect(sockets).toHaveLength(1);
    act(() => vi.advanceTimersByTime(500));
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toMatch(/\/ws\/1\/2\?after=9$/);
    act(() => {
      sockets[1].open();
      // The server replays what we missed; 9 again must not show twice.
      sockets[1].receive({ type: "chat.message", new_message: msg(9) });
      sockets[1].receive({ type: "chat.message", new_message: msg(10) });
    });
    expect(ids(hook.result.current.messages)).toEqual([3, 4, 5, 9, 10]);
    expect(hook.result.current.status).toBe("online");
  });

  it("backs off exponentially and gives up after a bounded number of attempts", async () => {
    const { hook, sockets, latest } = setup();
    await waitFor(() => expect(sockets).toHaveLength(1));
    vi.useFakeTimers();
    const delays: number[] = [];
    for (let attempt = 0; attempt < MAX_RECONNECT_ATTEMPTS; attempt++) {
      const before = sockets.length;
      act(() => latest().drop(1006));
      let waited = 0;
      while (sockets.length === before) {
        act(() => vi.advanceTimersByTime(50));
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[4]).toBeGreaterThan(delays[3]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15_000);
    act(() => latest().drop(1006));
    act(() => vi.advanceTimersByTime(60_000));
    expect(sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 1);
    expect(hook.result.current.status).toBe("offline");
    act(() => hook.result.current.retry());
    expect(sockets).toHaveLength(MAX_RECONNECT_ATTEMPTS + 2);
  });

  it("on close 4001 refreshes the token, then reconnects", async () => {
    const { sockets, latest, refreshSession } = setup();
    await waitFor(() => expect(sockets).toHaveLength(1));
    act(() => {
      latest().open();
      latest().drop(4001);
    });
    expect(refreshSession).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(sockets).toHaveLength(2));
    expect(sockets[1].url).toMatch(/after=5$/);
  });

  it("stops when the refresh is refused (the session is over)", async () => {
    const { hook, sockets, latest, refreshSession } = setup();
    refreshSession.mockRejectedValueOnce(
      new ApiError(401, { detail: "Token is invalid or expired" }),
    );
    await waitFor(() => expect(sockets).toHaveLength(1));
    act(() => latest().drop(4001));
    await waitFor(() => expect(hook.result.current.status).toBe("closed"));
    expect(sockets).toHaveLength(1);
  });

  it("does not loop when the socket keeps refusing a freshly refreshed token", async () => {
    const { hook, sockets, latest, refreshSession } = setup();
    await waitFor(() => expect(sockets).toHaveLength(1));
    for (let i = 0; i < 5; i++) {
      const count = sockets.length;
      act(() => latest().drop(4001));
      await waitFor(() =>
        expect(sockets.length > count || hook.result.current.status === "offline").toBe(true),
      );
    }
    expect(refreshSession).toHaveBeenCalledTimes(2);
    expect(hook.result.current.status).toBe("offline");
  });

  it("resolves a send when its nonce comes back, and rejects with the reason on an error frame", async () => {
    const { hook, latest } = setup();
    await waitFor(() => expect(latest()).toBeDefined());
    act(() => latest().open());

    let sent!: Promise<void>;
    act(() => {
      sent = hook.result.current.send("hello");
    });
    const frame = latest().sent[0] as { type: string; message: string; nonce: string };
    expect(frame).toMatchObject({ type: "message", message: "hello" });
    act(() =>
      latest().receive({
        type: "chat.message",
        new_message: msg(6, "alice", { content: "hello", nonce: frame.nonce }),
      }),
    );
    await expect(sent).resolves.toBeUndefined();

    let refused!: Promise<void>;
    act(() => {
      refused = hook.result.current.send("let me in");
    });
    const second = latest().sent[1] as { nonce: string };
    act(() =>
      latest().receive({
        type: "error",
        code: "not_member",
        detail: "Not a member",
        nonce: second.nonce,
      }),
    );
    await expect(refused).rejects.toThrow("Join this server to post");
  });

  it("never sends empty or whitespace-only messages", async () => {
    const { hook, latest } = setup();
    await waitFor(() => expect(latest()).toBeDefined());
    act(() => latest().open());
    await expect(hook.result.current.send("  \n ")).rejects.toThrow();
    expect(latest().sent).toHaveLength(0);
  });

  it("loads older pages before the oldest message held", async () => {
    const page = Array.from({ length: 50 }, (_, i) => msg(100 + i));
    const { hook, latest, get } = setup(page);
    await waitFor(() => expect(latest()).toBeDefined());
    expect(hook.result.current.hasOlder).toBe(true);
    get.mockResolvedValueOnce([msg(40), msg(41)]);
    await act(() => hook.result.current.loadOlder());
    expect(get).toHaveBeenLastCalledWith("/api/messages/?channel_id=2&limit=50&before=100");
    expect(ids(hook.result.current.messages).slice(0, 3)).toEqual([40, 41, 100]);
    expect(hook.result.current.hasOlder).toBe(false);
  });
});
