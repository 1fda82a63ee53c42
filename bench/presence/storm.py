#!/usr/bin/python3
"""The presence storm (issue 11), on loopback, bounded in time and count.

A server of --members members (10,000) with --online gateways open (1,000, one per user), of
which --subscribers (100) follow its member list; a sender posts --rate messages/s into its
channel the whole time. Every online user then reconnects once, at a random moment within
--storm-seconds (5 s). Measured:

- presence.update frames reaching subscribers during the storm and for grace + window + 2 s
  after it (flaps: must be 0; a reconnect within the grace period is no change), and any
  presence.update reaching a gateway that did not subscribe (must be 0);
- server CPU-seconds (utime + stime of /proc/PID/stat) over a fixed window from the storm's
  start, against three same-run references over the same window: no storm at all (the
  messages alone), the same storm before anyone subscribed, and (--reference-binary, e.g. the
  pre-presence build) the same storm on a server without presence;
- delivery latency of the ongoing messages at the 100 subscribers (send to receipt, one
  clock), per phase;
- the members route: wall time of GET /api/servers/{id}/members/ (the first page of 100, and
  pages of 1000) over one keep-alive connection, client side (an upper bound of server time).

The members are written straight into a fresh SQLite database (accounts, memberships), and the
gateways authenticate with access tokens signed with the run's own --secret-key: 10,000 logins
would measure password hashing, not presence.
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ws_client import Gateway  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def access_token(secret, user_id, lifetime=3600):
    now = int(time.time())
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = b64url(json.dumps({"token_type": "access", "exp": now + lifetime, "iat": now,
                                 "jti": os.urandom(8).hex(), "user_id": user_id,
                                 "sid": 1_000_000 + user_id}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_database(binary, data_dir, members):
    subprocess.run([binary, "migrate", "--data-dir", data_dir], check=True, capture_output=True)
    conn = sqlite3.connect(os.path.join(data_dir, "parley.sqlite3"))
    with conn:
        conn.executemany(
            "INSERT INTO accounts (id, username, username_key, password_hash, date_joined) "
            "VALUES (?, ?, ?, 'unusable', ?)",
            [(i, f"member{i}", f"member{i}", 1_700_000_000_000_000 + i)
             for i in range(1, members + 1)])
        conn.execute("INSERT INTO categories (id, name) VALUES (1, 'bench')")
        conn.execute("INSERT INTO servers (id, name, owner_id, category_id, created_at) "
                     "VALUES (1, 'Storm', 1, 1, 0)")
        conn.execute("INSERT INTO servers (id, name, owner_id, category_id, created_at) "
                     "VALUES (2, 'Elsewhere', 1, 1, 0)")
        conn.execute("INSERT INTO channels (id, server_id, owner_id, name) VALUES (1, 1, 1, 'talk')")
        conn.executemany("INSERT INTO memberships (server_id, account_id, joined_at) "
                         "VALUES (1, ?, ?)", [(i, 1_700_000_000_000_000 + i)
                                              for i in range(1, members + 1)])
        conn.execute("INSERT INTO memberships (server_id, account_id, joined_at) VALUES (2, 1, 0)")
    conn.close()


class Server:
    def __init__(self, binary, data_dir, secret):
        self.port = free_port()
        self.log = open(os.path.join(data_dir, "server.log"), "ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--data-dir", data_dir, "--listen", f"127.0.0.1:{self.port}",
             "--secret-key", secret, "--log-level", "warn", "--message-rate", "100000",
             "--message-burst", "100000", "--ws-ping-interval", "120",
             "--max-connections", "19000"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Run:
    """The gateways of one server, and what they received."""

    def __init__(self, port, secret, users, subscribers, rate):
        self.port, self.secret = port, secret
        self.online = list(users)
        self.subscribers = set(subscribers)
        self.subscribed = False
        self.rate = rate
        self.gateways = {}
        self.presence_at_subscribers = []  # (time, frame)
        self.presence_elsewhere = 0
        self.latencies = []  # (receipt time, ms)
        self.sending = True

    def handler(self, user):
        subscriber = user in self.subscribers

        def on_text(payload):
            if subscriber:
                if b'"chat.message"' in payload:
                    content = json.loads(payload)["new_message"]["content"]
                    if content.startswith("lat:"):
                        now = time.monotonic_ns()
                        self.latencies.append((now, (now - int(content[4:])) / 1e6))
                elif b'"presence.update"' in payload:
                    self.presence_at_subscribers.append((time.monotonic(), json.loads(payload)))
            elif b'"presence.update"' in payload:
                self.presence_elsewhere += 1
        return on_text

    async def open(self, user):
        gateway = Gateway(self.handler(user))
        await gateway.open(self.port, "/ws/gateway",
                           "access_token=" + access_token(self.secret, user))
        await asyncio.wait_for(gateway.ready.wait(), 30)
        if self.subscribed and user in self.subscribers:
            gateway.send_text(json.dumps({"type": "subscribe_members", "server_id": 1}))
        self.gateways[user] = gateway

    async def open_all(self):
        limit = asyncio.Semaphore(50)

        async def one(user):
            async with limit:
                await self.open(user)
        await asyncio.gather(*(one(u) for u in self.online))

    def subscribe(self):
        self.subscribed = True
        for user in self.subscribers:
            self.gateways[user].send_text(json.dumps({"type": "subscribe_members",
                                                      "server_id": 1}))

    async def send_messages(self):
        sender = Gateway(lambda payload: None)
        await sender.open(self.port, "/ws/gateway",
                          "access_token=" + access_token(self.secret, 1))
        await sender.ready.wait()
        interval = 1 / self.rate
        next_at = time.monotonic()
        while self.sending:
            sender.send_text(json.dumps({"type": "message", "channel_id": 1,
                                         "message": f"lat:{time.monotonic_ns()}"}))
            next_at += interval
            await asyncio.sleep(max(0, next_at - time.monotonic()))
        await sender.close()

    async def storm(self, seconds):
        """Every online user reconnects once, at a random moment within `seconds`."""
        start = time.monotonic()
        failures = []

        async def reconnect(user, at):
            await asyncio.sleep(at)
            old = self.gateways[user]
            await old.close()
            try:
                await self.open(user)
            except Exception as e:  # counted, reported
                failures.append(repr(e))
        await asyncio.gather(*(reconnect(u, random.uniform(0, seconds)) for u in self.online))
        return time.monotonic() - start, failures

    async def close_all(self):
        for gateway in self.gateways.values():
            await gateway.close()


def passive_worker(conn, port, secret, users):
    """The gateways that only listen (the 900 that do not subscribe), in a process of their own
    so that reading their frames does not delay the latency measured at the subscribers."""
    async def serve():
        run = Run(port, secret, users, [], 0)
        await run.open_all()
        conn.send("open")
        loop = asyncio.get_running_loop()
        while True:
            command, seconds = await loop.run_in_executor(None, conn.recv)
            if command == "storm":
                took, failures = await run.storm(seconds)
                conn.send((took, failures))
            else:
                conn.send(run.presence_elsewhere)
                await run.close_all()
                return
    asyncio.run(serve())


class Passive:
    def __init__(self, port, secret, users):
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=passive_worker,
                                               args=(child, port, secret, users))
        self.process.start()

    async def wait(self):
        return await asyncio.get_running_loop().run_in_executor(None, self.conn.recv)

    def storm(self, seconds):
        self.conn.send(("storm", seconds))
        return self.wait()

    async def finish(self):
        self.conn.send(("finish", 0))
        leaked = await self.wait()
        self.process.join(10)
        return leaked


async def both_storm(run, passive, seconds):
    (took, failures), (other_took, other_failures) = await asyncio.gather(
        run.storm(seconds), passive.storm(seconds))
    return max(took, other_took), failures + other_failures


async def cpu_over(server, seconds, work=None):
    """Server CPU-seconds over a fixed window (work runs at its start)."""
    before = server.cpu_seconds()
    start = time.monotonic()
    result = await work if work else None
    await asyncio.sleep(max(0, seconds - (time.monotonic() - start)))
    return server.cpu_seconds() - before, result


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_summary(latencies, since, until):
    values = [ms for at, ms in latencies if since <= at / 1e9 <= until]
    return {"count": len(values), "p50_ms": percentile(values, 50),
            "p99_ms": percentile(values, 99), "max_ms": max(values) if values else None}


async def storm_run(binary, args, with_presence):
    data_dir = tempfile.mkdtemp(prefix="parley-storm-", dir=args.data_root)
    secret = os.urandom(32).hex()
    result = {"binary": binary}
    try:
        make_database(binary, data_dir, args.members)
        server = Server(binary, data_dir, secret)
        online = list(range(2, args.online + 2))  # user 1 sends
        watchers = online[:args.subscribers]
        run = Run(server.port, secret, watchers, watchers, args.rate)
        t0 = time.monotonic()
        passive = Passive(server.port, secret, online[args.subscribers:])
        await run.open_all()
        assert await passive.wait() == "open"
        result["connect_seconds"] = round(time.monotonic() - t0, 2)
        sender = asyncio.create_task(run.send_messages())
        await asyncio.sleep(3)
        window = args.storm_seconds + args.settle_seconds

        mark = time.monotonic()
        cpu, _ = await cpu_over(server, window)
        result["quiet"] = {"cpu_s": round(cpu, 3),
                           "latency": latency_summary(run.latencies, mark, time.monotonic())}

        mark = time.monotonic()
        cpu, (took, failures) = await cpu_over(server, window,
                                               both_storm(run, passive, args.storm_seconds))
        result["storm_unsubscribed"] = {
            "cpu_s": round(cpu, 3), "reconnect_seconds": round(took, 2),
            "failures": failures[:5], "failed": len(failures),
            "latency": latency_summary(run.latencies, mark, time.monotonic())}

        if with_presence:
            await asyncio.sleep(args.grace + args.window + 2)  # nothing left over from it
            run.subscribe()
            await asyncio.sleep(2)
            before = len(run.presence_at_subscribers)
            mark = time.monotonic()
            cpu, (took, failures) = await cpu_over(server, window,
                                                   both_storm(run, passive, args.storm_seconds))
            lat = latency_summary(run.latencies, mark, time.monotonic())
            await asyncio.sleep(args.grace + args.window + 2 - args.settle_seconds)
            flaps = run.presence_at_subscribers[before:]
            result["storm_subscribed"] = {
                "cpu_s": round(cpu, 3), "reconnect_seconds": round(took, 2),
                "failures": failures[:5], "failed": len(failures), "latency": lat,
                "presence_updates_at_subscribers": len(flaps),
                "examples": [f for _, f in flaps[:5]]}
            result["members_route"] = members_route_timing(server.port, secret)
        result["presence_updates_elsewhere"] = await passive.finish()
        run.sending = False
        await sender
        await run.close_all()
        server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def members_route_timing(port, secret, rounds=200):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": "access_token=" + access_token(secret, 2)}
    out = {}
    for name, path in (("first_page_100", "/api/servers/1/members/"),
                       ("page_1000_mid", "/api/servers/1/members/?after=5000&limit=1000")):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            times.append((time.perf_counter() - start) * 1000)
            assert response.status == 200, body[:200]
        rows = json.loads(body)
        out[name] = {"rows": len(rows), "p50_ms": round(statistics.median(times), 3),
                     "p99_ms": round(percentile(times, 99), 3), "bytes": len(body)}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default="build/parley")
    parser.add_argument("--reference-binary", help="a build without presence, for its storm")
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--online", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--rate", type=float, default=10, help="messages/s into the channel")
    parser.add_argument("--storm-seconds", type=float, default=5)
    parser.add_argument("--settle-seconds", type=float, default=5,
                        help="the CPU window is the storm plus this")
    parser.add_argument("--grace", type=float, default=15, help="the server's grace period, s")
    parser.add_argument("--window", type=float, default=5, help="its coalescing window, s")
    parser.add_argument("--data-root", help="where the run's data directory goes (default: the "
                        "system's temporary directory; /dev/shm keeps fsync out of latency)")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    assert args.online < args.members and args.subscribers <= args.online
    results = {"machine": {"cpus": os.cpu_count(), "kernel": os.uname().release},
               "parameters": {k: v for k, v in vars(args).items() if k != "json"}}
    results["machine"]["load_average_before"] = os.getloadavg()
    results["parley"] = asyncio.run(storm_run(args.binary, args, True))
    if args.reference_binary:
        results["reference"] = asyncio.run(storm_run(args.reference_binary, args, False))
    results["machine"]["load_average_after"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    sub = results["parley"]["storm_subscribed"]
    ok = (sub["presence_updates_at_subscribers"] == 0
          and results["parley"]["presence_updates_elsewhere"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
