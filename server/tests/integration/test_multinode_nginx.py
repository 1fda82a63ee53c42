"""Two nodes behind nginx, configured as scripts/multinode-nginx.conf (the operators' example,
docs/OPERATIONS.md "Several nodes"): logins, REST and WebSockets pass through it with their
Origin checks intact; sockets opened through it get what either node commits; when a node
dies, clients go on through the balancer on the other one and resume with after_seq."""
import asyncio
import pathlib
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import REPO, ParleyServer, free_port
from multinode_helpers import Watcher, needs_cluster, send, start_cluster, wait_until
from realtime_helpers import connect, run
from v2_helpers import Api, new_channel

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = [needs_cluster, pytest.mark.skipif(not pathlib.Path(NGINX).exists(),
                                                reason="nginx is not installed")]


class Balancer(ParleyServer):
    """nginx on a free port in front of the nodes; used where a node would be (Api, connect)."""

    def __init__(self, nodes):
        super().__init__(tempfile.mkdtemp(prefix="parley-nginx-"))
        self.nodes = nodes

    def start(self, port=None):
        self.port = free_port()
        conf = (REPO / "scripts" / "multinode-nginx.conf").read_text()
        for key, value in {"@DIR@": self.data_dir, "@PORT@": self.port,
                           "@NODE1@": self.nodes[0].port, "@NODE2@": self.nodes[1].port}.items():
            conf = conf.replace(key, str(value))
        path = pathlib.Path(self.data_dir) / "nginx.conf"
        path.write_text(conf)
        self.process = subprocess.Popen(
            [NGINX, "-p", self.data_dir, "-c", str(path), "-g", "daemon off;"],
            stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT)
        assert wait_until(lambda: self._ready(), 10), self.log()
        return self

    def _ready(self):
        try:
            return requests.get(self.url("/readyz"), timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def destroy(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


@pytest.fixture
def balanced():
    cluster = start_cluster()
    balancer = Balancer(cluster.nodes).start()
    yield cluster, balancer
    balancer.destroy()
    cluster.destroy()


def connect_through(balancer, path, cookie):
    # The browser's Origin is the balancer's: the node must see the Host the browser used.
    return connect(balancer, path, cookie, origin=balancer.base)


def test_sockets_through_nginx_get_what_either_node_commits(balanced):
    cluster, balancer = balanced
    a, b = cluster.nodes
    alice = Api(balancer, "alice")
    on_a, on_b = Api(a, "alice"), Api(b, "alice")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        # Four sockets: nginx's round robin spreads them over both nodes.
        sockets = [await connect_through(balancer, f"/ws/{s}/{c}?after_seq=0", alice.cookie)
                   for _ in range(4)]
        try:
            for i in range(10):
                (on_a if i % 2 else on_b).send(c, f"m{i}")
            watchers = [Watcher(ws) for ws in sockets]
            await asyncio.gather(*(w.read_until(lambda w: len(w.events) >= 10) for w in watchers))
            return watchers
        finally:
            for ws in sockets:
                await ws.close()

    for watcher in run(scenario()):
        assert watcher.contents() == [f"m{i}" for i in range(10)]
        assert watcher.seqs() == list(range(1, 11))


def test_a_socket_sent_from_another_site_is_refused_through_nginx(balanced):
    _, balancer = balanced
    alice = Api(balancer, "alice")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with connect(balancer, f"/ws/{s}/{c}", alice.cookie, origin="http://evil.example"):
            pass

    with pytest.raises(Exception) as refused:
        run(scenario())
    assert "403" in str(refused.value)


def test_when_a_node_dies_clients_resume_through_nginx_on_the_other(balanced):
    cluster, balancer = balanced
    a, b = cluster.nodes
    alice = Api(balancer, "alice")
    s, c = new_channel(alice, "Retro Arcade")
    on_b = Api(b, "alice")
    for i in range(5):
        on_b.send(c, f"before{i}")

    a.process.kill()  # kill -9: nothing said to anyone
    a.process.wait()

    async def scenario():
        # Every new socket lands on node B (nginx skips the dead node), resuming after seq 2.
        ws = await connect_through(balancer, f"/ws/{s}/{c}?after_seq=2", alice.cookie)
        try:
            watcher = Watcher(ws)
            await send(ws, "after", 1)
            await watcher.read_until(lambda w: len(w.events) >= 4)
            return watcher
        finally:
            await ws.close()

    watcher = run(scenario())
    assert watcher.contents() == ["before2", "before3", "before4", "after"]
    assert watcher.seqs() == [3, 4, 5, 6]
    # REST through the balancer still answers, from the node that is left.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        r = alice.get(f"/api/channels/{c}/messages/")
        if r.status_code == 200:
            break
        time.sleep(0.1)
    assert r.status_code == 200 and len(r.json()) >= 6
