"""A Redis that goes away while a node writes to it is an error the node recovers from, never
the end of the node (SPEC §14, issue 14).

A real Redis killed mid-burst killed the publishing node now and then: hiredis write()s, and
a write to a peer that has gone is SIGPIPE, whose default action ends the process. Whether
the node wrote before it read the EOF was a race; here it is not. A small pub/sub server
speaking Redis's protocol stands in for Redis and, once told to, shuts the reading side of
every publisher connection after answering its next PUBLISH: the connection stays open (no
EOF for the node to notice first), and the node's next write (its heartbeat, within a second)
meets a peer that reads no more.
"""
import pathlib
import shutil
import socket
import socketserver
import tempfile
import threading
import time

import requests

from conftest import ParleyServer, load_demo
from multinode_helpers import needs_cluster, wait_until

pytestmark = needs_cluster


def read_command(stream):
    """One RESP array of bulk strings, as hiredis sends commands; None at EOF."""
    header = stream.readline()
    if not header:
        return None
    assert header.startswith(b"*"), header
    parts = []
    for _ in range(int(header[1:])):
        size = int(stream.readline()[1:])
        parts.append(stream.read(size + 2)[:-2])
    return parts


def bulk(value):
    return b"$%d\r\n%s\r\n" % (len(value), value)


class MiniRedis(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path):
        self.subscribers = []
        self.lock = threading.Lock()
        self.break_publishers = threading.Event()
        self.broken = 0
        super().__init__(str(path), Handler)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        while (command := read_command(self.rfile)) is not None:
            name = command[0].upper()
            if name == b"SUBSCRIBE":
                with server.lock:
                    server.subscribers.append(self.connection)
                self.connection.sendall(b"*3\r\n" + bulk(b"subscribe") + bulk(command[1]) + b":1\r\n")
            elif name == b"PUBLISH":
                message = b"*3\r\n" + bulk(b"message") + bulk(command[1]) + bulk(command[2])
                with server.lock:
                    for subscriber in list(server.subscribers):
                        try:
                            subscriber.sendall(message)
                        except OSError:
                            server.subscribers.remove(subscriber)
                self.connection.sendall(b":1\r\n")
                if server.break_publishers.is_set():
                    # Open, but reading no more: the node's next write is EPIPE.
                    self.connection.shutdown(socket.SHUT_RD)
                    with server.lock:
                        server.broken += 1
                    time.sleep(5)  # hold the connection open while the node writes
                    return
            else:
                self.connection.sendall(b"+OK\r\n")


def test_a_node_survives_writing_to_a_redis_that_reads_no_more():
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="parley-miniredis-"))
    data_dir = tempfile.mkdtemp(prefix="parley-broken-pipe-")
    redis = MiniRedis(workdir / "redis.sock")
    threading.Thread(target=redis.serve_forever, daemon=True).start()
    node = ParleyServer(data_dir, ["--bus", f"unix://{workdir / 'redis.sock'}"])
    try:
        load_demo(data_dir)
        node.start()
        redis.break_publishers.set()
        assert wait_until(lambda: redis.broken >= 1, timeout=10), "no PUBLISH reached the stand-in"
        time.sleep(2.5)  # two heartbeats: writes into the shut connection
        assert node.process.poll() is None, f"node died (status {node.process.returncode})"
        assert "bus.disconnected" in node.log()  # the broken pipe was noticed as an error
        redis.break_publishers.clear()
        # It reconnects and is ready again once its own heartbeat comes back.
        assert wait_until(lambda: requests.get(node.url("/readyz"), timeout=2).status_code == 200,
                          timeout=10)
        assert requests.get(node.url("/healthz"), timeout=2).status_code == 200
    finally:
        node.stop()
        redis.shutdown()
        redis.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
