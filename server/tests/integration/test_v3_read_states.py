"""SPEC §8 read states: acks (forward only, "mark unread" with manual), read.ack to every device
of the user, mention counts of me and of everyone that follow creates, edits and deletes (no
ghost unreads), read states in ready and in GET /api/users/@me/read-states/, bad input."""
import asyncio
import concurrent.futures

import requests

from realtime_helpers import run
from v2_helpers import (NOT_FOUND, Api, fast_server, first_frame, gateway, new_channel,
                        no_frame_matching, ready_of)

__all__ = ["fast_server"]

READ_STATES = "/api/users/@me/read-states/"


def ack(user, channel_id, message_id, **extra):
    return user.post(f"/api/channels/{channel_id}/ack/", json={"message_id": message_id, **extra})


def state_of(user, channel_id):
    r = user.get(READ_STATES)
    assert r.status_code == 200, r.text
    states = r.json()
    assert all(set(s) == {"channel_id", "last_read_id", "mention_count"} for s in states), states
    return next((s for s in states if s["channel_id"] == channel_id), None)


def mentions_of(user, channel_id):
    state = state_of(user, channel_id)
    return None if state is None else state["mention_count"]


def is_ack(channel_id):
    return lambda f: f.get("type") == "read.ack" and f.get("channel_id") == channel_id


def test_acks_move_forward_and_reach_every_device_of_the_user(fast_server):
    alice = Api(fast_server, "alice")
    phone, laptop = Api(fast_server, "bob"), Api(fast_server, "bob")  # two logins, one user
    _, c = new_channel(alice, "Retro Arcade")
    m1, m2, m3 = (alice.send(c, f"message {i}")["id"] for i in range(3))

    async def scenario():
        async with gateway(fast_server, phone.cookie) as a, gateway(fast_server, laptop.cookie) as b:
            await ready_of(a)
            await ready_of(b)
            r = await asyncio.to_thread(ack, phone, c, m2)
            assert r.status_code == 204 and r.content == b""
            expected = {"type": "read.ack", "channel_id": c, "last_read_id": m2,
                        "mention_count": 0}
            assert await first_frame(a, is_ack(c)) == expected
            assert await first_frame(b, is_ack(c)) == expected
            # An older id changes nothing and tells nobody: the next frame is the m3 ack.
            assert (await asyncio.to_thread(ack, laptop, c, m1)).status_code == 204
            assert state_of(laptop, c)["last_read_id"] == m2
            assert (await asyncio.to_thread(ack, laptop, c, m2)).status_code == 204
            assert (await asyncio.to_thread(ack, laptop, c, m3)).status_code == 204
            for ws in (a, b):
                frame = await first_frame(ws, is_ack(c))
                assert frame["last_read_id"] == m3, frame
            # "Mark unread": manual moves it back, and both devices hear it.
            assert (await asyncio.to_thread(ack, phone, c, m1, manual=True)).status_code == 204
            for ws in (a, b):
                frame = await first_frame(ws, is_ack(c))
                assert frame["last_read_id"] == m1, frame
            assert state_of(laptop, c) == {"channel_id": c, "last_read_id": m1,
                                           "mention_count": 0}

    run(scenario())


def test_read_acks_go_to_the_user_only(fast_server):
    alice, bob, carol = (Api(fast_server, n) for n in ("alice", "bob", "carol"))
    _, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "hello")["id"]

    async def scenario():
        async with gateway(fast_server, carol.cookie) as ws:
            await ready_of(ws)
            assert (await asyncio.to_thread(ack, bob, c, m)).status_code == 204
            barrier = await asyncio.to_thread(alice.send, c, "barrier")
            await no_frame_matching(ws, lambda f: f.get("type") == "read.ack",
                                    lambda f: f.get("new_message", {}).get("id") == barrier["id"])

    run(scenario())


def test_mentions_count_at_once_and_follow_edits_and_deletes(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    assert state_of(bob, c) is None  # created after bob joined, nothing in it for him yet
    first = alice.send(c, f"hi <@{bob.id}>")
    assert first["mentions"] == [bob.id]
    # Never acked, yet listed at once with its mention (last_read_id 0: nothing read).
    assert state_of(bob, c) == {"channel_id": c, "last_read_id": 0, "mention_count": 1}
    second = alice.send(c, f"again <@{bob.id}>")
    third = alice.send(c, f"and again <@{bob.id}> <@{alice.id}>")
    alice.send(c, "no mention")
    assert mentions_of(bob, c) == 3
    assert alice.edit(c, second["id"], "edited away").status_code == 200
    assert mentions_of(bob, c) == 2
    assert alice.remove(c, third["id"]).status_code == 204
    assert mentions_of(bob, c) == 1  # no ghost mention after a delete
    assert alice.edit(c, second["id"], f"back <@{bob.id}>").status_code == 200
    assert mentions_of(bob, c) == 2
    assert ack(bob, c, first["id"]).status_code == 204
    assert state_of(bob, c) == {"channel_id": c, "last_read_id": first["id"], "mention_count": 1}
    assert ack(bob, c, second["id"]).status_code == 204
    assert mentions_of(bob, c) == 0
    # Marking unread brings the mentions after the mark back.
    assert ack(bob, c, first["id"], manual=True).status_code == 204
    assert mentions_of(bob, c) == 1


def test_everyone_by_the_owner_counts_for_members_but_not_for_the_sender(fast_server):
    alice, bob, carol = (Api(fast_server, n) for n in ("alice", "bob", "carol"))
    _, c = new_channel(alice, "Retro Arcade")
    plain = carol.send(c, "@everyone from a member")  # not allowed: plain text
    assert plain["mention_everyone"] is False
    assert mentions_of(bob, c) is None
    loud = alice.send(c, "@everyone meeting now")
    assert loud["mention_everyone"] is True
    assert mentions_of(bob, c) == 1 and mentions_of(carol, c) == 1
    assert mentions_of(alice, c) in (None, 0)
    both = alice.send(c, f"@here <@{bob.id}>")
    assert mentions_of(bob, c) == 2  # both kinds in one message count once
    assert mentions_of(carol, c) == 2

    async def ack_frame():
        async with gateway(fast_server, carol.cookie) as ws:
            await ready_of(ws)
            assert (await asyncio.to_thread(ack, carol, c, loud["id"])).status_code == 204
            return await first_frame(ws, is_ack(c))

    assert run(ack_frame()) == {"type": "read.ack", "channel_id": c, "last_read_id": loud["id"],
                                "mention_count": 1}
    assert alice.remove(c, both["id"]).status_code == 204
    assert mentions_of(bob, c) == 1 and mentions_of(carol, c) == 0


def test_ready_carries_the_read_states(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    m1 = alice.send(c, "one")["id"]
    alice.send(c, f"two <@{bob.id}>")
    assert ack(bob, c, m1).status_code == 204

    async def ready():
        async with gateway(fast_server, bob.cookie) as ws:
            return await ready_of(ws)

    frame = run(ready())
    listed = {s["channel_id"]: s for s in frame["read_states"]}
    assert listed[c] == {"channel_id": c, "last_read_id": m1, "mention_count": 1}
    assert sorted(listed.values(), key=lambda s: s["channel_id"]) == bob.get(READ_STATES).json()
    channels = {ch["id"]: ch for s in frame["servers"] for ch in s["channels"]}
    assert channels[c]["last_message_id"] > listed[c]["last_read_id"]  # unread


def test_joining_reads_what_was_there_and_leaving_forgets(fast_server):
    alice, dave = Api(fast_server, "alice"), Api(fast_server, "dave")
    s, c = new_channel(alice, "Retro Arcade")
    before = alice.send(c, "before dave")["id"]
    base = f"/api/membership/{s}/membership/"
    assert dave.post(base).status_code in (200, 201)
    try:
        assert state_of(dave, c) == {"channel_id": c, "last_read_id": before, "mention_count": 0}
        alice.send(c, f"welcome <@{dave.id}>")
        assert mentions_of(dave, c) == 1
    finally:
        assert dave.delete(base + "remove_member/").status_code in (200, 204)
    assert state_of(dave, c) is None
    alice.send(c, f"gone <@{dave.id}>")  # not a member: no read state appears
    assert state_of(dave, c) is None


def test_an_ack_for_a_message_of_another_channel_changes_nothing(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    _, other = new_channel(alice, "Retro Arcade")
    mine = alice.send(c, "here")["id"]
    elsewhere = alice.send(other, "there")["id"]
    assert ack(bob, c, mine).status_code == 204
    for wrong in (elsewhere, elsewhere + 1000000):
        r = ack(bob, c, wrong)
        assert r.status_code == 400, r.text
        assert list(r.json()) == ["message_id"] and isinstance(r.json()["message_id"], list)
    assert state_of(bob, c)["last_read_id"] == mine


def test_acks_in_channels_i_cannot_read_are_not_found(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "soon gone")["id"]
    for channel in (999999999, "abc"):
        r = bob.post(f"/api/channels/{channel}/ack/", json={"message_id": m})
        assert r.status_code == 404
    assert alice.delete(f"/api/servers/{s}/channels/{c}/").status_code == 204
    r = ack(bob, c, m)
    assert r.status_code == 404 and r.json() == NOT_FOUND
    r = requests.post(fast_server.url(f"/api/channels/{c}/ack/"), json={"message_id": m})
    assert r.status_code == 401
    assert requests.get(fast_server.url(READ_STATES)).status_code == 401


def test_bad_ack_bodies_are_field_errors(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "target")["id"]
    path = f"/api/channels/{c}/ack/"
    bad = [
        ({}, "message_id"),
        ({"message_id": None}, "message_id"),
        ({"message_id": "abc"}, "message_id"),
        ({"message_id": 0}, "message_id"),
        ({"message_id": -5}, "message_id"),
        ({"message_id": 1.5}, "message_id"),
        ({"message_id": 2 ** 70}, "message_id"),
        ({"message_id": [m]}, "message_id"),
        ({"message_id": m, "manual": "yes"}, "manual"),
        ({"message_id": m, "manual": 1}, "manual"),
    ]
    for body, field in bad:
        r = bob.post(path, json=body)
        assert r.status_code == 400, (body, r.status_code, r.text)
        assert field in r.json(), (body, r.json())
    for raw in (b"not json", b"[1, 2]", b'"text"'):
        r = bob.post(path, data=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (raw, r.text)
    assert state_of(bob, c) is None  # nothing was stored
    assert bob.post(path, json={"message_id": str(m)}).status_code == 204  # a string id works
    assert state_of(bob, c)["last_read_id"] == m


def test_deleting_the_unread_message_leaves_no_ghost_unread(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    read = alice.send(c, "read")["id"]
    assert ack(bob, c, read).status_code == 204
    gone = alice.send(c, f"soon deleted <@{bob.id}>")["id"]
    assert mentions_of(bob, c) == 1
    assert alice.remove(c, gone).status_code == 204

    async def ready():
        async with gateway(fast_server, bob.cookie) as ws:
            return await ready_of(ws)

    frame = run(ready())
    channel = next(ch for s in frame["servers"] for ch in s["channels"] if ch["id"] == c)
    state = next(s for s in frame["read_states"] if s["channel_id"] == c)
    assert channel["last_message_id"] == read == state["last_read_id"]  # read, as before
    assert state["mention_count"] == 0


def test_acks_are_rate_limited_per_user(fast_server):
    alice, dave = Api(fast_server, "alice"), Api(fast_server, "dave")
    dave.wait_out_429 = False
    _, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "read me")["id"]
    # dave may read this public server's channel without being a member, so he may ack it.
    # 25 at a time: an ack waits for its batch's commit (up to 20 ms of gathering), and one
    # after another, 100 of them would last long enough for the rate to refill the burst.
    url = fast_server.url(f"/api/channels/{c}/ack/")

    def one(_):
        return requests.post(url, json={"message_id": m, "manual": True},
                             cookies=dave.session.cookies, timeout=15)

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        answers = list(pool.map(one, range(100)))
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {204, 429}, statuses
    assert 50 <= statuses.count(204) < 100, statuses  # the burst, and what refilled meanwhile
    limited = [r for r in answers if r.status_code == 429]
    assert limited, statuses
    assert limited[0].headers.get("Retry-After") == "1" and "detail" in limited[0].json()
