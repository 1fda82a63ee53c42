"""The soak's sockets (asyncio, one thread): channel sockets `/ws/{s}/{c}` and gateways
`/ws/gateway` (SPEC §6), each counting every event frame it should receive per channel
(seq_track.ChannelSeqs), a sender that sends messages over them, and a reconnector that drops
one socket at a time (a close frame, or the TCP connection cut without one) and brings it back
as a client does: refresh the token, then a channel socket resumes with `?after_seq=` its
highest seq and a gateway takes its new `ready` and pages the events route for what it missed.
A socket the server closes by itself is counted (unexpected) and brought back the same way."""
import asyncio
import json
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "presence"))
from ws_client import Gateway  # noqa: E402  (bench/presence/ws_client.py: RFC 6455 client)

from seq_track import ChannelSeqs  # noqa: E402

CONNECT_TIMEOUT = 15
NONCE_TTL = 120


class SoakSocket:
    """One logical client socket; its connections come and go, its trackers stay."""

    def __init__(self, fleet, index, client, kind, channel_id=None):
        self.fleet = fleet
        self.index = index
        self.client = client          # http_client.Client of its user (token refresh, catch-up)
        self.kind = kind              # "channel" or "gateway"
        self.channel_id = channel_id  # channel sockets only
        self.trackers = {}            # channel id -> ChannelSeqs
        self.conn = None
        self.closing = False          # the soak is closing this connection on purpose
        self.ready_seqs = None        # gateway: the last ready's last_seq per channel
        self.ready_event = asyncio.Event()
        self.connections = 0

    def path(self):
        if self.kind == "gateway":
            return "/ws/gateway"
        t = self.trackers[self.channel_id]
        return f"/ws/{self.fleet.server_id}/{self.channel_id}?after_seq={t.high}"

    def on_text(self, payload):
        fleet = self.fleet
        try:
            frame = json.loads(payload)
        except ValueError:
            fleet.count("ws.unparsable_frame", ok=False)
            return
        seq = frame.get("seq")
        if seq is not None:
            tracker = self.trackers.get(frame.get("channel_id"))
            if tracker is None:
                fleet.count("ws.event_untracked_channel", ok=False)
            else:
                tracker.on_frame(seq)
            fleet.frames += 1
            if frame.get("type") == "chat.message":
                nonce = frame.get("new_message", {}).get("nonce")
                sent = fleet.pending.get(nonce) if nonce else None
                if sent is not None:
                    fleet.stats.record("ws.delivery", time.monotonic() - sent, "ok", True)
            return
        kind = frame.get("type")
        if kind == "ready":
            self.ready_seqs = {c["id"]: c["last_seq"] for s in frame["servers"]
                               for c in s["channels"]}
            self.ready_event.set()
        elif kind == "error":
            fleet.count(f"ws.error_frame.{frame.get('code')}", ok=False)
            fleet.stats.note(f"error frame on {self.kind} socket {self.index}: {payload[:200]!r}")
        elif kind == "resync_required":
            fleet.count("ws.resync_required", ok=False)

    async def open(self):
        """Connects (after a token refresh when reconnecting); a gateway then waits for its
        ready and catches up through the events route."""
        loop = asyncio.get_running_loop()
        if self.connections:
            await loop.run_in_executor(None, self.client.refresh)
        for t in self.trackers.values():
            t.new_connection()
        self.ready_event = asyncio.Event()
        conn = Gateway(self.on_text)
        started = time.monotonic()
        try:
            await asyncio.wait_for(
                conn.open(self.fleet.port, self.path(), self.client.cookie_header()),
                CONNECT_TIMEOUT)
        except BaseException:
            if conn.writer is not None:
                conn.writer.transport.abort()   # a refused handshake keeps no connection
            raise
        self.conn = conn
        self.connections += 1
        label = "reconnect" if self.connections > 1 else "connect"
        conn.task.add_done_callback(lambda _task, c=conn: self.fleet.on_closed(self, c))
        if self.kind == "channel":
            self.fleet.stats.record(f"ws.channel_{label}", time.monotonic() - started, "101", True)
            # The refresh's keep-alive connection goes: sockets hold no idle HTTP connections,
            # so the server's fd count does not move with which of them reconnected lately.
            await loop.run_in_executor(None, self.client.session.close)
            return
        await asyncio.wait_for(self.ready_event.wait(), CONNECT_TIMEOUT)
        self.fleet.stats.record(f"ws.gateway_{label}_to_ready", time.monotonic() - started,
                                "ready", True)
        if not self.trackers:
            self.trackers = {c: ChannelSeqs(seq) for c, seq in self.ready_seqs.items()}
            return
        await self.catch_up(dict(self.ready_seqs))
        await loop.run_in_executor(None, self.client.session.close)

    async def catch_up(self, ready_seqs):
        loop = asyncio.get_running_loop()
        for channel, last in ready_seqs.items():
            tracker = self.trackers.get(channel)
            if tracker is None or tracker.high >= last:
                continue
            seqs = await loop.run_in_executor(None, self.fetch_events, channel, tracker.high, last)
            for s in seqs:
                tracker.on_rest(s)

    def fetch_events(self, channel, after, last):
        """Seqs after..last from GET /api/channels/{c}/events/ (runs on an executor thread).
        Only up to `ready`'s last_seq: what is newer comes live over the socket, and a page may
        already hold some of it (taking those here made their live frames look duplicated)."""
        seqs = []
        for _ in range(1000):
            r = self.client.call("rest.events_catch_up", "GET",
                                 f"/api/channels/{channel}/events/?after_seq={after}&limit=500")
            if r is None or r.status_code != 200:
                return seqs
            events = r.json()["events"]
            if not events:
                return seqs
            seqs.extend(e["seq"] for e in events if e["seq"] <= last)
            after = events[-1]["seq"]
            if after >= last:
                return seqs
        return seqs

    async def drop(self, abrupt):
        conn, self.conn = self.conn, None
        if conn is None:
            return
        self.closing = True
        if abrupt:
            conn.writer.transport.abort()   # no close frame: a network cut, a killed tab
            conn.task.cancel()
        else:
            await conn.close()
        await asyncio.sleep(0)

    def send(self, channel_id, text, nonce):
        if self.conn is None:
            return False
        frame = {"type": "message", "message": text, "nonce": nonce}
        if self.kind == "gateway":
            frame["channel_id"] = channel_id
        self.conn.send_text(json.dumps(frame))
        return True


class Fleet:
    def __init__(self, stats, port, server_id, channels, stop_at):
        self.stats = stats
        self.port = port
        self.server_id = server_id
        self.channels = channels          # name -> id (the Load Test channels)
        self.stop_at = stop_at
        self.sockets = []
        self.pending = {}                 # nonce -> send time (monotonic)
        self.frames = 0
        self.sent = 0
        self.reconnects = 0
        self.unexpected_closes = 0
        self.failures = []                # reconnects that did not come back
        self.random = random.Random(6)
        self.busy = set()                 # sockets being reconnected

    def count(self, kind, ok):
        self.stats.record(kind, None, kind, ok)

    def on_closed(self, sock, conn):
        if sock.conn is conn and not sock.closing and time.monotonic() < self.stop_at:
            # The server ended a connection the client did not give up: reconnect it.
            self.unexpected_closes += 1
            self.stats.note(f"server closed {sock.kind} socket {sock.index}")
            sock.conn = None
            asyncio.get_running_loop().create_task(self.reconnect(sock, pause=0.5, abrupt=None))

    async def add(self, client, kind, channel_id, base):
        sock = SoakSocket(self, len(self.sockets), client, kind, channel_id)
        if kind == "channel":
            sock.trackers[channel_id] = ChannelSeqs(base)
        self.sockets.append(sock)
        await sock.open()
        return sock

    async def reconnect(self, sock, pause, abrupt):
        if sock in self.busy:
            return
        self.busy.add(sock)
        try:
            if abrupt is not None:
                await sock.drop(abrupt)
            await asyncio.sleep(pause)
            sock.closing = False
            for attempt in range(5):
                try:
                    await sock.open()
                    self.reconnects += 1
                    return
                except (OSError, asyncio.TimeoutError, RuntimeError) as e:
                    self.stats.record(f"ws.{sock.kind}_reconnect_failed", None, type(e).__name__,
                                      False)
                    self.stats.note(f"reconnect of {sock.kind} socket {sock.index}: {e!r}")
                    if sock.conn is not None:
                        await sock.drop(True)
                    await asyncio.sleep(1 + attempt)
            self.failures.append(f"{sock.kind} socket {sock.index} did not come back")
        finally:
            self.busy.discard(sock)

    async def reconnector(self, every):
        """One socket at a time, alternately by close frame and by a cut connection."""
        n = 0
        while time.monotonic() + every < self.stop_at:
            await asyncio.sleep(every)
            idle = [s for s in self.sockets if s not in self.busy and s.conn is not None]
            if not idle:
                continue
            sock = self.random.choice(idle)
            n += 1
            await self.reconnect(sock, pause=self.random.uniform(0.2, 2.0), abrupt=n % 2 == 0)

    async def sender(self, rate, channel_names):
        """Messages over the sockets: channel sockets into their own channel, gateways into
        one of channel_names."""
        period = 1.0 / rate
        next_at = time.monotonic()
        targets = [self.channels[n] for n in channel_names]
        while time.monotonic() < self.stop_at:
            next_at = max(next_at + period, time.monotonic() - 1.0)
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            open_ = [s for s in self.sockets if s.conn is not None and s not in self.busy
                     and (s.kind == "gateway" or s.channel_id in targets)]
            if not open_:
                continue
            sock = self.random.choice(open_)
            channel = sock.channel_id if sock.kind == "channel" else self.random.choice(targets)
            self.sent += 1
            nonce = f"soak-ws-{self.sent}"
            now = time.monotonic()
            self.pending[nonce] = now
            if sock.send(channel, f"soak socket message {self.sent} from {sock.kind}", nonce):
                self.stats.record(f"ws.message_sent_{sock.kind}", None, "sent", True)
            if self.sent % 500 == 0:
                self.pending = {k: v for k, v in self.pending.items() if now - v < NONCE_TTL}

    async def drain(self, final_seqs, timeout):
        """Waits until every socket has every event up to the channels' final last_seq."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.busy and all(t.complete(final_seqs[c]) for s in self.sockets
                                     for c, t in s.trackers.items()):
                return True
            await asyncio.sleep(0.2)
        return False

    async def close_all(self):
        for s in self.sockets:
            s.closing = True
            if s.conn is not None:
                await s.conn.close()

    def loss_report(self, final_seqs):
        out = {"sockets": len(self.sockets), "expected": 0, "received": 0, "lost": 0,
               "duplicates": 0, "out_of_order": 0, "recovered_by_rest": 0,
               "socket_gaps": 0, "sockets_with_loss": 0, "incidents": []}
        for s in self.sockets:
            lost_here = 0
            for c, t in s.trackers.items():
                last = final_seqs[c]
                out["expected"] += t.expected(last)
                out["received"] += t.expected(last) - t.lost(last)
                lost_here += t.lost(last)
                out["duplicates"] += t.duplicates
                out["out_of_order"] += t.out_of_order
                out["recovered_by_rest"] += t.recovered_by_rest
                out["socket_gaps"] += t.socket_gaps
                for incident in t.incidents[:5]:
                    out["incidents"].append({"socket": f"{s.kind} {s.index}", "channel": c,
                                             **incident})
            out["lost"] += lost_here
            out["sockets_with_loss"] += lost_here > 0
        out["frames"] = self.frames
        out["messages_sent"] = self.sent
        out["reconnects"] = self.reconnects
        out["unexpected_closes"] = self.unexpected_closes
        out["reconnect_failures"] = self.failures
        return out
