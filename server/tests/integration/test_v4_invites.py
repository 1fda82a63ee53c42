"""SPEC §10 invites: CREATE_INSTANT_INVITE creates (201, a random URL-safe code of at least 8
characters), anyone previews without logging in, a logged-in user joins (200, 409 when already
a member, 403 when banned); expired, used-up, revoked and unknown codes are 404; uses are
counted atomically (100 racing joins of a 10-use invite: exactly 10 get in); the creator or
MANAGE_GUILD revokes; bad input is a 400 with field errors that changes nothing."""
import asyncio
import re
import shutil
import tempfile
import threading
import time
from datetime import datetime, timezone

import pytest
import requests

from realtime_helpers import run
from v2_helpers import FAST, FORBIDDEN, NOT_FOUND, first_frame, gateway, ready_of
from v4_roles_helpers import EVERYONE_DEFAULT, INVITE, MANAGE_GUILD, Api, give_role, make_role

INVITE_KEYS = {"code", "server_id", "inviter_id", "uses", "max_uses", "expires_at"}


@pytest.fixture(scope="module")
def world():
    from conftest import ParleyServer, load_demo
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST,
                                     "--register-per-minute", "0"]).start()
    users = [Api(server, n) for n in ("alice", "bob", "carol", "dave")]
    yield (server, *users)
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


_count = iter(range(1, 100000))


def fresh(owner, visibility="public"):
    r = owner.post("/api/servers/", json={"name": f"Invites {next(_count)}", "category": "Gaming",
                                          "visibility": visibility})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    channel = owner.post(f"/api/servers/{sid}/channels/", json={"name": "c"}).json()["id"]
    return sid, channel


def invite(user, sid, **body):
    r = user.post(f"/api/servers/{sid}/invites/", json=body)
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()


def preview(server, code):
    return requests.get(server.url(f"/api/invites/{code}/"), timeout=10)


def join(user, code):
    return user.post(f"/api/invites/{code}/")


def parse_ts(text):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", text), text
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def listed_codes(user, sid):
    r = user.get(f"/api/servers/{sid}/invites/")
    assert r.status_code == 200, (r.status_code, r.text)
    return [i["code"] for i in r.json()]


def test_an_invite_is_created_with_the_defaults_and_a_random_code(world):
    server, alice, *_ = world
    sid, _ = fresh(alice)
    before = datetime.now(timezone.utc)
    made = invite(alice, sid)
    assert INVITE_KEYS <= set(made)
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,}", made["code"]), made
    assert (made["server_id"], made["inviter_id"], made["uses"], made["max_uses"]) == \
        (sid, alice.id, 0, 0)
    lifetime = (parse_ts(made["expires_at"]) - before).total_seconds()
    assert 86390 < lifetime < 86410, lifetime
    forever = invite(alice, sid, max_age=0, max_uses=5)
    assert forever["expires_at"] is None and forever["max_uses"] == 5
    # No body at all is the defaults too.
    r = alice.post(f"/api/servers/{sid}/invites/")
    assert r.status_code == 201 and r.json()["max_uses"] == 0
    codes = {made["code"], forever["code"], r.json()["code"]}
    assert len(codes) == 3
    assert set(listed_codes(alice, sid)) == codes


def test_a_preview_needs_no_login_and_shows_the_server(world):
    server, alice, bob, *_ = world
    sid, _ = fresh(alice, "private")
    code = invite(alice, sid)["code"]
    r = preview(server, code)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == code
    assert body["server"]["id"] == sid and body["server"]["name"].startswith("Invites ")
    assert body["server"]["icon"] is None and body["server"]["num_members"] == 1


def test_joining_through_an_invite_then_409_when_already_a_member(world):
    server, alice, bob, *_ = world
    sid, channel = fresh(alice)
    code = invite(alice, sid, max_uses=5)["code"]
    r = join(bob, code)
    assert r.status_code == 200, r.text
    assert r.json()["server"]["id"] == sid and r.json()["server"]["num_members"] == 2
    assert bob.get(f"/api/membership/{sid}/membership/is_member/").json() == {"is_member": True}
    again = join(bob, code)
    assert (again.status_code, again.json()) == (409, {"error": "User is already a member"})
    owner_again = join(alice, code)
    assert owner_again.status_code == 409
    [listed] = alice.get(f"/api/servers/{sid}/invites/").json()
    assert listed["uses"] == 1  # a 409 uses nothing
    assert bob.post(f"/api/channels/{channel}/messages/", json={"content": "hi"}).status_code == 201


def test_joining_needs_a_login(world):
    server, alice, *_ = world
    sid, _ = fresh(alice)
    code = invite(alice, sid)["code"]
    r = requests.post(server.url(f"/api/invites/{code}/"), timeout=10)
    assert r.status_code == 401


def test_expired_invites_are_not_found(world):
    server, alice, bob, *_ = world
    sid, _ = fresh(alice)
    code = invite(alice, sid, max_age=1)["code"]
    assert preview(server, code).status_code == 200
    time.sleep(1.2)
    r = preview(server, code)
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    assert join(bob, code).status_code == 404
    assert code not in listed_codes(alice, sid)
    assert bob.get(f"/api/membership/{sid}/membership/is_member/").json() == {"is_member": False}


def test_used_up_invites_are_not_found(world):
    server, alice, bob, carol, _ = world
    sid, _ = fresh(alice)
    code = invite(alice, sid, max_uses=1)["code"]
    assert join(bob, code).status_code == 200
    assert join(carol, code).status_code == 404
    assert preview(server, code).status_code == 404
    assert carol.get(f"/api/membership/{sid}/membership/is_member/").json() == {"is_member": False}


def test_revoked_and_unknown_invites_are_not_found(world):
    server, alice, bob, *_ = world
    sid, _ = fresh(alice)
    code = invite(alice, sid)["code"]
    assert alice.delete(f"/api/servers/{sid}/invites/{code}/").status_code == 204
    assert preview(server, code).status_code == 404
    assert join(bob, code).status_code == 404
    assert alice.delete(f"/api/servers/{sid}/invites/{code}/").status_code == 404
    for unknown in ("NoSuchCode", "x" * 33, "bad%20code", "%00", "a.b"):
        assert preview(server, unknown).status_code == 404, unknown
        assert join(bob, unknown).status_code == 404, unknown
    # A code of another server is not this server's to revoke.
    other, _ = fresh(alice)
    elsewhere = invite(alice, other)["code"]
    assert alice.delete(f"/api/servers/{sid}/invites/{elsewhere}/").status_code == 404
    assert preview(server, elsewhere).status_code == 200


def test_a_banned_user_cannot_use_an_invite(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, "private")
    code = invite(alice, sid)["code"]
    assert join(dave, code).status_code == 200
    assert alice.put(f"/api/servers/{sid}/bans/{dave.id}/", json={}).status_code == 204
    r = join(dave, code)
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    [listed] = alice.get(f"/api/servers/{sid}/invites/").json()
    assert listed["uses"] == 1
    assert dave.get(f"/api/channels/{channel}/messages/").status_code == 404


def test_bad_input_is_refused_with_field_errors_and_changes_nothing(world):
    server, alice, *_ = world
    sid, _ = fresh(alice)
    path = f"/api/servers/{sid}/invites/"
    for body, field in [({"max_age": -1}, "max_age"), ({"max_age": 604801}, "max_age"),
                        ({"max_age": "60"}, "max_age"), ({"max_age": 1.5}, "max_age"),
                        ({"max_age": True}, "max_age"), ({"max_age": None}, "max_age"),
                        ({"max_age": 10 ** 30}, "max_age"), ({"max_uses": -1}, "max_uses"),
                        ({"max_uses": 101}, "max_uses"), ({"max_uses": "x"}, "max_uses"),
                        ({"max_uses": []}, "max_uses")]:
        r = alice.post(path, json=body)
        assert r.status_code == 400 and field in r.json(), (body, r.status_code, r.text)
    for raw in ("[]", '"x"', "{", "null"):
        r = alice.post(path, data=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (raw, r.text)
    assert listed_codes(alice, sid) == []
    both = alice.post(path, json={"max_age": -5, "max_uses": 1000})
    assert both.status_code == 400 and {"max_age", "max_uses"} <= set(both.json())
    edge = invite(alice, sid, max_age=604800, max_uses=100)
    assert edge["max_uses"] == 100
    assert alice.post(f"/api/servers/999999/invites/", json={}).status_code == 404


def test_who_may_create_list_and_revoke(world):
    server, alice, bob, carol, dave = world
    sid, _ = fresh(alice)
    for user in (bob, carol):
        assert user.post(f"/api/membership/{sid}/membership/").status_code == 200
    # dave is not a member: no invites from him, not even a look at the list.
    assert dave.post(f"/api/servers/{sid}/invites/", json={}).json() == FORBIDDEN
    assert dave.get(f"/api/servers/{sid}/invites/").status_code == 403
    owners = invite(alice, sid)["code"]
    bobs = invite(bob, sid)["code"]
    carols = invite(carol, sid)["code"]
    # Members who may invite see their own; MANAGE_GUILD (here the owner) sees all.
    assert listed_codes(bob, sid) == [bobs]
    assert set(listed_codes(alice, sid)) == {owners, bobs, carols}
    # Only its creator or MANAGE_GUILD revokes.
    assert bob.delete(f"/api/servers/{sid}/invites/{carols}/").json() == FORBIDDEN
    assert bob.delete(f"/api/servers/{sid}/invites/{owners}/").status_code == 403
    assert dave.delete(f"/api/servers/{sid}/invites/{bobs}/").status_code == 403
    assert bob.delete(f"/api/servers/{sid}/invites/{bobs}/").status_code == 204
    manager = make_role(alice, sid, "managers", MANAGE_GUILD)
    give_role(alice, sid, carol, manager)
    assert carol.delete(f"/api/servers/{sid}/invites/{owners}/").status_code == 204
    assert set(listed_codes(carol, sid)) == {carols}
    # Without CREATE_INSTANT_INVITE on @everyone, plain members may neither create nor list.
    r = alice.patch(f"/api/servers/{sid}/roles/{sid}/",
                    json={"permissions": str(EVERYONE_DEFAULT & ~INVITE)})
    assert r.status_code == 200, r.text
    assert bob.post(f"/api/servers/{sid}/invites/", json={}).json() == FORBIDDEN
    assert bob.get(f"/api/servers/{sid}/invites/").status_code == 403
    assert carol.post(f"/api/servers/{sid}/invites/", json={}).status_code == 403  # no bit
    assert carol.get(f"/api/servers/{sid}/invites/").status_code == 200  # MANAGE_GUILD


def test_a_join_through_an_invite_tells_open_gateways(world):
    server, alice, bob, carol, _ = world
    sid, channel = fresh(alice, "private")
    code = invite(alice, sid)["code"]

    async def scenario():
        async with gateway(server, alice.cookie) as owner_ws, \
                gateway(server, carol.cookie) as joiner_ws:
            await ready_of(owner_ws)
            ready = await ready_of(joiner_ws)
            assert sid not in {s["id"] for s in ready["servers"]}
            r = await asyncio.to_thread(join, carol, code)
            assert r.status_code == 200
            owner_saw = await first_frame(owner_ws, lambda f: f["type"] == "member.join")
            joiner_saw = await first_frame(joiner_ws, lambda f: f["type"] == "member.join")
            await asyncio.to_thread(alice.send, channel, "welcome")
            message = await first_frame(joiner_ws, lambda f: f["type"] == "chat.message")
            return owner_saw, joiner_saw, message

    owner_saw, joiner_saw, message = run(scenario())
    assert owner_saw["server_id"] == sid and owner_saw["user"]["id"] == carol.id
    assert joiner_saw["server"]["id"] == sid
    assert channel in [c["id"] for c in joiner_saw["server"]["channels"]]
    assert message["new_message"]["content"] == "welcome"


def register_and_login(server, name):
    password = "race-pass-" + name
    r = requests.post(server.url("/api/register/"), json={"username": name, "password": password},
                      timeout=30)
    assert r.status_code == 201, r.text
    return Api(server, name, password)


def test_racing_joins_never_exceed_max_uses(world):
    server, alice, *_ = world
    sid, _ = fresh(alice)
    code = invite(alice, sid, max_uses=10)["code"]
    stamp = next(_count)
    users = [None] * 100

    def make(i):
        users[i] = register_and_login(server, f"racer{stamp}_{i}")

    makers = [threading.Thread(target=make, args=(i,)) for i in range(100)]
    for t in makers:
        t.start()
    for t in makers:
        t.join()
    assert all(users)

    gate = threading.Barrier(100)
    statuses = [None] * 100

    def race(i):
        gate.wait()
        statuses[i] = users[i].post(f"/api/invites/{code}/").status_code

    racers = [threading.Thread(target=race, args=(i,)) for i in range(100)]
    for t in racers:
        t.start()
    for t in racers:
        t.join()
    assert sorted(statuses) == [200] * 10 + [404] * 90, statuses
    winners = {users[i].id for i in range(100) if statuses[i] == 200}
    members = alice.get(f"/api/servers/{sid}/members/?limit=1000").json()
    assert {m["user"]["id"] for m in members} == winners | {alice.id}
    assert preview(server, code).status_code == 404  # used up
