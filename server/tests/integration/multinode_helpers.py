"""Two or more `parley serve` nodes on one PostgreSQL and one private Redis (SPEC §14).

The Redis is a `redis-server` of this test's own: a temporary directory, a Unix socket there
(no TCP port), no persistence, stopped by its PID. Tests can kill it (SIGKILL), stall it
(SIGSTOP / SIGCONT) and start it again on the same socket. The nodes share one data directory
(the same database, secret key and media) and each logs to a file of its own.

Only the PostgreSQL run of the suite has a shared database: elsewhere these tests skip.
"""
import asyncio
import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import BACKEND, ParleyServer, load_demo  # noqa: F401
from realtime_helpers import connect, recv_json

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
FAST = ["--message-rate", "100000", "--message-burst", "100000"]

needs_cluster = pytest.mark.skipif(
    BACKEND != "postgresql" or not os.path.exists(REDIS_SERVER),
    reason="several nodes need the PostgreSQL run (PARLEY_TEST_BACKEND=postgresql) and "
           "redis-server")


class PrivateRedis:
    def __init__(self):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="parley-redis-"))
        self.socket = self.dir / "redis.sock"
        self.process = None
        self.log = open(self.dir / "redis.log", "ab")

    @property
    def url(self):
        return f"unix://{self.socket}"

    def start(self, timeout=10):
        if self.socket.exists():
            self.socket.unlink()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm",
             "700", "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self.socket.exists():
            assert self.process.poll() is None, "redis-server exited at start"
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.02)
        return self

    def kill(self):
        """A crash: SIGKILL, nothing said to the clients."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def stall(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def destroy(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
        self.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Cluster:
    def __init__(self, nodes, redis, data_dir):
        self.nodes = nodes
        self.redis = redis
        self.data_dir = data_dir

    def destroy(self):
        for i, node in enumerate(self.nodes):
            if node.process and node.process.poll() is None:
                node.process.kill()
                node.process.wait()
            elif node.process and node.process.returncode != -signal.SIGKILL:
                print(f"node{i} exited by itself with status {node.process.returncode}")
            self.print_log_tail(f"node{i}", node.log_path)
        self.print_log_tail("redis", self.redis.dir / "redis.log")
        self.redis.destroy()
        shutil.rmtree(self.data_dir, ignore_errors=True)


    @staticmethod
    def print_log_tail(name, path, lines=40):
        """Shown by pytest only when the test failed: what the process said last."""
        try:
            tail = path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return
        print(f"--- last lines of {name}'s log ---", *tail, sep="\n")


def start_cluster(count=2, args=(), fast=True):
    redis = PrivateRedis().start()
    data_dir = tempfile.mkdtemp(prefix="parley-cluster-")
    load_demo(data_dir)
    nodes = []
    for i in range(count):
        node = ParleyServer(data_dir, [*(FAST if fast else []), "--bus", redis.url, *args])
        node.log_path = pathlib.Path(data_dir) / f"node{i}.log"
        nodes.append(node.start())
    return Cluster(nodes, redis, data_dir)


@pytest.fixture
def cluster():
    c = start_cluster()
    yield c
    c.destroy()


def wait_until(predicate, timeout=10, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class Watcher:
    """A channel socket that records every event frame (seq, content) it receives."""

    def __init__(self, ws):
        self.ws = ws
        self.events = []
        self.resyncs = 0

    async def read_until(self, done, timeout=20):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not done(self):
            frame = await recv_json(self.ws, max(0.01, deadline - loop.time()))
            if frame.get("type") == "resync_required":
                self.resyncs += 1
            elif "seq" in frame:
                message = frame.get("new_message") or {}
                self.events.append((frame["seq"], message.get("content")))

    def seqs(self):
        return [seq for seq, _ in self.events]

    def contents(self):
        return [content for _, content in self.events]


def watch(node, s, c, cookie, after_seq=0):
    return connect(node, f"/ws/{s}/{c}?after_seq={after_seq}", cookie)


async def send(ws, text, nonce):
    await ws.send(json.dumps({"type": "message", "message": text, "nonce": nonce}))


def stored_events(conn, channel_id):
    """(seq, content) of the channel's messages in the database, in id order."""
    return [tuple(row) for row in conn.execute(
        "SELECT seq, content FROM messages WHERE channel_id = ? ORDER BY id", (channel_id,))]
