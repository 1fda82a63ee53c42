"""SPEC §10 moderation: timeouts (MODERATE_MEMBERS, at most 28 days, 403 "timed_out" on sends
and reactions, the timed_out error frame on sockets), a ban's deletion of recent messages, and
the audit log (VIEW_AUDIT_LOG, written with each action, X-Audit-Log-Reason)."""
import asyncio
import datetime
import time
import urllib.parse

from realtime_helpers import connect, recv_json, recv_until, run, send_message
from v2_helpers import FORBIDDEN, gateway, gateway_send, ready_of
from v4_roles_helpers import give_role, make_role
from v4_roles_helpers import world  # noqa: F401 (the module fixture)

ADMINISTRATOR = 1 << 3
AUDIT = 1 << 7
MANAGE_MESSAGES = 1 << 13
MODERATE = 1 << 40


_count = iter(range(1, 1000))


def fresh(alice, *members):
    r = alice.post("/api/servers/", json={"name": f"Moderation {next(_count)}",
                                          "category": "Gaming"})
    sid = r.json()["id"]
    for member in members:
        assert member.post(f"/api/membership/{sid}/membership/").status_code == 200
    channel = alice.post(f"/api/servers/{sid}/channels/", json={"name": "c"}).json()["id"]
    return sid, channel


def iso(seconds_from_now):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_from_now)
    return t.isoformat().replace("+00:00", "Z")


def time_out(moderator, sid, user, until, **kwargs):
    return moderator.patch(f"/api/servers/{sid}/members/{user.id}/",
                           json={"timeout_until": until}, **kwargs)


def audit(user, sid, **params):
    r = user.get(f"/api/servers/{sid}/audit-log/", params=params)
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()


def answers(nonce):
    """The frame answering a socket send: its error, or the message it made."""
    return lambda f: f.get("nonce") == nonce or f.get("new_message", {}).get("nonce") == nonce


def member_entry(owner, sid, user):
    members = owner.get(f"/api/servers/{sid}/members/").json()
    return next(m for m in members if m["user"]["id"] == user.id)


# ------------------------------------------------------------------------------- timeouts

def test_a_timeout_needs_moderate_members_rank_and_a_valid_time(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    assert time_out(bob, sid, carol, iso(60)).json() == FORBIDDEN
    mods = make_role(alice, sid, "mods", MODERATE)
    give_role(alice, sid, bob, mods)
    give_role(alice, sid, carol, mods)
    assert time_out(bob, sid, carol, iso(60)).status_code == 403  # same rank
    assert time_out(bob, sid, alice, iso(60)).status_code == 403  # the owner
    assert time_out(alice, sid, dave, iso(60)).status_code == 404  # not a member
    for body in ({}, {"timeout_until": "tomorrow"}, {"timeout_until": 5},
                 {"timeout_until": "2026-02-30T10:00:00Z"},
                 {"timeout_until": iso(28 * 86400 + 3600)}):
        r = alice.patch(f"/api/servers/{sid}/members/{carol.id}/", json=body)
        assert r.status_code == 400 and "timeout_until" in r.json(), (body, r.text)
    assert member_entry(alice, sid, carol).get("timeout_until") is None
    assert alice.send(channel, "carol may still talk")["content"]
    carol.send(channel, "not timed out")


def test_a_timed_out_member_cannot_post_or_react_anywhere_until_lifted(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    message = alice.send(channel, "react to me")
    r = time_out(alice, sid, carol, iso(3600))
    assert r.status_code == 200, r.text
    assert r.json()["user_id"] == carol.id and r.json()["timeout_until"]
    assert member_entry(alice, sid, carol)["timeout_until"] == r.json()["timeout_until"]

    r = carol.post(f"/api/channels/{channel}/messages/", json={"content": "hello"})
    assert r.status_code == 403 and r.json()["code"] == "timed_out", r.text
    r = carol.react(channel, message["id"], "👍")
    assert r.status_code == 403 and r.json()["code"] == "timed_out", r.text
    assert carol.messages(channel)  # reading is still allowed

    async def sockets():
        async with connect(server, f"/ws/{sid}/{channel}", carol.cookie) as ws:
            await send_message(ws, "through the channel socket", nonce=1)
            error = await recv_json(ws)
            assert error["type"] == "error" and error["code"] == "timed_out", error
        async with gateway(server, carol.cookie) as gw:
            await ready_of(gw)
            await gateway_send(gw, channel, "through the gateway", nonce=2)
            frames = await recv_until(gw, lambda f: f.get("type") == "error")
            assert frames[-1]["code"] == "timed_out", frames[-1]
    run(sockets())

    # Leaving and rejoining does not lift it.
    assert carol.delete(f"/api/membership/{sid}/membership/remove_member/").status_code in (200, 204)
    assert carol.post(f"/api/membership/{sid}/membership/").status_code == 200
    r = carol.post(f"/api/channels/{channel}/messages/", json={"content": "again"})
    assert r.status_code == 403 and r.json()["code"] == "timed_out", r.text

    assert time_out(alice, sid, carol, None).json()["timeout_until"] is None
    assert member_entry(alice, sid, carol).get("timeout_until") is None
    carol.send(channel, "free again")
    assert carol.react(channel, message["id"], "👍").status_code == 204


def test_an_open_socket_follows_a_timeout_and_it_ends_by_itself(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)

    async def scenario():
        async with connect(server, f"/ws/{sid}/{channel}", carol.cookie) as ws:
            await asyncio.sleep(0.2)
            r = await asyncio.to_thread(time_out, alice, sid, carol, iso(2))
            assert r.status_code == 200
            await asyncio.sleep(0.3)
            await send_message(ws, "during", nonce=1)
            frames = await recv_until(ws, answers(1))
            assert frames[-1].get("code") == "timed_out", frames[-1]
            await asyncio.sleep(2.2)
            await send_message(ws, "after", nonce=2)
            frames = await recv_until(ws, answers(2))
            assert frames[-1]["type"] == "chat.message", frames[-1]
    run(scenario())
    # A time already past lifts a timeout like null.
    assert time_out(alice, sid, carol, iso(3600)).status_code == 200
    assert time_out(alice, sid, carol, iso(-60)).json()["timeout_until"] is None
    carol.send(channel, "lifted by a past time")


def test_owner_and_administrators_are_above_timeouts(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    admins = make_role(alice, sid, "admins", ADMINISTRATOR)
    give_role(alice, sid, bob, admins)
    assert time_out(alice, sid, bob, iso(60)).status_code == 403
    assert time_out(bob, sid, alice, iso(60)).status_code == 403
    bob.send(channel, "admins talk")


# --------------------------------------------------------------------------- ban purges

def test_a_ban_deletes_the_users_recent_messages_only(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    other = alice.post(f"/api/servers/{sid}/channels/", json={"name": "other"}).json()["id"]
    old = carol.send(channel, "said long ago")
    time.sleep(2.2)
    recent = [carol.send(channel, "spam 1"), carol.send(other, "spam 2")]
    kept = bob.send(channel, "bob stays")
    for seconds in (-1, 604801, "60"):
        r = alice.put(f"/api/servers/{sid}/bans/{carol.id}/",
                      json={"delete_message_seconds": seconds})
        assert r.status_code == 400 and "delete_message_seconds" in r.json(), r.text

    async def scenario():
        async with connect(server, f"/ws/{sid}/{channel}", bob.cookie) as watcher:
            await asyncio.sleep(0.2)
            r = await asyncio.to_thread(alice.put, f"/api/servers/{sid}/bans/{carol.id}/",
                                        json={"delete_message_seconds": 2})
            assert r.status_code == 204, r.text
            frames = await recv_until(watcher,
                                      lambda f: f.get("type") == "chat.message_delete")
            assert frames[-1]["id"] == recent[0]["id"], frames[-1]
    run(scenario())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        ids = [m["id"] for m in alice.messages(channel)] + [m["id"] for m in
                                                             alice.messages(other)]
        if recent[1]["id"] not in ids:
            break
        time.sleep(0.1)
    assert old["id"] in ids and kept["id"] in ids
    assert recent[0]["id"] not in ids and recent[1]["id"] not in ids
    entry = audit(alice, sid)[0]
    assert entry["action"] == "member.ban" and entry["target_id"] == carol.id
    assert entry["changes"] == {"delete_message_seconds": 2}


# ---------------------------------------------------------------------------- audit log

def test_the_audit_log_needs_view_audit_log_and_pages_newest_first(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)
    assert bob.get(f"/api/servers/{sid}/audit-log/").json() == FORBIDDEN
    assert dave.get(f"/api/servers/{sid}/audit-log/").status_code == 403  # a reader
    assert alice.get("/api/servers/999999/audit-log/").status_code == 404
    for limit in (0, 101, -1, "x"):
        assert alice.get(f"/api/servers/{sid}/audit-log/?limit={limit}").status_code == 400
    auditors = make_role(alice, sid, "auditors", AUDIT)
    give_role(alice, sid, bob, auditors)
    for n in range(5):
        alice.post(f"/api/servers/{sid}/channels/", json={"name": f"extra-{n}"})
    everything = audit(bob, sid)
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    first = audit(bob, sid, limit=2)
    assert first == everything[:2]
    assert audit(bob, sid, before=first[-1]["id"], limit=2) == everything[2:4]
    entry = everything[0]
    assert set(entry) == {"id", "action", "actor_id", "target_id", "reason", "changes",
                          "created_at"}
    assert entry["action"] == "channel.create" and entry["actor_id"] == alice.id
    assert entry["changes"]["name"] == [None, "extra-4"]
    assert entry["created_at"].endswith("Z")


def test_every_action_is_recorded_with_its_reason(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol, dave)
    reason = "räumen ✓ / 100%"
    why = {"X-Audit-Log-Reason": urllib.parse.quote(reason)}

    def last():
        return audit(alice, sid, limit=1)[0]

    def check(action, target=None, **changes):
        entry = last()
        assert entry["action"] == action, entry
        assert entry["actor_id"] == alice.id and entry["reason"] == reason, entry
        if target is not None:
            assert entry["target_id"] == target, entry
        for field, value in changes.items():
            assert entry["changes"][field] == value, entry
        return entry

    r = alice.patch(f"/api/servers/{sid}/",
                    json={"name": "Renamed"}, headers=why)
    assert r.status_code == 200, r.text
    check("server.update", sid)
    assert last()["changes"]["name"][1] == "Renamed"
    made = alice.post(f"/api/servers/{sid}/channels/", json={"name": "logged"}, headers=why)
    check("channel.create", made.json()["id"], name=[None, "logged"])
    assert alice.patch(f"/api/servers/{sid}/channels/{made.json()['id']}/",
                       json={"topic": "new"}, headers=why).status_code == 200
    check("channel.update", made.json()["id"], topic=["", "new"])
    assert alice.delete(f"/api/servers/{sid}/channels/{made.json()['id']}/",
                        headers=why).status_code == 204
    check("channel.delete", made.json()["id"], name=["logged", None])
    role = alice.post(f"/api/servers/{sid}/roles/", json={"name": "mods"}, headers=why).json()
    check("role.create", role["id"], name=[None, "mods"])
    assert alice.patch(f"/api/servers/{sid}/roles/{role['id']}/",
                       json={"permissions": str(MANAGE_MESSAGES)}, headers=why).status_code == 200
    check("role.update", role["id"], permissions=["0", str(MANAGE_MESSAGES)])
    assert alice.put(f"/api/servers/{sid}/members/{bob.id}/roles/{role['id']}/",
                     headers=why).status_code == 204
    check("member.role_add", bob.id, role_id=[None, role["id"]])
    assert alice.put(f"/api/channels/{channel}/permissions/{role['id']}/", headers=why,
                     json={"type": "role", "allow": "0", "deny": str(1 << 6)}).status_code == 204
    check("overwrite.update", channel, deny=[None, str(1 << 6)])
    assert alice.delete(f"/api/channels/{channel}/permissions/{role['id']}/",
                        headers=why).status_code == 204
    check("overwrite.delete", channel, deny=[str(1 << 6), None])
    assert alice.delete(f"/api/servers/{sid}/members/{bob.id}/roles/{role['id']}/",
                        headers=why).status_code == 204
    check("member.role_remove", bob.id, role_id=[role["id"], None])
    assert alice.delete(f"/api/servers/{sid}/roles/{role['id']}/", headers=why).status_code == 204
    check("role.delete", role["id"], name=["mods", None])

    message = carol.send(channel, "delete me")
    assert alice.delete(f"/api/channels/{channel}/messages/{message['id']}/",
                        headers=why).status_code == 204
    check("message.delete", carol.id, channel_id=channel, message_id=message["id"])
    own = alice.send(channel, "mine")
    before = last()["id"]
    assert alice.remove(channel, own["id"]).status_code == 204
    assert last()["id"] == before  # deleting one's own message is not moderation

    invite = alice.post(f"/api/servers/{sid}/invites/", json={"max_uses": 3}, headers=why).json()
    check("invite.create", code=[None, invite["code"]], max_uses=[None, 3])
    assert alice.delete(f"/api/servers/{sid}/invites/{invite['code']}/",
                        headers=why).status_code == 204
    check("invite.delete", code=[invite["code"], None])

    r = time_out(alice, sid, carol, iso(600), headers=why)
    entry = check("member.timeout", carol.id)
    assert entry["changes"]["timeout_until"] == [None, r.json()["timeout_until"]]
    assert time_out(alice, sid, carol, None, headers=why).status_code == 200
    assert check("member.timeout", carol.id)["changes"]["timeout_until"][1] is None
    assert alice.delete(f"/api/servers/{sid}/members/{carol.id}/", headers=why).status_code == 204
    check("member.kick", carol.id)
    assert alice.put(f"/api/servers/{sid}/bans/{dave.id}/", json={"reason": "spam"},
                     headers=why).status_code == 204
    check("member.ban", dave.id)
    assert alice.delete(f"/api/servers/{sid}/bans/{dave.id}/", headers=why).status_code == 204
    check("member.unban", dave.id)
    # Without the header, a ban's own reason is the log's.
    assert alice.put(f"/api/servers/{sid}/bans/{dave.id}/", json={"reason": "spam"}).status_code \
        == 204
    assert last()["reason"] == "spam"


def test_a_bad_reason_header_changes_nothing(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)
    count = len(audit(alice, sid, limit=100))
    for header in (urllib.parse.quote("x" * 513), "%E2%28%A1", "%zz", "%4"):
        r = alice.delete(f"/api/servers/{sid}/members/{bob.id}/",
                         headers={"X-Audit-Log-Reason": header})
        assert r.status_code == 400 and "X-Audit-Log-Reason" in r.json(), (header, r.text)
    assert bob.get(f"/api/membership/{sid}/membership/is_member/").json() == {"is_member": True}
    assert len(audit(alice, sid, limit=100)) == count
    r = alice.delete(f"/api/servers/{sid}/members/{bob.id}/",
                     headers={"X-Audit-Log-Reason": urllib.parse.quote("y" * 512)})
    assert r.status_code == 204
    assert audit(alice, sid, limit=1)[0]["reason"] == "y" * 512


def test_an_open_gateway_follows_a_timeout(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)

    async def scenario():
        async with gateway(server, carol.cookie) as gw:
            await ready_of(gw)
            r = await asyncio.to_thread(time_out, alice, sid, carol, iso(600))
            assert r.status_code == 200
            await asyncio.sleep(0.3)
            await gateway_send(gw, channel, "during", nonce="g-1")
            frames = await recv_until(gw, answers("g-1"))
            assert frames[-1].get("code") == "timed_out", frames[-1]
            r = await asyncio.to_thread(time_out, alice, sid, carol, None)
            await asyncio.sleep(0.3)
            await gateway_send(gw, channel, "after", nonce="g-2")
            frames = await recv_until(gw, answers("g-2"))
            assert frames[-1]["type"] == "chat.message", frames[-1]
    run(scenario())


def test_an_open_gateway_follows_a_lost_send_permission(world):
    """The same data decides a role change: losing SEND_MESSAGES holds on a gateway already open."""
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    SEND = 1 << 11

    async def scenario():
        async with gateway(server, carol.cookie) as gw:
            await ready_of(gw)
            r = await asyncio.to_thread(
                alice.put, f"/api/channels/{channel}/permissions/{carol.id}/",
                json={"type": "member", "allow": "0", "deny": str(SEND)})
            assert r.status_code == 204, r.text
            await asyncio.sleep(0.3)
            await gateway_send(gw, channel, "may I?", nonce="s-1")
            frames = await recv_until(gw, answers("s-1"))
            assert frames[-1].get("code") == "forbidden", frames[-1]
    run(scenario())
