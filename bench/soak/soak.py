#!/usr/bin/python3
"""The soak's driver (run by bench/soak.sh, which starts the server and stops it).

For --duration seconds it runs, against one server on loopback: `parley-load fanout --mix`
(its own sockets and senders on channel load-1, checking every event's seq), channel sockets
and gateways of its own with seq tracking, reconnects with after_seq, and the REST actors of
rest_actors.py; it samples the server's RSS and fds from /proc, then drains, counts every
event each socket should have received, reads the server's log, prints a report (and writes
it as JSON), and exits 1 when a criterion fails (see verdict.py), 2 when it could not run."""
import argparse
import asyncio
import json
import os
import pathlib
import subprocess
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from http_client import Client  # noqa: E402
from proc_sampler import ProcSampler, read_sample  # noqa: E402
from rest_actors import start_actors  # noqa: E402
from sockets import Fleet  # noqa: E402
from stats import Stats  # noqa: E402
import report  # noqa: E402
import verdict  # noqa: E402

PASSWORD = "soak-pass-15-long"


class World:
    """What the actors share: where the server is, its users and channels, and the stop flag."""

    def __init__(self, base, stats):
        self.base = base
        self.stats = stats
        self.stop = threading.Event()
        self.stop_reason = []
        self.users = []           # (username, password)
        self.user_ids = []
        self.server_id = None
        self.channels = {}        # name -> id
        self.channel_ids = []


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--server-id", type=int, required=True, help="the Load Test server")
    p.add_argument("--log", required=True, help="the server's log file")
    p.add_argument("--load-tool", required=True, help="parley-load")
    p.add_argument("--out", required=True, help="directory for samples.csv, soak.json, ...")
    p.add_argument("--duration", type=float, default=1800)
    p.add_argument("--warmup", type=float, default=None, help="default duration/6, at most 300")
    p.add_argument("--sample-every", type=float, default=5)
    p.add_argument("--users", type=int, default=24)
    p.add_argument("--gateways", type=int, default=10)
    p.add_argument("--channel-sockets", type=int, default=10)
    p.add_argument("--socket-rate", type=float, default=4, help="messages/s over own sockets")
    p.add_argument("--reconnect-every", type=float, default=5)
    p.add_argument("--login-rate", type=float, default=2)
    p.add_argument("--browse-rate", type=float, default=4)
    p.add_argument("--write-rate", type=float, default=3)
    p.add_argument("--upload-rate", type=float, default=0.5)
    p.add_argument("--fanout-connections", type=int, default=200)
    p.add_argument("--fanout-senders", type=int, default=20)
    p.add_argument("--fanout-rate", type=float, default=30)
    p.add_argument("--fanout-mix", default="messages=70,reactions=20,edits=5,deletes=5")
    p.add_argument("--rss-tolerance", type=float, default=0.05)
    p.add_argument("--drain-timeout", type=float, default=60)
    a = p.parse_args()
    if not 10 <= a.duration <= 3300:
        p.error("--duration must be 10..3300 s (parley-load runs at most 3600 s, and its "
                "sockets keep the access token they started with)")
    if a.warmup is None:
        a.warmup = min(300.0, a.duration / 6)
    if not 0 < a.warmup < a.duration:
        p.error("--warmup must be above 0 and below --duration")
    if a.users < 4 or a.users > 500 or a.gateways + a.channel_sockets > 2000:
        p.error("--users 4..500, --gateways + --channel-sockets at most 2000")
    if not 0.5 <= a.sample_every <= 60:
        p.error("--sample-every must be 0.5..60 s")
    return a


def set_up_users(world, count, stats):
    """Registers soak1..N (or finds them), logs each in once and makes it a Load Test member."""
    clients = []
    for i in range(1, count + 1):
        user = (f"soak{i}", PASSWORD)
        c = Client(world.base, stats, *user)
        c.call("setup.register", "POST", "/api/register/", expect=(201, 409),
               json={"username": user[0], "password": user[1]})
        c.login("setup.login")
        c.call("setup.join", "POST", f"/api/membership/{world.server_id}/membership/",
               expect=(200, 409))
        world.users.append(user)
        world.user_ids.append(c.user_id)
        clients.append(c)
    return clients


def find_channels(world):
    r = Client(world.base, world.stats).call(
        "setup.discover", "GET", f"/api/server/select/?by_serverid={world.server_id}")
    server = r.json()[0]
    world.channels = {c["name"]: c["id"] for c in server["channel_server"]}
    missing = {"load-1", "load-2", "load-3", "load-4"} - set(world.channels)
    if missing:
        raise SystemExit(f"soak: the Load Test server lacks channels {sorted(missing)}")
    world.channel_ids = [world.channels[n] for n in ("load-1", "load-2", "load-3", "load-4")]


def last_seqs(world):
    c = Client(world.base, world.stats, *world.users[0]).login("setup.login")
    out = {}
    for ch in world.channel_ids:
        r = c.call("setup.last_seq", "GET", f"/api/channels/{ch}/events/?after_seq=0&limit=1")
        if r is None or r.status_code != 200:
            raise SystemExit(f"soak: cannot read last_seq of channel {ch}")
        out[ch] = r.json()["last_seq"]
    c.close()
    return out


def start_fanout(args, world, out_dir):
    """parley-load fanout --mix on load-1, for the whole soak (its own users and sockets)."""
    cmd = [args.load_tool, "fanout", "--url", f"ws://127.0.0.1:{args.port}",
           "--server-id", str(world.server_id), "--channel-id", str(world.channels["load-1"]),
           "--path-style", "parley", "--register", "--users", str(args.fanout_senders),
           "--user-prefix", "soakload", "--connections", str(args.fanout_connections),
           "--senders", str(args.fanout_senders), "--rate", str(args.fanout_rate),
           "--mix", args.fanout_mix, "--duration", str(args.duration), "--grace", "10",
           "--server-pid", str(args.server_pid), "--json", str(out_dir / "fanout.json"),
           "--quiet"]
    log = open(out_dir / "fanout.log", "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), cmd


async def run_sockets(args, world, clients, bases, fleet_box, started):
    stop_at = started + args.duration
    fleet = Fleet(world.stats, args.port, world.server_id, world.channels, stop_at)
    fleet_box.append(fleet)
    n = 0
    # Gateways follow every Load Test channel; channel sockets split over load-1 (where
    # parley-load sends) and load-2.
    for _ in range(args.gateways):
        await fleet.add(clients[n % len(clients)], "gateway", None, None)
        n += 1
    for i in range(args.channel_sockets):
        ch = world.channels["load-1" if i % 2 == 0 else "load-2"]
        await fleet.add(clients[n % len(clients)], "channel", ch, bases[ch])
        n += 1
    tasks = [asyncio.create_task(fleet.sender(args.socket_rate, ["load-2", "load-3"])),
             asyncio.create_task(fleet.reconnector(args.reconnect_every))]
    while time.monotonic() < stop_at and not world.stop.is_set():
        await asyncio.sleep(0.5)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    # Reconnects in flight finish (bounded: five attempts each) before the drain.
    deadline = time.monotonic() + 60
    while fleet.busy and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


async def drain_sockets(fleet, final, timeout):
    drained = await fleet.drain(final, timeout)
    await fleet.close_all()
    return drained


def main():
    args = parse_args()
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = Stats()
    world = World(f"http://127.0.0.1:{args.port}", stats)
    world.server_id = args.server_id
    find_channels(world)
    clients = set_up_users(world, args.users, stats)
    bases = last_seqs(world)

    for c in clients:
        c.session.close()   # the set-up's keep-alive connections: the idle baseline has none
    time.sleep(1)
    idle_fds_before = read_sample(args.server_pid, time.monotonic())["fds"]

    log_offset = os.path.getsize(args.log)
    started = time.monotonic()
    sampler = ProcSampler(args.server_pid, args.sample_every, started,
                          out_dir / "samples.csv").start()
    fanout, fanout_cmd = start_fanout(args, world, out_dir)
    rates = {"logins": args.login_rate, "browse": args.browse_rate, "writes": args.write_rate,
             "uploads": args.upload_rate}
    actors = start_actors(world, rates, max_actions=int(args.duration * 50) + 100)
    fleet_box = []
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(run_sockets(args, world, clients, bases, fleet_box, started))
    finally:
        world.stop.set()
    load_end = time.monotonic() - started
    for a in actors:
        a.join(timeout=30)
    try:
        fanout_rc = fanout.wait(timeout=120)
    except subprocess.TimeoutExpired:
        fanout.terminate()
        fanout_rc = f"still running 120 s after the soak; terminated (pid {fanout.pid})"
        fanout.wait(timeout=10)
    final = last_seqs(world)
    fleet = fleet_box[0]
    drained = loop.run_until_complete(drain_sockets(fleet, final, args.drain_timeout))
    loop.close()
    for c in clients:
        c.close()
    time.sleep(2 * args.sample_every)     # the server lets go of closed connections
    sampler.stop()
    try:
        idle_after = read_sample(args.server_pid, started)
    except OSError:
        idle_after = None

    fd_allowance = 2 * (len(actors) + 2) + 4
    ref = max(3 * args.sample_every, min(60.0, args.warmup / 3))
    memory = verdict.memory_and_fds(sampler.samples, args.warmup, load_end, ref,
                                    args.rss_tolerance, fd_allowance)
    startup_lines, soak_lines = verdict.log_problems(args.log, log_offset)
    try:
        fanout_json = json.loads((out_dir / "fanout.json").read_text())
    except (OSError, ValueError):
        fanout_json = {}
    result = {
        "config": {k: v for k, v in vars(args).items()},
        "fanout_command": fanout_cmd,
        "fanout_exit": fanout_rc,
        "load_seconds": load_end,
        "memory": memory,
        "idle_fds_before_load": idle_fds_before,
        "idle_fds_after_load": idle_after["fds"] if idle_after else None,
        "sampler_failure": sampler.failure,
        "sockets": fleet.loss_report(final),
        "drained": drained,
        "final_last_seq": final,
        "fanout": report.fanout_summary(fanout_json),
        "requests": stats.summary(),
        "notes": stats.notes,
        "actor_crashes": world.stop_reason,
        "log_offset": log_offset,
        "log_startup_lines": startup_lines,
        "log_soak_lines": soak_lines[:50],
        "log_soak_line_count": len(soak_lines),
    }
    result["checks"] = report.checks(result)
    (out_dir / "soak.json").write_text(json.dumps(result, indent=2, default=str))
    print(report.render(result))
    sys.exit(0 if all(ok for _, ok, _ in result["checks"]) else 1)


if __name__ == "__main__":
    main()
