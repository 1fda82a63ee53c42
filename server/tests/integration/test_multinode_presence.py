"""Presence across two nodes (SPEC §11, §14): a user is online for the cluster while any node
has a socket of theirs. The member list of either node says so, member-list subscribers on
either node hear each change once, a second socket on the other node keeps the user online,
a node started later learns who is online, and the users of a node that dies go offline after
the grace period, told by the survivor."""
import asyncio
import signal
import time

from conftest import ParleyServer
from multinode_helpers import needs_cluster, start_cluster, wait_until
from presence_helpers import Gateway, is_presence, new_server, new_user, status_in
from realtime_helpers import run
from v2_helpers import Api

pytestmark = needs_cluster

GRACE_MS = 1500
PRESENCE = ["--presence-grace-ms", str(GRACE_MS), "--presence-coalesce-ms", "200"]


def on(node, user):
    """The same account, logged in through another node."""
    return Api(node, user.username, "a-good-password")


def test_one_node_sees_the_users_of_the_other_and_hears_each_change_once():
    cluster = start_cluster(args=PRESENCE)
    try:
        a, b = cluster.nodes
        owner, walker, watcher = (new_user(a) for _ in range(3))
        sid, _ = new_server(owner, walker, watcher)
        walker_b = on(b, walker)

        async def scenario():
            async with Gateway(b, on(b, watcher)) as w:
                await w.subscribe(sid)
                async with Gateway(a, walker):  # online on A only
                    await w.wait_for(is_presence(walker, "online"))
                    assert wait_until(lambda: status_in(on(b, owner), sid, walker) == "online")
                    # A second socket, on B: the user stays online when A's closes.
                    async with Gateway(b, walker_b):
                        await asyncio.sleep(0.5)
                    # Back to A only.
                await w.wait_for(is_presence(walker, "offline"), timeout=GRACE_MS / 1000 + 10)
                return w.presence_of(walker.id)

        statuses = [status for _, status in run(scenario())]
        assert statuses == ["online", "offline"], statuses
        assert status_in(on(b, owner), sid, walker) == "offline"
    finally:
        cluster.destroy()


def test_a_socket_on_the_other_node_keeps_the_user_online():
    cluster = start_cluster(args=PRESENCE)
    try:
        a, b = cluster.nodes
        owner, walker, watcher = (new_user(a) for _ in range(3))
        sid, _ = new_server(owner, walker, watcher)

        async def scenario():
            async with Gateway(a, on(a, watcher)) as w:
                await w.subscribe(sid)
                async with Gateway(b, on(b, walker)):
                    async with Gateway(a, walker):
                        await w.wait_for(is_presence(walker, "online"))
                    # A's socket closed: beyond the grace period the user is still online.
                    await asyncio.sleep(GRACE_MS / 1000 + 1.5)
                    assert status_in(owner, sid, walker) == "online"
                    assert status_in(on(b, owner), sid, walker) == "online"
                    seen = [s for _, s in w.presence_of(walker.id)]
                await w.wait_for(is_presence(walker, "offline"), timeout=GRACE_MS / 1000 + 10)
                return seen

        assert run(scenario()) == ["online"]
    finally:
        cluster.destroy()


def test_a_node_started_later_learns_who_is_online_and_a_dead_nodes_users_go_offline():
    cluster = start_cluster(args=PRESENCE)
    late = None
    try:
        a, b = cluster.nodes
        owner, walker, watcher = (new_user(a) for _ in range(3))
        sid, _ = new_server(owner, walker, watcher)

        async def scenario():
            nonlocal late
            async with Gateway(a, walker):
                assert wait_until(lambda: status_in(on(b, owner), sid, walker) == "online")
                late = ParleyServer(cluster.data_dir, [*PRESENCE, "--bus", cluster.redis.url])
                late.log_path = late.log_path.with_name("node-late.log")
                late.start()
                # The newcomer asked its peers what they see as it subscribed.
                assert wait_until(lambda: status_in(on(late, owner), sid, walker) == "online")
                async with Gateway(late, on(late, watcher)) as w:
                    await w.subscribe(sid)
                    started = time.monotonic()
                    a.process.send_signal(signal.SIGKILL)  # the walker's only node
                    a.process.wait()
                    # The survivors hear no more heartbeats from A: after the grace period
                    # (at least three heartbeats) its users are offline, and lists are told.
                    at, _ = await w.wait_for(is_presence(walker, "offline"), timeout=20)
                    return at - started

        waited = run(scenario())
        assert 1.5 <= waited <= 15, waited  # about three heartbeats after the last one
        # Each survivor notices on its own heartbeat's beat (within a second of the other).
        for node in (b, late):
            assert wait_until(lambda: status_in(on(node, owner), sid, walker) == "offline", 5)
    finally:
        if late is not None:
            late.stop()
        cluster.destroy()
