"""SPEC §10 roles: the @everyone role, creating, editing, reordering and deleting roles, giving
them to members, and the guard rails (MANAGE_ROLES, only below one's highest role, only bits one
holds), with bad input answered by field errors and nothing changed."""
import pytest

from v2_helpers import FAST, FORBIDDEN, NOT_FOUND
from v4_roles_helpers import (ADMINISTRATOR, ALL, EVERYONE_DEFAULT, MANAGE_CHANNELS, MANAGE_GUILD,
                              MANAGE_ROLES, SEND, VIEW, Api, give_role, make_role, my_bits,
                              new_channel, server_by_name, take_role)


@pytest.fixture(scope="module")
def world(make_server_module):
    server = make_server_module
    alice, bob, carol, dave = (Api(server, n) for n in ("alice", "bob", "carol", "dave"))
    return server, alice, bob, carol, dave


@pytest.fixture(scope="module")
def make_server_module():
    import shutil
    import tempfile
    from conftest import ParleyServer, load_demo
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def fresh_server(owner, name):
    r = owner.post("/api/servers/", json={"name": name, "category": "Gaming"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def join(user, sid):
    assert user.post(f"/api/membership/{sid}/membership/").status_code == 200


def roles_of(user, sid):
    r = user.get(f"/api/servers/{sid}/roles/")
    assert r.status_code == 200, r.text
    return r.json()


def test_every_server_has_everyone_with_the_default_bits(world):
    server, alice, *_ = world
    sid = fresh_server(alice, "Roles One")
    roles = roles_of(alice, sid)
    assert roles == [{"id": sid, "name": "@everyone", "color": 0, "position": 0,
                      "permissions": str(EVERYONE_DEFAULT), "hoist": False,
                      "mentionable": False}]


def test_new_roles_go_just_above_everyone_and_reorder(world):
    server, alice, *_ = world
    sid = fresh_server(alice, "Roles Two")
    a = make_role(alice, sid, "a", VIEW, color=0xFF0000, hoist=True)
    assert (a["position"], a["permissions"], a["color"], a["hoist"]) == (1, str(VIEW), 0xFF0000,
                                                                         True)
    b = make_role(alice, sid, "b")
    c = make_role(alice, sid, "c")
    assert [(r["name"], r["position"]) for r in roles_of(alice, sid)] == [
        ("@everyone", 0), ("c", 1), ("b", 2), ("a", 3)]
    r = alice.patch(f"/api/servers/{sid}/roles/", json=[{"id": a["id"], "position": 1}])
    assert r.status_code == 200, r.text
    assert [x["name"] for x in r.json()] == ["@everyone", "a", "c", "b"]
    assert [x["name"] for x in roles_of(alice, sid)] == ["@everyone", "a", "c", "b"]
    assert alice.delete(f"/api/servers/{sid}/roles/{c['id']}/").status_code == 204
    assert [(x["name"], x["position"]) for x in roles_of(alice, sid)] == [
        ("@everyone", 0), ("a", 1), ("b", 2)]
    r = alice.patch(f"/api/servers/{sid}/roles/{b['id']}/",
                    json={"name": "bee", "permissions": str(SEND), "mentionable": True})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["permissions"], r.json()["mentionable"]) == (
        "bee", str(SEND), True)
    r = alice.patch(f"/api/servers/{sid}/roles/{sid}/", json={"permissions": str(VIEW)})
    assert r.status_code == 200 and r.json()["permissions"] == str(VIEW)


@pytest.mark.parametrize("body,field", [
    ({"permissions": "256"}, "permissions"),            # 1<<8 is not a listed bit
    ({"permissions": "-1"}, "permissions"),
    ({"permissions": -1}, "permissions"),
    ({"permissions": "18446744073709551616"}, "permissions"),
    ({"permissions": "1e3"}, "permissions"),
    ({"permissions": True}, "permissions"),
    ({"name": "x" * 101}, "name"),
    ({"name": ""}, "name"),
    ({"color": -1}, "color"),
    ({"color": 0x1000000}, "color"),
    ({"hoist": "yes"}, "hoist"),
    ({"mentionable": 1}, "mentionable"),
])
def test_bad_role_bodies_are_field_errors_and_change_nothing(world, body, field):
    server, alice, *_ = world
    sid = server_by_name(server, "Retro Arcade")["id"]
    before = roles_of(alice, sid)
    r = alice.post(f"/api/servers/{sid}/roles/", json={"name": "x", **body})
    assert r.status_code == 400 and field in r.json(), r.text
    if before[1:]:
        r = alice.patch(f"/api/servers/{sid}/roles/{before[1]['id']}/", json=body)
        assert r.status_code == 400 and field in r.json(), r.text
    assert roles_of(alice, sid) == before


@pytest.mark.parametrize("body", [
    [], {"id": 1}, [{"id": 1}], [{"position": 1}], [{"id": "1", "position": 1}],
])
def test_bad_reorders_are_errors(world, body):
    server, alice, *_ = world
    sid = fresh_server(alice, "Roles Bad Order")
    make_role(alice, sid, "only")
    before = roles_of(alice, sid)
    assert alice.patch(f"/api/servers/{sid}/roles/", json=body).status_code == 400
    assert roles_of(alice, sid) == before


def test_reorder_positions_out_of_range_everyone_and_foreign_roles_are_refused(world):
    server, alice, bob, *_ = world
    sid = fresh_server(alice, "Roles Range")
    a = make_role(alice, sid, "a")
    make_role(alice, sid, "b")
    other = fresh_server(alice, "Roles Range Other")
    foreign = make_role(alice, other, "foreign")
    before = roles_of(alice, sid)
    for body in ([{"id": a["id"], "position": 0}], [{"id": a["id"], "position": 3}],
                 [{"id": a["id"], "position": -5}], [{"id": sid, "position": 1}],
                 [{"id": foreign["id"], "position": 1}]):
        r = alice.patch(f"/api/servers/{sid}/roles/", json=body)
        assert r.status_code == 400, (body, r.text)
    assert roles_of(alice, sid) == before
    assert alice.delete(f"/api/servers/{sid}/roles/{foreign['id']}/").status_code == 404
    assert alice.delete(f"/api/servers/{sid}/roles/{sid}/").status_code == 400
    r = alice.put(f"/api/servers/{sid}/members/{alice.id}/roles/{foreign['id']}/")
    assert r.status_code == 404
    r = alice.put(f"/api/servers/{sid}/members/{bob.id}/roles/{a['id']}/")  # not a member
    assert r.status_code == 404
    r = alice.put(f"/api/servers/{sid}/members/{alice.id}/roles/{sid}/")
    assert r.status_code == 400


def test_without_manage_roles_nothing_is_allowed(world):
    server, alice, bob, *_ = world
    sid = fresh_server(alice, "Roles Forbidden")
    join(bob, sid)
    role = make_role(alice, sid, "r")
    for r in (bob.post(f"/api/servers/{sid}/roles/", json={"name": "mine"}),
              bob.patch(f"/api/servers/{sid}/roles/{role['id']}/", json={"name": "x"}),
              bob.delete(f"/api/servers/{sid}/roles/{role['id']}/"),
              bob.patch(f"/api/servers/{sid}/roles/", json=[{"id": role["id"], "position": 1}]),
              bob.put(f"/api/servers/{sid}/members/{bob.id}/roles/{role['id']}/")):
        assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert [x["name"] for x in roles_of(alice, sid)] == ["@everyone", "r"]


def test_guard_rails_no_escalation_and_only_below_ones_highest_role(world):
    server, alice, bob, carol, _ = world
    sid = fresh_server(alice, "Roles Rails")
    join(bob, sid)
    join(carol, sid)
    top = make_role(alice, sid, "top", MANAGE_ROLES | ADMINISTRATOR)
    mods = make_role(alice, sid, "mods", MANAGE_ROLES | VIEW | SEND)
    low = make_role(alice, sid, "low")
    # positions: low 1, mods 2, top 3
    give_role(alice, sid, bob, mods)
    # bob may create roles and manage those below him, with bits he holds only.
    assert bob.post(f"/api/servers/{sid}/roles/", json={"name": "admin!",
                                                         "permissions": str(ADMINISTRATOR)}
                    ).status_code == 403
    assert bob.post(f"/api/servers/{sid}/roles/", json={"name": "guild",
                                                         "permissions": str(MANAGE_GUILD)}
                    ).status_code == 403
    helper = bob.post(f"/api/servers/{sid}/roles/", json={"name": "helper",
                                                           "permissions": str(VIEW)})
    assert helper.status_code == 201
    assert bob.patch(f"/api/servers/{sid}/roles/{low['id']}/",
                     json={"permissions": str(SEND)}).status_code == 200
    assert bob.patch(f"/api/servers/{sid}/roles/{low['id']}/",
                     json={"permissions": str(MANAGE_CHANNELS)}).status_code == 403
    # Not his own role, not above it.
    assert bob.patch(f"/api/servers/{sid}/roles/{mods['id']}/",
                     json={"permissions": str(MANAGE_ROLES | VIEW | SEND | MANAGE_GUILD)}
                     ).status_code == 403
    assert bob.patch(f"/api/servers/{sid}/roles/{mods['id']}/", json={"name": "x"}
                     ).status_code == 403
    assert bob.delete(f"/api/servers/{sid}/roles/{top['id']}/").status_code == 403
    assert bob.put(f"/api/servers/{sid}/members/{bob.id}/roles/{top['id']}/").status_code == 403
    assert bob.put(f"/api/servers/{sid}/members/{carol.id}/roles/{mods['id']}/"
                   ).status_code == 403
    assert bob.patch(f"/api/servers/{sid}/roles/",
                     json=[{"id": low["id"], "position": 4}]).status_code == 403
    # Below him: allowed.
    assert bob.put(f"/api/servers/{sid}/members/{carol.id}/roles/{low['id']}/"
                   ).status_code == 204
    assert bob.delete(f"/api/servers/{sid}/members/{carol.id}/roles/{low['id']}/"
                      ).status_code == 204
    names = {r["name"]: r["permissions"] for r in roles_of(alice, sid)}
    assert names["mods"] == str(MANAGE_ROLES | VIEW | SEND) and names["low"] == str(SEND)
    # The owner is never reduced, whatever @everyone holds.
    assert alice.patch(f"/api/servers/{sid}/roles/{sid}/",
                       json={"permissions": "0"}).status_code == 200
    channel = alice.post(f"/api/servers/{sid}/channels/", json={"name": "c"}).json()["id"]
    assert my_bits(alice, channel) == ALL
    assert my_bits(carol, channel) == 404  # @everyone without VIEW_CHANNEL sees nothing


def test_manage_guild_and_manage_channels_replace_ownership(world):
    server, alice, bob, *_ = world
    sid = fresh_server(alice, "Roles Manage")
    join(bob, sid)
    assert bob.patch(f"/api/servers/{sid}/", json={"description": "x"}).status_code == 403
    assert bob.post(f"/api/servers/{sid}/channels/", json={"name": "b"}).status_code == 403
    manager = make_role(alice, sid, "manager", MANAGE_GUILD | MANAGE_CHANNELS)
    give_role(alice, sid, bob, manager)
    assert bob.patch(f"/api/servers/{sid}/", json={"description": "by bob"}).status_code == 200
    created = bob.post(f"/api/servers/{sid}/channels/", json={"name": "b"})
    assert created.status_code == 201
    cid = created.json()["id"]
    assert bob.patch(f"/api/servers/{sid}/channels/{cid}/", json={"topic": "t"}).status_code == 200
    assert bob.delete(f"/api/servers/{sid}/").status_code == 403  # deleting stays the owner's
    take_role(alice, sid, bob, manager)
    assert bob.patch(f"/api/servers/{sid}/", json={"description": "again"}).status_code == 403
    assert bob.delete(f"/api/servers/{sid}/channels/{cid}/").status_code == 403
    r = alice.delete(f"/api/servers/{sid}/roles/{manager['id']}/")
    assert r.status_code == 204
    assert bob.get(f"/api/servers/{sid}/roles/{manager['id']}/").status_code in (404, 405)


def test_unknown_servers_and_roles_are_not_found(world):
    server, alice, *_ = world
    assert alice.get("/api/servers/999999/roles/").json() == NOT_FOUND
    sid = fresh_server(alice, "Roles Missing")
    assert alice.patch(f"/api/servers/{sid}/roles/12345/", json={"name": "x"}).status_code == 404
    assert alice.delete(f"/api/servers/{sid}/roles/12345/").status_code == 404


def test_kick_needs_kick_members_and_rank_and_spares_the_owner(world):
    server, alice, bob, carol, dave = world
    from v4_roles_helpers import ADMINISTRATOR
    sid = fresh_server(alice, "Roles Kick")
    for user in (bob, carol, dave):
        join(user, sid)
    kickers = make_role(alice, sid, "kickers", 1 << 1)
    give_role(alice, sid, bob, kickers)
    assert carol.delete(f"/api/servers/{sid}/members/{dave.id}/").json() == FORBIDDEN
    assert bob.delete(f"/api/servers/{sid}/members/{alice.id}/").status_code == 403
    give_role(alice, sid, carol, kickers)  # same rank as bob: neither kicks the other
    assert bob.delete(f"/api/servers/{sid}/members/{carol.id}/").status_code == 403
    admins = make_role(alice, sid, "admins", ADMINISTRATOR)
    give_role(alice, sid, carol, admins)
    # New roles go just above @everyone: admins moves above kickers to outrank bob.
    assert alice.patch(f"/api/servers/{sid}/roles/",
                       json=[{"id": admins["id"], "position": 2}]).status_code == 200
    assert carol.delete(f"/api/servers/{sid}/members/{alice.id}/").status_code == 403
    assert bob.delete(f"/api/servers/{sid}/members/{dave.id}/").status_code == 204
    assert bob.delete(f"/api/servers/{sid}/members/{dave.id}/").status_code == 404
    r = dave.get(f"/api/membership/{sid}/membership/is_member/")
    assert r.json() == {"is_member": False}
    assert carol.delete(f"/api/servers/{sid}/members/{bob.id}/").status_code == 204
    # The roles went with the membership: rejoining starts from @everyone.
    join(bob, sid)
    assert bob.delete(f"/api/servers/{sid}/members/{carol.id}/").status_code == 403


def test_the_member_list_shows_each_members_roles(world):
    server, alice, bob, *_ = world
    sid = fresh_server(alice, "Roles Listed")
    join(bob, sid)
    a = make_role(alice, sid, "a")
    b = make_role(alice, sid, "b")
    give_role(alice, sid, bob, a)
    give_role(alice, sid, bob, b)
    members = {m["user"]["id"]: m["roles"] for m in alice.get(f"/api/servers/{sid}/members/").json()}
    assert members[alice.id] == [] and sorted(members[bob.id]) == sorted([a["id"], b["id"]])
    take_role(alice, sid, bob, a)
    members = {m["user"]["id"]: m["roles"] for m in alice.get(f"/api/servers/{sid}/members/").json()}
    assert members[bob.id] == [b["id"]]


def test_role_changes_reach_open_gateways_as_frames(world):
    """role.create / role.update / role.delete and member.update (SPEC §6, §10) reach the
    server's members' gateways and a non-member following its member list, in order, so a
    member list regroups without reading the roles again."""
    import asyncio
    import json

    from realtime_helpers import recv_json, run
    from v2_helpers import first_frame, gateway, ready_of

    server, alice, bob, carol, _ = world
    sid = fresh_server(alice, "Role frames")
    join(bob, sid)
    kinds = ("role.create", "role.update", "role.delete", "member.update")

    async def scenario():
        async with gateway(server, bob.cookie) as member, \
                gateway(server, carol.cookie) as outsider:
            await ready_of(member)
            await ready_of(outsider)
            # carol is not a member: she follows the (public) server's member list.
            await outsider.send(json.dumps({"type": "subscribe_members", "server_id": sid}))
            await asyncio.sleep(0.3)
            loop = asyncio.get_running_loop()
            role = await loop.run_in_executor(
                None, lambda: make_role(alice, sid, "Mods", hoist=True))
            await loop.run_in_executor(None, lambda: give_role(alice, sid, bob, role))
            r = await loop.run_in_executor(None, lambda: alice.patch(
                f"/api/servers/{sid}/roles/{role['id']}/", json={"name": "Moderators"}))
            assert r.status_code == 200, r.text
            await loop.run_in_executor(None, lambda: take_role(alice, sid, bob, role))
            r = await loop.run_in_executor(
                None, lambda: alice.delete(f"/api/servers/{sid}/roles/{role['id']}/"))
            assert r.status_code == 204, r.text
            seen = {}
            for name, ws in (("member", member), ("outsider", outsider)):
                frames = []
                while len(frames) < 5:
                    frame = await first_frame(ws, lambda f: f.get("type") in kinds)
                    frames.append(frame)
                seen[name] = frames
            # Nothing more of that kind, once the burst is over.
            for ws in (member, outsider):
                try:
                    frame = await recv_json(ws, 0.5)
                    assert frame.get("type") not in kinds, frame
                except asyncio.TimeoutError:
                    pass
            return role, seen

    role, seen = run(scenario())
    for frames in seen.values():
        assert [f["type"] for f in frames] == [
            "role.create", "member.update", "role.update", "member.update", "role.delete"]
        assert all(f["server_id"] == sid for f in frames)
        created, given, renamed, taken, deleted = frames
        assert created["role"]["name"] == "Mods" and created["role"]["hoist"] is True
        assert created["role"]["id"] == role["id"] and created["role"]["position"] == 1
        assert given == {"type": "member.update", "server_id": sid, "user_id": bob.id,
                         "roles": [role["id"]]}
        assert renamed["role"]["name"] == "Moderators"
        assert taken["roles"] == []
        assert deleted == {"type": "role.delete", "server_id": sid, "role_id": role["id"]}


def test_a_reorder_sends_role_update_for_each_role_that_moved(world):
    import asyncio

    from realtime_helpers import run
    from v2_helpers import first_frame, gateway, ready_of

    server, alice, bob, _, _ = world
    sid = fresh_server(alice, "Role order frames")
    join(bob, sid)
    low, _mid, _high = (make_role(alice, sid, n) for n in ("low", "mid", "high"))
    positions = {r["id"]: r["position"] for r in roles_of(alice, sid)}

    async def scenario():
        async with gateway(server, bob.cookie) as ws:
            await ready_of(ws)
            loop = asyncio.get_running_loop()
            r = await loop.run_in_executor(None, lambda: alice.patch(
                f"/api/servers/{sid}/roles/", json=[{"id": low["id"], "position": 1}]))
            assert r.status_code == 200, r.text
            after = {x["id"]: x["position"] for x in r.json()}
            moved = {i for i in after if after[i] != positions[i]}
            frames = [await first_frame(ws, lambda f: f.get("type") == "role.update")
                      for _ in moved]
            return moved, after, frames

    moved, after, frames = run(scenario())
    assert moved and {f["role"]["id"] for f in frames} == moved
    assert all(f["role"]["position"] == after[f["role"]["id"]] for f in frames)
