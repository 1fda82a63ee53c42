#!/usr/bin/env python3
"""The read-state ack load (issue 11): USERS users each acking once a second for DURATION
seconds over keep-alive HTTP/1.1 connections on loopback, beside a reference phase in the same
run (the same users, connections and pacing doing GET /api/account/me/, and GET /healthz: the
HTTP floor, no auth and no database) and an idle phase (gateways open, no requests). Every ack is a manual ack that moves the mark between two
messages, so each one writes its read state, counts mentions and sends read.ack to the user's
gateways (GATEWAYS of the users keep one open). Server CPU comes from /proc/<pid>/stat
(utime + stime) around each phase.

    acks_load.py fixture USERS CHANNELS > fixture.json
    acks_load.py run --port P --pid PID --secret-key KEY --database FILE [--users N]
                     [--duration S] [--gateways G] [--json OUT]

Stdlib only, plus Debian's python3-websockets for the gateways. Bounded: every phase ends
after its duration, every request has a timeout.
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time

OWNER = "ackowner"
SERVER = "Ack Bench"
MESSAGES_PER_CHANNEL = 20


def fixture(users, channels):
    names = [f"acker{i}" for i in range(users)]
    return {
        "users": [{"username": n, "password": f"{n}-bench-pass-1"} for n in [OWNER, *names]],
        "categories": [{"name": "Bench", "description": "read-state load"}],
        "servers": [{"name": SERVER, "category": "Bench", "owner": OWNER,
                     "description": "acks", "members": [OWNER, *names],
                     "channels": [{"name": f"acks-{c}", "topic": ""} for c in range(channels)]}],
        "messages": [{"server": SERVER, "channel": f"acks-{c}", "sender": OWNER,
                      "content": f"history {c}-{m}"}
                     for c in range(channels) for m in range(MESSAGES_PER_CHANNEL)],
    }


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def access_token(key, user_id, now):
    """An HS256 access token as the server issues them (the bench chose the server's key)."""
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"token_type": "access", "exp": now + 3600, "iat": now, "jti": os.urandom(16).hex(),
              "user_id": user_id, "sid": 1_000_000 + user_id}
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(key.encode(), header + b"." + body, hashlib.sha256).digest())
    return (header + b"." + body + b"." + signature).decode()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Connection:
    """One keep-alive HTTP/1.1 connection of one user."""

    def __init__(self, port, token):
        self.port, self.token = port, token

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(self, method, path, body=b""):
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.token}\r\n")
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length:
            await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self):
        self.writer.close()


async def paced(connections, duration, make_request):
    """Each connection sends one request per second, spread evenly over the second."""
    statuses, latencies = {}, []
    start = time.monotonic() + 0.2
    n = len(connections)

    async def one(i, conn):
        k = 0
        while True:
            at = start + k + i / n
            if at >= start + duration:
                return
            await asyncio.sleep(max(0, at - time.monotonic()))
            method, path, body = make_request(i, k)
            sent = time.monotonic()
            try:
                status = await asyncio.wait_for(conn.request(method, path, body), 10)
            except (asyncio.TimeoutError, ConnectionError, IndexError, ValueError):
                status = "error"
            latencies.append(time.monotonic() - sent)
            statuses[status] = statuses.get(status, 0) + 1
            k += 1

    await asyncio.gather(*(one(i, c) for i, c in enumerate(connections)))
    latencies.sort()
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2)
    return {"requests": len(latencies), "statuses": {str(k): v for k, v in statuses.items()},
            "p50_ms": pick(0.5), "p99_ms": pick(0.99)} if latencies else {"requests": 0}


async def measured(name, pid, duration, work):
    before, t0 = cpu_seconds(pid), time.monotonic()
    result = await work
    cpu, wall = cpu_seconds(pid) - before, time.monotonic() - t0
    result = dict(result or {})
    result.update(phase=name, cpu_seconds=round(cpu, 3), wall_seconds=round(wall, 2),
                  cpu_percent_of_one_core=round(100 * cpu / wall, 2))
    print(json.dumps(result), file=sys.stderr)
    return result


async def gateway_listener(port, token, counts, stop):
    import websockets
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/gateway",
                                  extra_headers={"Authorization": f"Bearer {token}"},
                                  max_size=None, open_timeout=30) as ws:
        while not stop.is_set():
            try:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
            except asyncio.TimeoutError:
                continue
            counts[frame.get("type")] = counts.get(frame.get("type"), 0) + 1


async def run(args):
    db = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    users = db.execute("SELECT id, username FROM accounts WHERE username LIKE 'acker%' "
                       "ORDER BY id LIMIT ?", (args.users,)).fetchall()
    owner = db.execute("SELECT id FROM accounts WHERE username = ?", (OWNER,)).fetchone()[0]
    channels = [row[0] for row in db.execute(
        "SELECT c.id FROM channels c JOIN servers s ON s.id = c.server_id WHERE s.name = ? "
        "ORDER BY c.id", (SERVER,))]
    db.close()
    now = int(time.time())
    tokens = [access_token(args.secret_key, uid, now) for uid, _ in users]

    # Mentions to count: in each channel, messages naming some users and an @everyone.
    poster = Connection(args.port, access_token(args.secret_key, owner, now))
    await poster.open()
    marks = {}
    for c in channels:
        ids = []
        for j in range(10):
            named = " ".join(f"<@{uid}>" for uid, _ in users[j::10][:50])
            text = "@everyone hello" if j == 9 else f"hey {named}"
            body = json.dumps({"content": text}).encode()
            poster.writer.write(
                (f"POST /api/channels/{c}/messages/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 f"Authorization: Bearer {poster.token}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
            status_line = await poster.reader.readline()
            length = 0
            while (line := await poster.reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reply = json.loads(await poster.reader.readexactly(length))
            assert status_line.split()[1] == b"201", (status_line, reply)
            ids.append(reply["id"])
        marks[c] = (ids[2], ids[7])  # acks alternate between these: 5 or more mentions after
    poster.close()

    async def connect_all():
        """Fresh keep-alive connections for a phase (an idle one is closed by the server)."""
        connections = [Connection(args.port, t) for t in tokens]
        for i in range(0, len(connections), 100):
            await asyncio.gather(*(c.open() for c in connections[i:i + 100]))
        await asyncio.sleep(1)  # accepted and settled before the measurement starts
        return connections

    gateway_counts, stop = {}, asyncio.Event()
    listeners = [asyncio.create_task(gateway_listener(args.port, tokens[i], gateway_counts, stop))
                 for i in range(min(args.gateways, len(tokens)))]
    await asyncio.sleep(3)  # gateways connected and ready

    def ack(i, k):
        c = channels[i % len(channels)]
        mark = marks[c][k % 2]
        return "POST", f"/api/channels/{c}/ack/", json.dumps(
            {"message_id": mark, "manual": True}).encode()

    def me(i, k):
        return "GET", "/api/account/me/", b""

    def health(i, k):
        return "GET", "/healthz", b""

    results = [await measured("idle (gateways open)", args.pid, args.duration,
                              asyncio.sleep(args.duration))]
    for name, make in (("floor GET /healthz (no auth, no database)", health),
                       ("reference GET /api/account/me/", me), ("acks", ack)):
        connections = await connect_all()
        results.append(await measured(name, args.pid, args.duration,
                                      paced(connections, args.duration, make)))
        for c in connections:
            c.close()
    await asyncio.sleep(1)
    stop.set()
    await asyncio.gather(*listeners, return_exceptions=True)
    idle, floor, reference, acks = results
    summary = {
        "users": len(users), "channels": len(channels), "gateways": len(listeners),
        "duration_seconds": args.duration, "phases": results,
        "gateway_frames": gateway_counts,
        "ack_cpu_percent_of_one_core": acks["cpu_percent_of_one_core"],
        "ack_over_reference": round(acks["cpu_seconds"] / max(reference["cpu_seconds"], 1e-9), 2),
        "ack_over_http_floor": round(acks["cpu_seconds"] / max(floor["cpu_seconds"], 1e-9), 2),
        "ack_minus_idle_percent": round(acks["cpu_percent_of_one_core"]
                                        - idle["cpu_percent_of_one_core"], 2),
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    failed = sum(v for k, v in acks.get("statuses", {}).items() if k != "204")
    return 3 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fixture")
    f.add_argument("users", type=int)
    f.add_argument("channels", type=int)
    r = sub.add_parser("run")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--pid", type=int, required=True)
    r.add_argument("--secret-key", required=True)
    r.add_argument("--database", required=True)
    r.add_argument("--users", type=int, default=1000)
    r.add_argument("--duration", type=float, default=20)
    r.add_argument("--gateways", type=int, default=100)
    r.add_argument("--json")
    args = parser.parse_args()
    if args.command == "fixture":
        json.dump(fixture(args.users, args.channels), sys.stdout)
        return 0
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
