"""SPEC §10 private servers: "visibility" on create and PATCH; to non-members a private server
is absent from every server list, everything under it is 404 (channels, messages, members,
roles, permissions), its sockets close like an unknown channel's (4004), the original join
route does not find it, and member-list follows are refused; an invite is the only way in.
Making a public server private closes the sockets of its non-member readers."""
import asyncio
import json
import shutil
import tempfile

import pytest
import requests

from realtime_helpers import close_code_of, connect, recv_json, run
from v2_helpers import FAST, NOT_FOUND, first_frame, gateway, ready_of
from v4_roles_helpers import Api


@pytest.fixture(scope="module")
def world():
    from conftest import ParleyServer, load_demo
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    users = [Api(server, n) for n in ("alice", "bob", "carol")]
    yield (server, *users)
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


_count = iter(range(1, 100000))


def fresh(owner, visibility):
    name = f"Private {next(_count)}"
    r = owner.post("/api/servers/", json={"name": name, "category": "Gaming",
                                          "visibility": visibility})
    assert r.status_code == 201, r.text
    assert r.json()["visibility"] == visibility
    sid = r.json()["id"]
    channel = owner.post(f"/api/servers/{sid}/channels/", json={"name": "c"}).json()["id"]
    owner.send(channel, "secret")
    return sid, channel


def listed_ids(session_get, **params):
    r = session_get("/api/server/select/", params=params)
    assert r.status_code == 200, r.text
    return {s["id"] for s in r.json()}


def test_a_private_server_is_absent_from_every_list_for_non_members(world):
    server, alice, bob, _ = world
    sid, _ = fresh(alice, "private")
    public, _ = fresh(alice, "public")
    anonymous = lambda path, **kw: requests.get(server.url(path), timeout=10, **kw)  # noqa: E731
    for who in (bob.get, anonymous):
        seen = listed_ids(who)
        assert public in seen and sid not in seen
        assert sid not in listed_ids(who, category="Gaming", with_num_members="true")
        r = who("/api/server/select/", params={"by_serverid": sid})
        assert (r.status_code, r.json()) == (400, [f"Server with id {sid} not found"])
    assert sid not in listed_ids(bob.get, by_user="true")
    # Its owner (a member) sees it, with its visibility.
    mine = alice.get("/api/server/select/", params={"by_serverid": sid}).json()
    assert [s["visibility"] for s in mine] == ["private"]
    assert sid in listed_ids(alice.get) and sid in listed_ids(alice.get, by_user="true")


def test_everything_under_a_private_server_is_not_found_to_non_members(world):
    server, alice, bob, _ = world
    sid, channel = fresh(alice, "private")
    for path in (f"/api/channels/{channel}/messages/", f"/api/servers/{sid}/members/",
                 f"/api/servers/{sid}/roles/", f"/api/channels/{channel}/permissions/@me/",
                 f"/api/membership/{sid}/membership/is_member/",
                 f"/api/servers/{sid}/invites/", f"/api/channels/{channel}/events/?after_seq=0",
                 f"/api/messages/?channel_id={channel}"):
        r = bob.get(path)
        assert (r.status_code, r.json()) == (404, NOT_FOUND), (path, r.status_code, r.text)
    for method, path in (("POST", f"/api/channels/{channel}/messages/"),
                         ("POST", f"/api/servers/{sid}/invites/"),
                         ("PATCH", f"/api/servers/{sid}/")):
        r = bob.request(method, path, json={"content": "x"})
        assert r.status_code == 404, (method, path, r.status_code, r.text)
    # The original join route does not find it: an invite is the only way in.
    r = bob.post(f"/api/membership/{sid}/membership/")
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    assert alice.get(f"/api/servers/{sid}/members/").status_code == 200
    code = alice.post(f"/api/servers/{sid}/invites/", json={}).json()["code"]
    assert bob.post(f"/api/invites/{code}/").status_code == 200
    assert [m["content"] for m in bob.get(f"/api/channels/{channel}/messages/").json()] == \
        ["secret"]
    assert sid in listed_ids(bob.get)
    assert bob.post(f"/api/membership/{sid}/membership/").status_code == 409


def test_sockets_of_a_private_server_refuse_non_members(world):
    server, alice, bob, _ = world
    sid, channel = fresh(alice, "private")

    async def scenario():
        for path in (f"/ws/{sid}/{channel}", f"/{sid}/{channel}"):
            async with connect(server, path, bob.cookie) as ws:
                assert await close_code_of(ws, 3) == 4004, path
        async with gateway(server, bob.cookie) as g:
            ready = await ready_of(g)
            assert sid not in {s["id"] for s in ready["servers"]}
            await g.send(json.dumps({"type": "subscribe_members", "server_id": sid}))
            error = await first_frame(g, lambda f: f.get("type") == "error")
            assert error["code"] == "not_found", error
        async with connect(server, f"/ws/{sid}/{channel}", alice.cookie) as ws:
            await ws.send(json.dumps({"type": "message", "message": "owner here"}))
            frame = await first_frame(ws, lambda f: f.get("type") == "chat.message")
            assert frame["new_message"]["content"] == "owner here"

    run(scenario())


def test_visibility_is_patched_and_bad_values_change_nothing(world):
    server, alice, bob, _ = world
    sid, channel = fresh(alice, "public")
    for bad in ("secret", "", 1, None, True, ["private"], "PRIVATE"):
        r = alice.patch(f"/api/servers/{sid}/", json={"visibility": bad, "name": "Renamed"})
        assert r.status_code == 400 and "visibility" in r.json(), (bad, r.text)
        r = alice.post("/api/servers/", json={"name": "No", "category": "Gaming",
                                              "visibility": bad})
        assert r.status_code == 400 and "visibility" in r.json(), (bad, r.text)
    shown = alice.get("/api/server/select/", params={"by_serverid": sid}).json()[0]
    assert (shown["visibility"], shown["name"]) == ("public", shown["name"])
    assert not shown["name"] == "Renamed"
    assert bob.get(f"/api/channels/{channel}/messages/").status_code == 200
    r = alice.patch(f"/api/servers/{sid}/", json={"visibility": "private"})
    assert r.status_code == 200 and r.json()["visibility"] == "private"
    assert bob.get(f"/api/channels/{channel}/messages/").status_code == 404
    assert sid not in listed_ids(bob.get)
    r = alice.patch(f"/api/servers/{sid}/", json={"visibility": "public"})
    assert r.json()["visibility"] == "public"
    assert bob.get(f"/api/channels/{channel}/messages/").status_code == 200


def test_going_private_closes_non_member_readers_sockets_and_member_list_follows(world):
    server, alice, bob, carol = world
    sid, channel = fresh(alice, "public")
    assert carol.post(f"/api/membership/{sid}/membership/").status_code == 200

    async def scenario():
        async with connect(server, f"/ws/{sid}/{channel}", bob.cookie) as reader, \
                connect(server, f"/ws/{sid}/{channel}", carol.cookie) as member, \
                gateway(server, bob.cookie) as follower:
            await ready_of(follower)
            await follower.send(json.dumps({"type": "subscribe_members", "server_id": sid}))
            await asyncio.sleep(0.3)
            r = await asyncio.to_thread(alice.patch, f"/api/servers/{sid}/",
                                        json={"visibility": "private"})
            assert r.status_code == 200
            assert await close_code_of(reader, 3) == 4003
            # The member stays, and still gets the channel's messages.
            await asyncio.to_thread(alice.send, channel, "members only")
            frame = await first_frame(member, lambda f: f.get("type") == "chat.message")
            assert frame["new_message"]["content"] == "members only"
            # The follower no longer hears the member list: a join reaches only members now.
            code = (await asyncio.to_thread(alice.post, f"/api/servers/{sid}/invites/",
                                            json={})).json()["code"]
            dave = await asyncio.to_thread(Api, server, "dave")
            assert (await asyncio.to_thread(dave.post, f"/api/invites/{code}/")).status_code == 200
            try:
                while True:
                    frame = await recv_json(follower, 1.0)
                    assert frame.get("type") != "member.join", frame
            except (asyncio.TimeoutError, TimeoutError):
                pass

    run(scenario())
