"""SPEC §10 channel overwrites: a channel hidden from @everyone is absent from every list,
frame, history, events route and count for those who may not view it; losing VIEW_CHANNEL
while connected removes it from the gateway and closes a channel socket with 4003 within a
second; MANAGE_MESSAGES, MENTION_EVERYONE and the owner's standing follow the roles."""
import asyncio
import json
import time

import requests

from realtime_helpers import close_code_of, connect, recv_json, run
from v2_helpers import (FORBIDDEN, NOT_FOUND, first_frame, gateway, no_frame_matching,
                        ready_of)
from v4_roles_helpers import (ALL, MANAGE_MESSAGES, MENTION_EVERYONE, SEND, VIEW, give_role,
                              make_role, my_bits, overwrite, take_role)
from v4_roles_helpers import world  # noqa: F401 (the module fixture)


_count = iter(range(1, 1000))


def fresh(alice, *members):
    """A server of alice's with one channel, the members joined: (sid, channel)."""
    r = alice.post("/api/servers/", json={"name": f"Hidden {next(_count)}", "category": "Gaming"})
    sid = r.json()["id"]
    for member in members:
        assert member.post(f"/api/membership/{sid}/membership/").status_code == 200
    channel = alice.post(f"/api/servers/{sid}/channels/", json={"name": "secret"}).json()["id"]
    return sid, channel


def listed_channels(user, sid):
    r = user.session.get(user.server.url(f"/api/server/select/?by_serverid={sid}"))
    return [c["id"] for c in r.json()[0]["channel_server"]]


def test_a_hidden_channel_is_not_found_everywhere(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)
    message = alice.send(channel, "for the eyes of the few")["id"]
    assert my_bits(bob, channel) & VIEW
    overwrite(alice, channel, sid, deny=VIEW)
    for user in (bob, dave):  # a member, and a logged-in reader of the public server
        assert my_bits(user, channel) == 404
        for path in (f"/api/channels/{channel}/messages/", f"/api/channels/{channel}/events/",
                     f"/api/messages/?channel_id={channel}",
                     f"/api/channels/{channel}/permissions/@me/"):
            r = user.get(path)
            assert (r.status_code, r.json()) == (404, NOT_FOUND), (user.username, path)
        r = user.post(f"/api/channels/{channel}/messages/", json={"content": "hi"})
        assert r.status_code == 404
        r = user.put(f"/api/channels/{channel}/messages/{message}/reactions/%F0%9F%91%8D/@me/")
        assert r.status_code == 404
        r = user.post(f"/api/channels/{channel}/ack/", json={"message_id": message})
        assert r.status_code == 404
        assert channel not in listed_channels(user, sid)
    anonymous = requests.get(server.url(f"/api/server/select/?by_serverid={sid}")).json()
    assert channel not in [c["id"] for c in anonymous[0]["channel_server"]]
    # The owner keeps everything; a role overwrite gives it back to bob only.
    assert my_bits(alice, channel) == ALL
    assert channel in listed_channels(alice, sid)
    role = make_role(alice, sid, "few")
    overwrite(alice, channel, role["id"], allow=VIEW)
    give_role(alice, sid, bob, role)
    assert my_bits(bob, channel) & VIEW
    assert [m["id"] for m in bob.messages(channel)] == [message]
    assert my_bits(dave, channel) == 404
    # A member overwrite beats the role's allow.
    overwrite(alice, channel, bob.id, kind="member", deny=VIEW)
    assert my_bits(bob, channel) == 404
    assert alice.delete(f"/api/channels/{channel}/permissions/{bob.id}/").status_code == 204
    assert my_bits(bob, channel) & VIEW


def test_overwrite_bodies_and_targets_are_checked(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)
    other_sid, _ = fresh(alice)
    foreign = make_role(alice, other_sid, "elsewhere")
    path = f"/api/channels/{channel}/permissions/"
    for target, body, field in (
            (sid, {"type": "group", "allow": "0"}, "type"),
            (sid, {"allow": "0"}, "type"),
            (sid, {"type": "role", "allow": "256"}, "allow"),
            (sid, {"type": "role", "deny": "-1"}, "deny"),
            (sid, {"type": "role", "allow": "1024", "deny": "1024"}, "deny"),
            (foreign["id"], {"type": "role", "deny": "1024"}, "id"),
            (dave.id, {"type": "member", "deny": "1024"}, "id")):
        r = alice.put(f"{path}{target}/", json=body)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert alice.get(path).json() == []
    r = bob.put(f"{path}{sid}/", json={"type": "role", "deny": str(VIEW)})
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert alice.get(f"{path}{sid}/").status_code == 404
    overwrite(alice, channel, sid, allow=MENTION_EVERYONE)
    assert alice.get(f"{path}{sid}/").json() == {"id": sid, "type": "role",
                                                 "allow": str(MENTION_EVERYONE), "deny": "0"}


def test_overwrites_only_with_bits_one_holds(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    from v4_roles_helpers import MANAGE_ROLES
    managers = make_role(alice, sid, "managers", MANAGE_ROLES)
    give_role(alice, sid, bob, managers)
    path = f"/api/channels/{channel}/permissions/{carol.id}/"
    assert bob.put(path, json={"type": "member", "deny": str(SEND)}).status_code == 204
    r = bob.put(path, json={"type": "member", "allow": str(MANAGE_MESSAGES)})
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    # bob cannot grant himself what he lacks through his own overwrite either.
    r = bob.put(f"/api/channels/{channel}/permissions/{bob.id}/",
                json={"type": "member", "allow": str(MANAGE_MESSAGES | MENTION_EVERYONE)})
    assert r.status_code == 403
    assert my_bits(carol, channel) & SEND == 0
    assert not my_bits(bob, channel) & MANAGE_MESSAGES


def test_manage_messages_and_mention_everyone_follow_roles_mid_session(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    carols = carol.send(channel, "delete me if you can")["id"]
    assert bob.remove(channel, carols).status_code == 403
    said = bob.send(channel, "@everyone look")
    assert said["mention_everyone"] is False
    mods = make_role(alice, sid, "mods", MANAGE_MESSAGES | MENTION_EVERYONE | SEND | VIEW)
    give_role(alice, sid, bob, mods)
    assert bob.send(channel, "@everyone now")["mention_everyone"] is True
    assert bob.remove(channel, carols).status_code == 204
    again = carol.send(channel, "and me")["id"]
    take_role(alice, sid, bob, mods)  # the moderator loses it: refused at once
    assert bob.remove(channel, again).status_code == 403
    assert bob.send(channel, "@here")["mention_everyone"] is False
    overwrite(alice, channel, sid, deny=SEND)
    r = bob.post(f"/api/channels/{channel}/messages/", json={"content": "muted"})
    assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert alice.send(channel, "owner still speaks")["content"] == "owner still speaks"


def test_losing_view_channel_while_connected(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)
    path = f"/ws/{sid}/{channel}"

    async def scenario():
        async with gateway(server, bob.cookie) as g, connect(server, path, bob.cookie) as ws:
            ready = await ready_of(g)
            mine = next(s for s in ready["servers"] if s["id"] == sid)
            assert channel in [c["id"] for c in mine["channels"]]
            started = time.monotonic()
            await asyncio.to_thread(lambda: overwrite(alice, channel, sid, deny=VIEW))
            gone = await first_frame(g, lambda f: f.get("type") == "channel.delete", 2)
            assert (gone["server_id"], gone["channel_id"]) == (sid, channel)
            code = await close_code_of(ws, 2)
            assert code == 4003 and time.monotonic() - started < 1.5
            # Nothing of the hidden channel reaches the gateway any more.
            await asyncio.to_thread(alice.send, channel, "unseen")
            # The gateway's own send there is refused as not found.
            await g.send(json.dumps({"type": "message", "channel_id": channel,
                                     "message": "can I?", "nonce": "n1"}))
            await no_frame_matching(g, lambda f: "seq" in f and f.get("channel_id") == channel,
                                    until=lambda f: f.get("type") == "error")
            await asyncio.to_thread(alice.delete, f"/api/channels/{channel}/permissions/{sid}/")
            back = await first_frame(g, lambda f: f.get("type") == "channel.create", 2)
            assert back["channel"]["id"] == channel and int(back["channel"]["permissions"]) & VIEW
        async with gateway(server, bob.cookie) as g:
            ready = await ready_of(g)
            assert channel in [c["id"] for s in ready["servers"] if s["id"] == sid
                               for c in s["channels"]]
        await asyncio.to_thread(lambda: overwrite(alice, channel, sid, deny=VIEW))
        async with gateway(server, bob.cookie) as g:
            ready = await ready_of(g)
            assert channel not in [c["id"] for s in ready["servers"] if s["id"] == sid
                                   for c in s["channels"]]
        async with connect(server, path, bob.cookie) as ws:
            assert await close_code_of(ws, 3) in (4003, 4004)

    run(scenario())


def test_a_new_member_does_not_get_hidden_channels(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice)
    overwrite(alice, channel, sid, deny=VIEW)

    async def scenario():
        async with gateway(server, dave.cookie) as g:
            await ready_of(g)
            await asyncio.to_thread(dave.post, f"/api/membership/{sid}/membership/")
            joined = await first_frame(g, lambda f: f.get("type") == "member.join" and
                                       "server" in f, 3)
            assert channel not in [c["id"] for c in joined["server"]["channels"]]

    run(scenario())
