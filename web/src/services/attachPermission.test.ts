import { describe, expect, it } from "vitest";
import type { ReadyFrame } from "../types/api";
import { mayAttachFiles } from "./attachPermission";

const channel = (id: number, permissions: string) => ({
  id,
  name: `c${id}`,
  topic: null,
  last_message_id: null,
  last_seq: 0,
  permissions,
});
const ready: ReadyFrame = {
  type: "ready",
  user: { id: 1, username: "alice" },
  servers: [
    {
      id: 9,
      name: "s",
      icon: null,
      owner: 2,
      channels: [channel(10, String((1 << 15) | (1 << 11))), channel(11, String(1 << 11))],
    },
  ],
  dms: [],
  read_states: [],
};

describe("mayAttachFiles", () => {
  it("follows the channel's ATTACH_FILES bit", () => {
    expect(mayAttachFiles(ready, 10)).toBe(true);
    expect(mayAttachFiles(ready, 11)).toBe(false);
  });

  it("leaves DMs and unknown channels to the server", () => {
    expect(mayAttachFiles(ready, 99)).toBe(true);
    expect(mayAttachFiles(null, 10)).toBe(true);
  });
});
