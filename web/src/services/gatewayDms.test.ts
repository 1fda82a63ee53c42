import { describe, expect, it } from "vitest";
import type { DmChannel } from "../types/api";
import { GatewayConnection } from "./gatewayConnection";
import { FakeSocket, readyFrame } from "./testGateway";

const dm = (id: number, lastSeq: number): DmChannel => ({
  id,
  type: "dm",
  name: null,
  owner: null,
  recipients: [{ id: 2, username: "bob" }],
  last_message_id: null,
  last_seq: lastSeq,
});

function connected(dms: DmChannel[]) {
  let socket!: FakeSocket;
  const gateway = new GatewayConnection({
    url: "ws://chat.test/ws/gateway",
    createSocket: (url) => (socket = new FakeSocket(url)),
    refreshSession: async () => {},
  });
  gateway.start();
  socket.open();
  socket.receive({ ...readyFrame([{ id: 7, last_seq: 1 }]), dms });
  return { gateway, socket };
}

describe("GatewayConnection and direct messages (SPEC §9)", () => {
  it("covers the DMs of ready with their seqs, and follows those created and left later", () => {
    const { gateway, socket } = connected([dm(40, 3)]);
    expect(gateway.covers(40)).toBe(true);
    expect(gateway.lastSeq(40)).toBe(3);
    expect(gateway.covers(41)).toBe(false);

    socket.receive({ type: "dm.create", channel: dm(41, 0) });
    expect(gateway.covers(41)).toBe(true);
    expect(gateway.ready?.dms.map((d) => d.id)).toEqual([40, 41]);
    socket.receive({
      type: "chat.message",
      channel_id: 41,
      seq: 1,
      new_message: { id: 9, deleted: true },
    });
    expect(gateway.lastSeq(41)).toBe(1);
    // A repeated dm.create (another tab opened it again) does not move the seq back.
    socket.receive({ type: "dm.create", channel: dm(41, 0) });
    expect(gateway.lastSeq(41)).toBe(1);

    socket.receive({ type: "dm.delete", channel_id: 40 });
    expect(gateway.covers(40)).toBe(false);
    expect(gateway.ready?.dms.map((d) => d.id)).toEqual([41]);
  });
});
