"""SPEC §9 direct messages: opening a 1:1 from either side, groups of up to 10, rename, add,
remove, leave; privacy against a third user on every route and socket; dm_policy and blocks;
user search; every §7 feature inside a DM; the gateway following a new DM without reconnecting.

Tests that need people without shared servers (or a clean DM list) register their own users."""
import asyncio
import itertools
import json
import re
import shutil
import tempfile

import pytest
import requests

from conftest import ParleyServer, load_demo
from realtime_helpers import close_code_of, run
from v2_helpers import (FAST, FORBIDDEN, NOT_FOUND, Api, channel_of, connect, content_of,
                        first_frame, gateway, gateway_send, no_frame_matching, reaction_path,
                        ready_of)

DM_KEYS = {"id", "type", "name", "owner", "recipients", "last_message_id", "last_seq"}
_names = itertools.count(1)


@pytest.fixture(scope="module")
def dm_server():
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST,
                                     "--register-per-minute", "100000"]).start()
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def demo(dm_server):
    return {name: Api(dm_server, name) for name in ("alice", "bob", "carol", "dave")}


def new_user(server, stem="dmuser"):
    """A fresh account (it shares no server with anyone) logged in."""
    name = f"{stem}{next(_names)}"
    password = "correct-horse-battery-9"
    r = requests.post(server.url("/api/register/"),
                      json={"username": name, "password": password}, timeout=10)
    assert r.status_code == 201, r.text
    return Api(server, name, password)


def open_dm(caller, *others, **extra):
    return caller.post("/api/users/@me/channels/",
                       json={"recipients": [o.id for o in others], **extra})


def everyone(user):
    user.patch("/api/account/me/", json={"dm_policy": "everyone"})
    return user


def recipient_path(dm_id, user):
    return f"/api/channels/{dm_id}/recipients/{user.id}/"


# ------------------------------------------------------------------ opening and listing

def test_a_1to1_is_one_channel_whichever_side_opens_it(dm_server):
    a, b = everyone(new_user(dm_server)), everyone(new_user(dm_server))
    first = open_dm(a, b)
    assert first.status_code == 201, first.text
    dm = first.json()
    assert set(dm) == DM_KEYS
    assert dm["type"] == "dm" and dm["name"] is None and dm["owner"] is None
    assert dm["recipients"] == [{"id": b.id, "username": b.username}]
    assert dm["last_message_id"] is None and dm["last_seq"] == 0
    again = open_dm(a, b)
    assert again.status_code == 200 and again.json()["id"] == dm["id"]
    other_side = open_dm(b, a)
    assert other_side.status_code == 200
    assert other_side.json()["id"] == dm["id"]
    assert other_side.json()["recipients"] == [{"id": a.id, "username": a.username}]


def test_recipients_are_checked_and_nothing_is_created_on_bad_input(dm_server, demo):
    alice = demo["alice"]
    before = alice.get("/api/users/@me/channels/").json()
    others = [everyone(new_user(dm_server)) for _ in range(10)]
    cases = [
        {},
        {"recipients": []},
        {"recipients": "bob"},
        {"recipients": [alice.id]},
        {"recipients": [demo["bob"].id, alice.id]},
        {"recipients": [demo["bob"].id, demo["bob"].id]},
        {"recipients": [99999999]},
        {"recipients": ["x"]},
        {"recipients": [o.id for o in others]},  # 10 others: a group of 11
    ]
    for body in cases:
        r = alice.post("/api/users/@me/channels/", json=body)
        assert r.status_code == 400, (body, r.status_code, r.text)
        assert list(r.json()) == ["recipients"], r.text
    r = alice.post("/api/users/@me/channels/", data="not json",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert alice.get("/api/users/@me/channels/").json() == before
    assert requests.post(dm_server.url("/api/users/@me/channels/"),
                         json={"recipients": [demo["bob"].id]}, timeout=10).status_code == 401


def test_a_group_of_ten_is_made_and_listed_for_everyone_in_it(dm_server):
    owner = new_user(dm_server)
    others = [everyone(new_user(dm_server)) for _ in range(9)]
    r = open_dm(owner, *others, name="Ten of us")
    assert r.status_code == 201, r.text
    group = r.json()
    assert group["type"] == "group" and group["name"] == "Ten of us"
    assert group["owner"] == owner.id
    assert [u["id"] for u in group["recipients"]] == sorted(o.id for o in others)
    listed = others[3].get("/api/users/@me/channels/").json()
    assert [d["id"] for d in listed] == [group["id"]]
    assert owner.id in [u["id"] for u in listed[0]["recipients"]]
    assert others[3].id not in [u["id"] for u in listed[0]["recipients"]]
    # A second group of the same people is another channel.
    assert open_dm(owner, *others[:2]).json()["id"] != group["id"]
    # The group is full: an eleventh is refused.
    extra = everyone(new_user(dm_server))
    r = owner.put(recipient_path(group["id"], extra))
    assert r.status_code == 400, r.text
    mine = {d["id"]: d for d in owner.get("/api/users/@me/channels/").json()}
    assert len(mine[group["id"]]["recipients"]) == 9


def test_the_dm_list_comes_in_order_of_last_activity(dm_server):
    me = new_user(dm_server)
    a, b, c = (everyone(new_user(dm_server)) for _ in range(3))
    ids = [open_dm(me, x).json()["id"] for x in (a, b, c)]
    me.send(ids[0], "old news")
    me.send(ids[2], "newer")
    me.send(ids[1], "newest")
    listed = me.get("/api/users/@me/channels/").json()
    assert [d["id"] for d in listed] == [ids[1], ids[2], ids[0]]
    assert listed[0]["last_message_id"] > listed[1]["last_message_id"]
    assert listed[0]["last_seq"] == 1


# ------------------------------------------------------------------ group management

def test_the_owner_renames_adds_and_removes_and_anyone_leaves(dm_server):
    owner = new_user(dm_server)
    a, b, c = (everyone(new_user(dm_server)) for _ in range(3))
    group = open_dm(owner, a, b).json()
    gid = group["id"]

    r = owner.patch(f"/api/channels/{gid}/", json={"name": "Plans"})
    assert r.status_code == 200 and r.json()["name"] == "Plans"
    assert set(r.json()) == DM_KEYS
    assert a.patch(f"/api/channels/{gid}/", json={"name": "Mine"}).json() == FORBIDDEN
    r = owner.patch(f"/api/channels/{gid}/", json={"name": "x" * 101})
    assert r.status_code == 400 and "name" in r.json()

    assert owner.put(recipient_path(gid, c)).status_code == 204
    assert owner.put(recipient_path(gid, c)).status_code == 204  # already there: no change
    assert c.messages(gid) == []
    assert a.put(f"/api/channels/{gid}/recipients/{owner.id}/").status_code == 403
    assert a.delete(recipient_path(gid, b)).json() == FORBIDDEN
    r = owner.put(f"/api/channels/{gid}/recipients/99999999/")
    assert r.status_code == 404

    b.send(gid, "still here")  # b's access is now remembered for a second
    assert owner.delete(recipient_path(gid, b)).status_code == 204
    assert b.get(f"/api/channels/{gid}/messages/").status_code == 404
    r = b.post(f"/api/channels/{gid}/messages/", json={"content": "at once"})
    assert r.status_code == 404, "removal takes effect at once"
    assert owner.delete(recipient_path(gid, b)).status_code == 404

    assert a.delete(recipient_path(gid, a)).status_code == 204  # leaving
    assert a.get("/api/users/@me/channels/").json() == []
    names = {u["id"] for u in owner.get("/api/users/@me/channels/").json()[0]["recipients"]}
    assert names == {c.id}

    # The owner leaving hands the group on.
    assert owner.delete(recipient_path(gid, owner)).status_code == 204
    assert c.get("/api/users/@me/channels/").json()[0]["owner"] == c.id


def test_a_1to1_has_no_name_and_no_recipients_to_manage(dm_server):
    a, b, c = (everyone(new_user(dm_server)) for _ in range(3))
    dm = open_dm(a, b).json()["id"]
    r = a.patch(f"/api/channels/{dm}/", json={"name": "us"})
    assert r.status_code == 400 and "name" in r.json()
    assert a.put(recipient_path(dm, c)).status_code == 400
    assert a.delete(recipient_path(dm, b)).status_code == 400


def test_patch_of_a_server_channel_still_edits_it_for_its_owner(dm_server, demo):
    alice, bob = demo["alice"], demo["bob"]
    sid = next(s for s in alice.get("/api/server/select/").json() if s["name"] == "Load Test")["id"]
    cid = alice.post(f"/api/servers/{sid}/channels/", json={"name": "renamable"}).json()["id"]
    r = alice.patch(f"/api/channels/{cid}/", json={"topic": "new topic"})
    assert r.status_code == 200 and r.json()["topic"] == "new topic"
    assert bob.patch(f"/api/channels/{cid}/", json={"topic": "mine"}).json() == FORBIDDEN
    assert alice.patch("/api/channels/99999999/", json={"name": "x"}).json() == NOT_FOUND


# ------------------------------------------------------------------ privacy

def test_a_third_user_finds_nothing_of_a_dm_on_any_route(dm_server, demo):
    a, b = everyone(new_user(dm_server)), everyone(new_user(dm_server))
    outsider = demo["carol"]
    dm = open_dm(a, b).json()["id"]
    message = a.send(dm, "just between us")
    mid = message["id"]
    a.react(dm, mid, "👍")
    calls = [
        ("GET", f"/api/channels/{dm}/messages/", None),
        ("POST", f"/api/channels/{dm}/messages/", {"content": "hi"}),
        ("PATCH", f"/api/channels/{dm}/messages/{mid}/", {"content": "edited"}),
        ("DELETE", f"/api/channels/{dm}/messages/{mid}/", None),
        ("PUT", reaction_path(dm, mid, "👍") + "@me/", None),
        ("DELETE", reaction_path(dm, mid, "👍") + "@me/", None),
        ("GET", reaction_path(dm, mid, "👍"), None),
        ("GET", f"/api/channels/{dm}/events/?after_seq=0", None),
        ("GET", f"/api/messages/?channel_id={dm}", None),
        ("PATCH", f"/api/channels/{dm}/", {"name": "mine"}),
        ("PUT", f"/api/channels/{dm}/recipients/{outsider.id}/", None),
        ("DELETE", f"/api/channels/{dm}/recipients/{a.id}/", None),
    ]
    for method, path, body in calls:
        r = outsider.request(method, path, json=body)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
        assert r.json() == NOT_FOUND
    assert a.messages(dm)[0]["content"] == "just between us"
    assert a.messages(dm)[0]["reactions"] == [{"emoji": "👍", "count": 1, "me": True}]


def test_a_third_users_sockets_get_4004_and_their_gateway_never_sees_the_dm(dm_server, demo):
    a, b = everyone(new_user(dm_server)), everyone(new_user(dm_server))
    carol = demo["carol"]
    dm = open_dm(a, b).json()["id"]
    _, barrier_channel = channel_of(dm_server, "Retro Arcade", "general")

    async def scenario():
        codes = []
        for path in (f"/ws/@me/{dm}", f"/ws/@me/{dm}?after_seq=0"):
            async with connect(dm_server, path, carol.cookie) as ws:
                codes.append(await close_code_of(ws))
        # A DM is not a server's channel on the other paths either.
        for path in (f"/ws/0/{dm}", f"/ws/1/{dm}", f"/1/{dm}"):
            async with connect(dm_server, path, a.cookie) as ws:
                codes.append(await close_code_of(ws))
        async with gateway(dm_server, carol.cookie) as ws:
            ready = await ready_of(ws)
            assert ready["dms"] == []
            a.send(dm, "private words")
            await ws.send(json.dumps({"type": "typing", "channel_id": dm}))
            await gateway_send(ws, dm, "let me in", nonce="n1")
            error = await first_frame(ws, lambda f: f.get("type") == "error"
                                      and f.get("nonce") == "n1")
            demo["alice"].send(barrier_channel, "barrier for carol")
            await no_frame_matching(ws, lambda f: f.get("channel_id") == dm
                                    and f.get("type") != "error",
                                    content_of("barrier for carol"))
        return codes, error

    codes, error = run(scenario())
    assert codes == [4004] * 5
    assert error["code"] == "not_found" and error["channel_id"] == dm and error["nonce"] == "n1"
    assert [m["content"] for m in a.messages(dm)] == ["private words"]


def test_a_removed_recipient_loses_the_dm_at_once(dm_server):
    owner = new_user(dm_server)
    kept, removed = everyone(new_user(dm_server)), everyone(new_user(dm_server))
    gid = open_dm(owner, kept, removed).json()["id"]

    async def scenario():
        async with gateway(dm_server, removed.cookie) as gw, \
                connect(dm_server, f"/ws/@me/{gid}", removed.cookie) as channel_socket, \
                gateway(dm_server, kept.cookie) as kept_gw:
            assert [d["id"] for d in (await ready_of(gw))["dms"]] == [gid]
            await ready_of(kept_gw)
            owner.send(gid, "before")
            await first_frame(gw, content_of("before"))
            await first_frame(channel_socket, content_of("before"))
            assert owner.delete(recipient_path(gid, removed)).status_code == 204
            gone = await first_frame(gw, lambda f: f.get("type") == "dm.delete")
            update = await first_frame(kept_gw, lambda f: f.get("type") == "dm.update")
            code = await close_code_of(channel_socket)
            owner.send(gid, "after")
            await first_frame(kept_gw, content_of("after"))
            owner.send(gid, "after 2")
            await first_frame(kept_gw, content_of("after 2"))
            # The removed user's gateway still lives; a message of theirs elsewhere is the
            # barrier that proves "after" never reached it.
            other = open_dm(removed, kept).json()["id"]
            await first_frame(gw, lambda f: f.get("type") == "dm.create")
            removed.send(other, "barrier")
            await no_frame_matching(gw, lambda f: f.get("channel_id") == gid,
                                    content_of("barrier"))
            return gone, update, code

    gone, update, code = run(scenario())
    assert gone == {"type": "dm.delete", "channel_id": gid}
    assert [u["id"] for u in update["channel"]["recipients"]] == [owner.id]
    assert code == 4003


# ------------------------------------------------------------------ policy and blocks

def test_dm_policy_is_shown_validated_and_decides_who_may_open(dm_server, demo):
    alice = demo["alice"]
    stranger = new_user(dm_server)
    me = stranger.get("/api/account/me/").json()
    assert me["dm_policy"] == "shared_servers"
    assert {"id", "username", "date_joined", "is_staff"} <= set(me)
    # shared_servers (the default): no shared server, no DM.
    assert open_dm(alice, stranger).json() == FORBIDDEN
    for bad in ("anyone", "", None, 3, ["everyone"]):
        r = stranger.patch("/api/account/me/", json={"dm_policy": bad})
        assert r.status_code == 400 and "dm_policy" in r.json(), bad
    assert stranger.get("/api/account/me/").json()["dm_policy"] == "shared_servers"
    r = stranger.patch("/api/account/me/", json={"dm_policy": "everyone"})
    assert r.status_code == 200 and r.json()["dm_policy"] == "everyone"
    assert open_dm(alice, stranger).status_code == 201

    # nobody: not even someone sharing a server, neither a 1:1 nor a group.
    hermit = new_user(dm_server)
    hermit.patch("/api/account/me/", json={"dm_policy": "nobody"})
    friend = everyone(new_user(dm_server))
    assert open_dm(alice, hermit).json() == FORBIDDEN
    assert open_dm(alice, friend, hermit).json() == FORBIDDEN
    group = open_dm(alice, friend, stranger).json()["id"]
    assert alice.put(recipient_path(group, hermit)).json() == FORBIDDEN
    assert hermit.get("/api/users/@me/channels/").json() == []
    # Members of a shared server reach each other by default.
    assert open_dm(demo["bob"], demo["dave"]).status_code in (200, 201)


def test_a_blocked_user_cannot_open_add_or_post_and_unblocking_restores_it(dm_server):
    blocker, blocked, third = (everyone(new_user(dm_server)) for _ in range(3))
    dm = open_dm(blocked, blocker).json()["id"]
    blocked.send(dm, "before the block")
    path = f"/api/users/@me/blocks/{blocked.id}/"
    assert blocker.put(path).status_code == 204
    assert blocker.put(path).status_code == 204  # idempotent

    assert open_dm(blocked, blocker).json() == FORBIDDEN
    r = blocked.post(f"/api/channels/{dm}/messages/", json={"content": "let me talk"})
    assert r.status_code == 403 and r.json() == FORBIDDEN
    assert open_dm(third, blocked).status_code == 201  # they still talk to others
    assert open_dm(blocked, third, blocker).json() == FORBIDDEN
    own_group = open_dm(blocked, third, everyone(new_user(dm_server))).json()["id"]
    assert blocked.put(recipient_path(own_group, blocker)).json() == FORBIDDEN

    async def socket_refusals():
        async with gateway(dm_server, blocked.cookie) as ws, \
                connect(dm_server, f"/ws/@me/{dm}", blocked.cookie) as channel_socket:
            await ready_of(ws)
            await gateway_send(ws, dm, "through the gateway", nonce=7)
            await channel_socket.send(json.dumps({"type": "message", "message": "socket",
                                                  "nonce": 8}))
            return [await first_frame(ws, lambda f: f.get("type") == "error"),
                    await first_frame(channel_socket, lambda f: f.get("type") == "error")]

    errors = run(socket_refusals())
    assert [(e["code"], e["nonce"]) for e in errors] == [("forbidden", 7), ("forbidden", 8)]
    # The history stays readable; nothing new was stored.
    assert [m["content"] for m in blocked.messages(dm)] == ["before the block"]

    assert blocker.delete(path).status_code == 204
    assert blocker.delete(path).status_code == 204
    assert open_dm(blocked, blocker).status_code == 200
    assert blocked.send(dm, "friends again")["content"] == "friends again"

    assert blocker.put(f"/api/users/@me/blocks/{blocker.id}/").status_code == 400
    assert blocker.put("/api/users/@me/blocks/99999999/").json() == NOT_FOUND
    assert requests.put(dm_server.url(path), timeout=10).status_code == 401


def test_the_block_list_shows_whom_i_blocked_in_id_order(dm_server):
    me, first, second = (new_user(dm_server) for _ in range(3))
    assert me.get("/api/users/@me/blocks/").json() == []
    for user in (second, first):
        assert me.put(f"/api/users/@me/blocks/{user.id}/").status_code == 204
    me.put(f"/api/users/@me/blocks/{first.id}/")  # again: listed once
    listed = sorted([first, second], key=lambda u: u.id)
    r = me.get("/api/users/@me/blocks/")
    assert r.status_code == 200
    assert r.json() == [{"id": u.id, "username": u.username} for u in listed]
    # Only mine: the blocked do not see it, nor does anyone see others' blocks.
    assert first.get("/api/users/@me/blocks/").json() == []
    assert me.delete(f"/api/users/@me/blocks/{second.id}/").status_code == 204
    assert me.get("/api/users/@me/blocks").json() == [{"id": first.id,
                                                        "username": first.username}]
    assert requests.get(dm_server.url("/api/users/@me/blocks/"), timeout=10).status_code == 401


# ------------------------------------------------------------------ search

def test_search_finds_by_case_insensitive_prefix_without_me_or_those_who_blocked_me(dm_server):
    stem = f"Seek{next(_names)}x"
    found = [new_user(dm_server, stem) for _ in range(23)]
    me = found[0]
    blocker = found[1]
    assert blocker.put(f"/api/users/@me/blocks/{me.id}/").status_code == 204

    r = me.get("/api/users/search/", params={"q": stem.upper()})
    assert r.status_code == 200
    results = r.json()
    assert len(results) == 20
    assert all(set(u) == {"id", "username"} for u in results)
    assert all(u["username"].lower().startswith(stem.lower()) for u in results)
    ids = [u["id"] for u in results]
    assert me.id not in ids and blocker.id not in ids
    assert [u["username"].lower() for u in results] == sorted(u["username"].lower()
                                                              for u in results)
    exact = me.get("/api/users/search/", params={"q": found[5].username.lower()}).json()
    assert exact[0]["id"] == found[5].id
    # The blocker still finds me (blocking hides the blocker, not the blocked).
    assert me.id in [u["id"] for u in blocker.get("/api/users/search/",
                                                   params={"q": me.username}).json()]
    assert me.get("/api/users/search/", params={"q": "zz-nobody-has-this"}).json() == []

    for bad in ({}, {"q": ""}, {"q": "   "}, {"q": "a" * 151}):
        r = me.get("/api/users/search/", params=bad)
        assert r.status_code == 400 and "q" in r.json(), bad
    assert requests.get(dm_server.url("/api/users/search/?q=a"), timeout=10).status_code == 401


# ------------------------------------------------------------------ §7 inside DMs

def test_every_message_feature_works_in_a_dm_and_nobody_moderates(dm_server):
    owner, a, b = (everyone(new_user(dm_server)) for _ in range(3))
    gid = open_dm(owner, a, b, name="features").json()["id"]
    first = a.send(gid, f"hello <@{owner.id}> @everyone")
    assert first["channel_id"] == gid
    assert first["mentions"] == [owner.id] and first["mention_everyone"] is False
    reply = owner.send(gid, "answer", reply_to=first["id"])
    assert reply["reply_to"]["id"] == first["id"]
    edited = a.edit(gid, first["id"], "hello again")
    assert edited.status_code == 200 and edited.json()["edited_at"] is not None
    assert owner.edit(gid, first["id"], "not mine").json() == FORBIDDEN
    assert b.react(gid, first["id"], "🎉").status_code == 204
    assert owner.react(gid, first["id"], "🎉").status_code == 204
    r = a.get(reaction_path(gid, first["id"], "🎉"))
    assert [u["id"] for u in r.json()] == sorted([owner.id, b.id])
    # The group's owner is no moderator of others' messages.
    assert owner.remove(gid, first["id"]).json() == FORBIDDEN
    assert a.remove(gid, first["id"]).status_code == 204
    assert owner.messages(gid)[0]["reply_to"] == {"id": first["id"], "deleted": True}
    events, last_seq = owner.all_events(gid)
    kinds = [e["type"] for e in events]
    assert kinds == ["chat.message", "chat.message", "chat.message_update",
                     "chat.reaction_add", "chat.reaction_add", "chat.message_delete"]
    assert [e["seq"] for e in events] == list(range(1, 7)) and last_seq == 6
    assert all(e["channel_id"] == gid for e in events)


def test_the_dm_channel_socket_speaks_the_parley_protocol_and_resumes_by_seq(dm_server):
    a, b = everyone(new_user(dm_server)), everyone(new_user(dm_server))
    dm = open_dm(a, b).json()["id"]
    a.send(dm, "one")
    a.send(dm, "two")

    async def scenario():
        async with connect(dm_server, f"/ws/@me/{dm}?after_seq=1", b.cookie) as bob_ws, \
                connect(dm_server, f"/ws/@me/{dm}", a.cookie) as alice_ws:
            replayed = await first_frame(bob_ws, lambda f: f.get("type") == "chat.message")
            await alice_ws.send(json.dumps({"type": "typing"}))
            typing = await first_frame(bob_ws, lambda f: f.get("type") == "typing")
            await alice_ws.send(json.dumps({"type": "message", "message": "three",
                                            "nonce": "abc"}))
            echo = await first_frame(alice_ws, content_of("three"))
            live = await first_frame(bob_ws, content_of("three"))
            return replayed, typing, echo, live

    replayed, typing, echo, live = run(scenario())
    assert replayed["new_message"]["content"] == "two" and replayed["seq"] == 2
    assert typing == {"type": "typing", "channel_id": dm, "user": a.username, "user_id": a.id}
    assert echo["new_message"]["nonce"] == "abc" and echo["seq"] == 3
    assert live["seq"] == 3 and live["channel_id"] == dm


# ------------------------------------------------------------------ the gateway

def test_the_gateway_gets_dm_create_then_the_dms_events_without_reconnecting(dm_server):
    a, b = everyone(new_user(dm_server)), everyone(new_user(dm_server))

    async def scenario():
        async with gateway(dm_server, b.cookie) as bob_gw, \
                gateway(dm_server, a.cookie) as alice_gw:
            assert (await ready_of(bob_gw))["dms"] == []
            await ready_of(alice_gw)
            created = await asyncio.to_thread(open_dm, a, b)
            dm = created.json()["id"]
            to_bob = await first_frame(bob_gw, lambda f: f.get("type") == "dm.create")
            to_alice = await first_frame(alice_gw, lambda f: f.get("type") == "dm.create")
            await asyncio.to_thread(a.send, dm, "hi bob")
            got = await first_frame(bob_gw, content_of("hi bob"))
            await gateway_send(bob_gw, dm, "hi alice", nonce="b1")
            echo = await first_frame(bob_gw, content_of("hi alice"))
            heard = await first_frame(alice_gw, content_of("hi alice"))
            await alice_gw.send(json.dumps({"type": "typing", "channel_id": dm}))
            typing = await first_frame(bob_gw, lambda f: f.get("type") == "typing")
            return dm, to_bob, to_alice, got, echo, heard, typing

    dm, to_bob, to_alice, got, echo, heard, typing = run(scenario())
    assert to_bob["channel"]["id"] == dm and set(to_bob["channel"]) == DM_KEYS
    assert to_bob["channel"]["recipients"] == [{"id": a.id, "username": a.username}]
    assert to_alice["channel"]["recipients"] == [{"id": b.id, "username": b.username}]
    assert got["channel_id"] == dm and got["seq"] == 1
    assert echo["new_message"]["nonce"] == "b1" and heard["seq"] == 2
    assert typing["channel_id"] == dm and typing["user_id"] == a.id

    async def reconnect():
        async with gateway(dm_server, b.cookie) as ws:
            return await ready_of(ws)

    ready = run(reconnect())
    assert [d["id"] for d in ready["dms"]] == [dm]
    assert ready["dms"][0]["last_seq"] == 2
    assert ready["dms"][0]["last_message_id"] == heard["new_message"]["id"]


def test_an_added_recipient_gets_dm_create_and_the_others_dm_update(dm_server):
    owner, a, newcomer = (everyone(new_user(dm_server)) for _ in range(3))
    gid = open_dm(owner, a, everyone(new_user(dm_server))).json()["id"]

    async def scenario():
        async with gateway(dm_server, newcomer.cookie) as new_gw, \
                gateway(dm_server, a.cookie) as a_gw:
            await ready_of(new_gw)
            await ready_of(a_gw)
            assert (await asyncio.to_thread(owner.put, recipient_path(gid, newcomer))
                    ).status_code == 204
            created = await first_frame(new_gw, lambda f: f.get("type") == "dm.create")
            update = await first_frame(a_gw, lambda f: f.get("type") == "dm.update")
            await asyncio.to_thread(owner.patch, f"/api/channels/{gid}/", json={"name": "New"})
            renamed = await first_frame(new_gw, lambda f: f.get("type") == "dm.update"
                                        and f["channel"]["name"] is not None)
            await asyncio.to_thread(owner.send, gid, "welcome")
            welcome = await first_frame(new_gw, content_of("welcome"))
            return created, update, renamed, welcome

    created, update, renamed, welcome = run(scenario())
    assert created["channel"]["id"] == gid and created["channel"]["owner"] == owner.id
    assert newcomer.id in [u["id"] for u in update["channel"]["recipients"]]
    assert renamed["channel"]["name"] == "New"
    assert welcome["channel_id"] == gid


# ------------------------------------------------------------------ documentation

V3_DM_ROUTES = {
    "/api/users/@me/channels/": {"get", "post"},
    "/api/channels/{}/": {"patch"},
    "/api/channels/{}/recipients/{}/": {"put", "delete"},
    "/api/users/@me/blocks/{}/": {"put", "delete"},
    "/api/users/search/": {"get"},
    "/api/account/me/": {"get", "patch"},
}


def test_the_schema_documents_every_dm_route(dm_server):
    doc = requests.get(dm_server.url("/api/docs/schema/"), params={"format": "json"},
                       timeout=10).json()
    documented = {re.sub(r"\{[^}]*\}", "{}", path): {m for m in ops if m != "parameters"}
                  for path, ops in doc["paths"].items()}
    for path, methods in V3_DM_ROUTES.items():
        assert path in documented, path
        assert methods <= documented[path], (path, documented[path])
    dm = doc["components"]["schemas"]["DmChannel"]
    assert set(dm["required"]) == DM_KEYS


# ------------------------------------------------------------------ read states in DMs (§8)

def test_a_mention_in_a_dm_counts_for_its_recipient_and_leaving_forgets_it(dm_server):
    owner, member, other = (everyone(new_user(dm_server)) for _ in range(3))
    group = open_dm(owner, member, other).json()["id"]
    states = "/api/users/@me/read-states/"

    def state(user):
        return next((s for s in user.get(states).json() if s["channel_id"] == group), None)

    assert state(member)["mention_count"] == 0  # joining read what was there
    first = owner.send(group, f"hello <@{member.id}>")["id"]
    assert state(member) == {"channel_id": group, "last_read_id": 0, "mention_count": 1}
    assert member.post(f"/api/channels/{group}/ack/", json={"message_id": first}).status_code == 204
    assert state(member) == {"channel_id": group, "last_read_id": first, "mention_count": 0}
    assert member.delete(recipient_path(group, member)).status_code == 204
    assert state(member) is None
    assert member.post(f"/api/channels/{group}/ack/", json={"message_id": first}).status_code == 404
