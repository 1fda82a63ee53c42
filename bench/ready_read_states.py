#!/usr/bin/env python3
"""The ready frame of a user in 100 servers x 10 channels when every channel has a read state
(issue 11): loads events-bench's ready fixture, has the user ack every channel, then has the
owner mention the user in PENDING channels (each then needs its bounded mention count in
ready), and connects 20 gateways one after the other. Prints the server's own `gateway.ready`
times (debug log: from the session's start to ready sent, database reads included) and sizes.

    ready_read_states.py --parley BIN --fixture FILE [--pending 100]

Stops the server it started, by PID. Loopback only.
"""
import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests
import websockets

PASS = "parley-load-pass-1"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parley", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--pending", type=int, default=100)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="parley-ready-rs-")
    subprocess.run([args.parley, "load", "--data-dir", f"{work}/data", args.fixture], check=True,
                   stdout=subprocess.DEVNULL)
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    log = open(f"{work}/server.log", "w")
    server = subprocess.Popen([args.parley, "serve", "--data-dir", f"{work}/data", "--listen",
                               f"127.0.0.1:{port}", "--log-level", "debug", "--message-rate",
                               "100000", "--message-burst", "100000"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/readyz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        user, owner = requests.Session(), requests.Session()
        for session, name in ((user, "readyu"), (owner, "readyowner")):
            r = session.post(base + "/api/token/", json={"username": name, "password": PASS})
            r.raise_for_status()
        me = user.get(base + "/api/account/me/").json()["id"]
        servers = user.get(base + "/api/server/select/", params={"by_user": "true"}).json()
        channels = [c["id"] for s in servers for c in s["channel_server"]]
        for c in channels:
            last = user.get(f"{base}/api/channels/{c}/messages/", params={"limit": 1}).json()
            r = user.post(f"{base}/api/channels/{c}/ack/", json={"message_id": last[-1]["id"]})
            assert r.status_code == 204, r.text
        for c in channels[:args.pending]:
            r = owner.post(f"{base}/api/channels/{c}/messages/",
                           json={"content": f"look <@{me}>"})
            assert r.status_code == 201, r.text
        cookie = "access_token=" + user.cookies.get("access_token")

        async def connect():
            sizes = []
            for _ in range(20):
                async with websockets.connect(f"ws://127.0.0.1:{port}/ws/gateway",
                                              extra_headers={"Cookie": cookie},
                                              max_size=None) as ws:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    assert frame["type"] == "ready"
                    pending = sum(1 for r in frame["read_states"] if r["mention_count"] > 0)
                    sizes.append((len(json.dumps(frame)), len(frame["read_states"]), pending))
            return sizes

        sizes = asyncio.run(connect())
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    lines = [l for l in open(f"{work}/server.log") if "gateway.ready" in l]
    micros = [int(re.search(r"micros=(\d+)", l).group(1)) for l in lines]
    summary = {"connects": len(sizes), "read_states": sizes[0][1],
               "with_pending_mentions": sizes[0][2], "frame_bytes": sizes[0][0],
               "server_micros_median": statistics.median(micros), "server_micros_max": max(micros),
               "server_micros_all": micros}
    print(json.dumps(summary, indent=2))
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
