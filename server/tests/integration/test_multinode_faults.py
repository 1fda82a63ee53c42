"""Faults across two nodes (SPEC §14, issue 14): a node killed with SIGKILL mid-burst loses no
acknowledged message and its clients resume on the other node; a Redis crash or stall
mid-burst ends with every socket holding every message, in order, with no seq gap."""
import asyncio
import json
import signal

from multinode_helpers import (Watcher, cluster, needs_cluster, send, stored_events,  # noqa: F401
                               watch)
from realtime_helpers import db, recv_json, run
from v2_helpers import Api, new_channel

pytestmark = needs_cluster


def test_kill_9_of_a_node_loses_no_acknowledged_message_and_its_client_resumes_elsewhere(cluster):
    a, b = cluster.nodes
    alice_a, bob = Api(a, "alice"), Api(b, "bob")
    s, c = new_channel(alice_a, "Retro Arcade")
    acked = {}  # nonce -> seq of the echo

    async def scenario():
        async with watch(b, s, c, bob.cookie) as on_b:
            watcher = Watcher(on_b)
            sender = await watch(a, s, c, alice_a.cookie)
            last_seq = 0
            try:
                for i in range(2000):
                    await send(sender, f"k{i}", i)
                    while True:  # read what has arrived so far, without waiting
                        try:
                            frame = json.loads(await asyncio.wait_for(sender.recv(), 0.0005))
                        except asyncio.TimeoutError:
                            break
                        if "seq" in frame:
                            last_seq = frame["seq"]
                            if "nonce" in frame.get("new_message", {}):
                                acked[frame["new_message"]["nonce"]] = frame["seq"]
                    if len(acked) >= 150:
                        a.process.send_signal(signal.SIGKILL)  # mid-burst
                        a.process.wait()
                        break
                # Whatever was still in flight is answered or lost with the node.
                while True:
                    frame = await recv_json(sender, 2)
                    if "seq" in frame:
                        last_seq = frame["seq"]
                        if "nonce" in frame.get("new_message", {}):
                            acked[frame["new_message"]["nonce"]] = frame["seq"]
            except Exception:  # the socket died with the node
                pass
            # The client resumes on the other node from the last event it saw, and goes on.
            alice_b = Api(b, "alice")
            async with watch(b, s, c, alice_b.cookie, after_seq=last_seq) as resumed:
                resumed_watcher = Watcher(resumed)
                await send(resumed, "after the crash", "final")
                await resumed_watcher.read_until(
                    lambda w: "after the crash" in w.contents())
                await watcher.read_until(lambda w: "after the crash" in w.contents())
            return watcher, resumed_watcher, last_seq

    watcher, resumed, last_seq = run(scenario())
    with db(b) as conn:
        stored = stored_events(conn, c)
    contents = [content for _, content in stored]
    assert len(acked) >= 150
    for nonce in acked:  # every acknowledged message is stored, once
        assert contents.count(f"k{nonce}") == 1, nonce
    assert [seq for seq, _ in stored] == list(range(1, len(stored) + 1))  # no seq gap
    assert watcher.events == stored  # the socket on the surviving node has everything, in order
    assert [seq for seq, _ in resumed.events] == list(range(last_seq + 1, len(stored) + 1))
    assert resumed.events == stored[last_seq:]


def burst_through_a_redis_fault(cluster, fault, heal, count=600):
    """Alice sends `count` messages on node A at a steady pace; after a third of them the fault
    starts, and it heals after another third. Every socket on both nodes must end with all of
    them in the database's order."""
    a, b = cluster.nodes
    alice, bob_a, bob_b, carol_b = (Api(n, u) for n, u in
                                    ((a, "alice"), (a, "bob"), (b, "bob"), (b, "carol")))
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with watch(a, s, c, alice.cookie) as sender, watch(a, s, c, bob_a.cookie) as w1, \
                watch(b, s, c, bob_b.cookie) as w2, watch(b, s, c, carol_b.cookie) as w3:
            watchers = [Watcher(ws) for ws in (sender, w1, w2, w3)]
            readers = [asyncio.create_task(w.read_until(lambda w: len(w.events) >= count, 40))
                       for w in watchers]
            for i in range(count):
                if i == count // 3:
                    fault()
                if i == 2 * count // 3:
                    heal()
                await send(sender, f"r{i}", i)
                await asyncio.sleep(0.005)
            await asyncio.gather(*readers)
            return watchers

    watchers = run(scenario())
    with db(a) as conn:
        stored = stored_events(conn, c)
    assert [content for _, content in stored] == [f"r{i}" for i in range(count)]
    assert [seq for seq, _ in stored] == list(range(1, count + 1))
    for watcher in watchers:
        assert watcher.events == stored
        assert watcher.resyncs == 0


def test_a_redis_crash_and_restart_mid_burst_loses_nothing_on_any_socket(cluster):
    burst_through_a_redis_fault(cluster, cluster.redis.kill, cluster.redis.start)


def test_a_redis_stall_mid_burst_loses_nothing_on_any_socket(cluster):
    burst_through_a_redis_fault(cluster, cluster.redis.stall, cluster.redis.resume)
