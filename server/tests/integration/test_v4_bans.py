"""SPEC §10 bans: BAN_MEMBERS, never the owner, only members ranked below the banner; a banned
user loses the membership and every right there (its channels 404 to them, public or not),
cannot rejoin (403), and their open channel sockets close with 4003 within a second."""
import asyncio
import time

from realtime_helpers import close_code_of, connect, run
from v2_helpers import FORBIDDEN, NOT_FOUND
from v4_roles_helpers import give_role, make_role, my_bits
from v4_roles_helpers import world  # noqa: F401 (the module fixture)

BAN = 1 << 2


_count = iter(range(1, 1000))


def fresh(alice, *members):
    r = alice.post("/api/servers/", json={"name": f"Bans {next(_count)}", "category": "Gaming"})
    sid = r.json()["id"]
    for member in members:
        assert member.post(f"/api/membership/{sid}/membership/").status_code == 200
    channel = alice.post(f"/api/servers/{sid}/channels/", json={"name": "c"}).json()["id"]
    return sid, channel


def test_ban_unban_and_the_list(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    assert bob.put(f"/api/servers/{sid}/bans/{carol.id}/", json={}).json() == FORBIDDEN
    assert alice.put(f"/api/servers/{sid}/bans/{alice.id}/", json={}).status_code == 403
    assert alice.put(f"/api/servers/{sid}/bans/999999/", json={}).status_code == 404
    for body, field in (({"reason": "x" * 513}, "reason"), ({"reason": 5}, "reason"),
                        ({"delete_message_seconds": 604801}, "delete_message_seconds")):
        r = alice.put(f"/api/servers/{sid}/bans/{carol.id}/", json=body)
        assert r.status_code == 400 and field in r.json(), r.text
    assert alice.get(f"/api/servers/{sid}/bans/").json() == []
    r = alice.put(f"/api/servers/{sid}/bans/{carol.id}/", json={"reason": "spam"})
    assert r.status_code == 204
    assert alice.put(f"/api/servers/{sid}/bans/{dave.id}/", json={}).status_code == 204
    assert alice.get(f"/api/servers/{sid}/bans/").json() == [
        {"user": {"id": carol.id, "username": "carol"}, "reason": "spam"},
        {"user": {"id": dave.id, "username": "dave"}, "reason": None}]
    assert carol.get(f"/api/membership/{sid}/membership/is_member/").json() == {"is_member": False}
    for user in (carol, dave):  # a member, and a reader of the public server
        assert my_bits(user, channel) == 404
        r = user.get(f"/api/channels/{channel}/messages/")
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
        r = user.post(f"/api/membership/{sid}/membership/")
        assert (r.status_code, r.json()) == (403, FORBIDDEN)
    assert alice.delete(f"/api/servers/{sid}/bans/{carol.id}/").status_code == 204
    assert alice.delete(f"/api/servers/{sid}/bans/{carol.id}/").status_code == 404
    assert carol.post(f"/api/membership/{sid}/membership/").status_code == 200
    assert my_bits(carol, channel) & (1 << 10)


def test_banning_needs_rank(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob, carol)
    banners = make_role(alice, sid, "banners", BAN)
    give_role(alice, sid, bob, banners)
    give_role(alice, sid, carol, banners)
    assert bob.put(f"/api/servers/{sid}/bans/{carol.id}/", json={}).status_code == 403
    assert bob.put(f"/api/servers/{sid}/bans/{dave.id}/", json={}).status_code == 204


def test_a_banned_users_open_socket_closes_with_4003(world):
    server, alice, bob, carol, dave = world
    sid, channel = fresh(alice, bob)

    async def scenario():
        async with connect(server, f"/ws/{sid}/{channel}", bob.cookie) as member, \
                connect(server, f"/ws/{sid}/{channel}", dave.cookie) as reader:
            await asyncio.sleep(0.2)
            started = time.monotonic()
            for user in (bob, dave):
                r = await asyncio.to_thread(alice.put, f"/api/servers/{sid}/bans/{user.id}/",
                                            json={})
                assert r.status_code == 204
            assert await close_code_of(member, 2) == 4003
            assert await close_code_of(reader, 2) == 4003
            assert time.monotonic() - started < 1.5
        async with connect(server, f"/ws/{sid}/{channel}", bob.cookie) as again:
            assert await close_code_of(again, 3) in (4003, 4004)

    run(scenario())
