"""Two nodes on one PostgreSQL and one Redis (SPEC §14): what one node commits reaches the
other's sockets in seq order; senders on both nodes interleave in one order everyone sees;
logouts and membership changes take effect on every node at once; /readyz follows the bus;
send rates, failed logins and registrations are counted on every node."""
import asyncio
import time

import requests

from multinode_helpers import (Watcher, cluster, needs_cluster, send, start_cluster,  # noqa: F401
                               stored_events, wait_until, watch)
from realtime_helpers import close_code_of, db, run
from v2_helpers import Api, new_channel, reaction_path

pytestmark = needs_cluster


def test_messages_sent_on_one_node_reach_the_other_nodes_sockets_in_order(cluster):
    a, b = cluster.nodes
    alice, bob = Api(a, "alice"), Api(b, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    count = 300

    async def scenario():
        async with watch(b, s, c, bob.cookie) as on_b, watch(a, s, c, alice.cookie) as sender:
            for i in range(count):
                await send(sender, f"m{i}", i)
                if i % 25 == 0:
                    await asyncio.sleep(0.005)
            watcher = Watcher(on_b)
            await watcher.read_until(lambda w: len(w.events) >= count)
            return watcher

    watcher = run(scenario())
    assert watcher.contents() == [f"m{i}" for i in range(count)]
    with db(a) as conn:
        assert watcher.events == stored_events(conn, c)
    assert watcher.seqs() == list(range(1, count + 1))


def test_senders_on_both_nodes_are_seen_in_one_order_on_every_socket(cluster):
    a, b = cluster.nodes
    alice, carol = Api(a, "alice"), Api(b, "carol")
    bob_a, bob_b = Api(a, "bob"), Api(b, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    per_sender = 250

    async def scenario():
        async with watch(a, s, c, alice.cookie) as on_a, watch(b, s, c, carol.cookie) as on_b, \
                watch(a, s, c, bob_a.cookie) as watch_a, watch(b, s, c, bob_b.cookie) as watch_b:
            async def burst(ws, name):
                for i in range(per_sender):
                    await send(ws, f"{name}{i}", i)
                    if i % 10 == 0:
                        await asyncio.sleep(0.002)
            await asyncio.gather(burst(on_a, "a"), burst(on_b, "b"))
            watchers = [Watcher(ws) for ws in (on_a, on_b, watch_a, watch_b)]
            await asyncio.gather(*(w.read_until(lambda w: len(w.events) >= 2 * per_sender)
                                   for w in watchers))
            return watchers

    watchers = run(scenario())
    with db(a) as conn:
        stored = stored_events(conn, c)
    # Ids were drawn under the channel's lock on both nodes: id order is seq order.
    assert [seq for seq, _ in stored] == list(range(1, 2 * per_sender + 1))
    for watcher in watchers:
        assert watcher.events == stored


def test_logout_on_one_node_closes_that_sessions_sockets_on_the_other(cluster):
    a, b = cluster.nodes
    alice = Api(a, "alice")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with watch(b, s, c, alice.cookie) as on_b:
            started = time.monotonic()
            r = await asyncio.to_thread(alice.post, "/api/logout/")
            assert r.status_code in (200, 204), r.text
            code = await close_code_of(on_b, timeout=5)
            return code, time.monotonic() - started

    code, elapsed = run(scenario())
    assert code == 4001
    assert elapsed < 1.0, elapsed


def test_a_membership_change_on_one_node_is_seen_by_the_other_within_half_a_second(cluster):
    """Node B remembers a reader's access for a second; a change made through node A must make
    it forget at once (the access_changed notice over the bus), not when the second is over."""
    a, b = cluster.nodes
    alice = Api(a, "alice")
    dave_a, dave_b = Api(a, "dave"), Api(b, "dave")
    s, c = new_channel(alice, "Retro Arcade")
    membership = f"/api/membership/{s}/membership/"
    message = alice.send(c, "react to me")["id"]
    path = reaction_path(c, message, "👍") + "@me/"

    def seen_within(expected):
        started = time.monotonic()
        while dave_b.put(path).status_code != expected:
            assert time.monotonic() - started < 1.0, "not seen within a second"
            time.sleep(0.005)
        if expected == 204:
            assert dave_b.delete(path).status_code == 204
        return time.monotonic() - started

    delays = []
    for _ in range(3):
        assert dave_b.put(path).status_code == 403  # remembered on B
        assert dave_a.post(membership).status_code == 200
        delays.append(seen_within(204))
        assert dave_b.put(path).status_code == 204  # remembered on B
        assert dave_b.delete(path).status_code == 204
        assert dave_a.delete(membership + "remove_member/").status_code == 200
        delays.append(seen_within(403))
    assert max(delays) < 0.5, delays


def test_readyz_fails_while_redis_is_gone_and_recovers_by_itself(cluster):
    a, b = cluster.nodes
    assert requests.get(a.url("/readyz")).status_code == 200
    cluster.redis.kill()
    for node in (a, b):
        assert wait_until(lambda: requests.get(node.url("/readyz")).status_code == 503, 5)
    assert requests.get(a.url("/readyz")).json() == {"status": "bus unavailable"}
    cluster.redis.start()
    for node in (a, b):
        assert wait_until(lambda: requests.get(node.url("/readyz")).status_code == 200, 5)


def test_a_users_send_rate_holds_across_nodes():
    """5 messages of burst, one more every 10 s: spent on node A, refused on node B."""
    c = start_cluster(args=["--message-rate", "0.1", "--message-burst", "5"], fast=False)
    try:
        a, b = c.nodes
        alice_a, alice_b = Api(a, "alice"), Api(b, "alice")
        alice_a.wait_out_429 = alice_b.wait_out_429 = False
        _, channel = new_channel(alice_a, "Retro Arcade")
        for i in range(5):
            r = alice_a.post(f"/api/channels/{channel}/messages/", json={"content": f"m{i}"})
            assert r.status_code == 201, r.text
        time.sleep(0.3)  # the charge crosses the bus
        r = alice_b.post(f"/api/channels/{channel}/messages/", json={"content": "one too many"})
        assert r.status_code == 429, r.text
        # Another user on node B is not affected.
        bob_b = Api(b, "bob")
        bob_b.wait_out_429 = False
        r = bob_b.post(f"/api/channels/{channel}/messages/", json={"content": "bob"})
        assert r.status_code == 201, r.text
    finally:
        c.destroy()


def _login(node, name, password):
    return requests.post(node.url("/api/token/"), json={"username": name, "password": password})


def test_failed_logins_are_throttled_across_nodes():
    """3 failures allowed per name and address: two on node A and one on node B use them up,
    so the right password is refused on both nodes; another name is not affected."""
    c = start_cluster(args=["--login-failures-per-minute", "3"])
    try:
        a, b = c.nodes
        for node in (a, b, a):
            assert _login(node, "alice", "wrong-password").status_code == 401
        time.sleep(0.3)  # the failures cross the bus
        for node in (a, b):
            r = _login(node, "alice", "alice-demo-pass-1")
            assert r.status_code == 429, (node.port, r.text)
            assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert _login(b, "bob", "bob-demo-pass-1").status_code == 200
    finally:
        c.destroy()


def test_failures_across_names_are_throttled_per_address_across_nodes():
    c = start_cluster(args=["--login-failures-per-address-per-minute", "4"])
    try:
        a, b = c.nodes
        for node, name in ((a, "u1"), (b, "u2"), (a, "u3"), (b, "u4")):
            assert _login(node, name, "wrong-password").status_code == 401
        time.sleep(0.3)
        for node in (a, b):
            assert _login(node, "bob", "bob-demo-pass-1").status_code == 429
    finally:
        c.destroy()


def test_registrations_are_throttled_across_nodes():
    c = start_cluster(args=["--register-per-minute", "2"])
    try:
        a, b = c.nodes

        def register(node, name):
            return requests.post(node.url("/api/register/"),
                                 json={"username": name, "password": "a-good-password"})

        assert register(a, "newcomer1").status_code == 201
        time.sleep(0.3)
        assert register(b, "newcomer2").status_code == 201
        time.sleep(0.3)
        for node in (a, b):
            r = register(node, "newcomer3")
            assert r.status_code == 429, (node.port, r.text)
    finally:
        c.destroy()
