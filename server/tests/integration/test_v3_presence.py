"""SPEC §11 presence and the member list: the grace period (reconnects do not flap),
presence.update only to subscribers, at most one per user per window with the latest state
delivered, invisible, the chosen status kept across reconnects and restarts, the members
route (pages, limits, statuses) and servers that cannot be read.

The module's server runs with a short grace period and coalescing window (the defaults are 15 s
and 5 s), so that the rules can be watched in seconds."""
import asyncio
import re
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import BIN, ParleyServer, load_demo
from presence_helpers import (Gateway, is_presence, join, leave, members, new_server, new_user,
                              status_in)
from realtime_helpers import connect, run
from v2_helpers import FAST, TIMESTAMP

GRACE = 1.5
WINDOW = 1.0
ARGS = ["--log-level", "warn", *FAST, "--register-per-minute", "0", "--presence-grace-ms", str(int(GRACE * 1000)),
        "--presence-coalesce-ms", str(int(WINDOW * 1000))]


@pytest.fixture(scope="module")
def server():
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    s = ParleyServer(data_dir, ARGS).start()
    yield s
    s.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def sleep(seconds):
    return asyncio.sleep(seconds)


def test_help_names_the_presence_options_with_their_defaults():
    out = subprocess.run([BIN, "serve", "--help"], capture_output=True, text=True).stdout
    assert re.search(r"--presence-grace-ms [^\n]*=15000\b", out), out
    assert re.search(r"--presence-coalesce-ms [^\n]*=5000\b", out), out


def test_subscribers_see_a_user_come_online_and_others_see_nothing(server):
    owner, watcher, bystander, comer = (new_user(server) for _ in range(4))
    sid, cid = new_server(owner, watcher, bystander, comer)

    async def scenario():
        async with Gateway(server, watcher) as w, Gateway(server, bystander) as b:
            await w.subscribe(sid)
            assert status_in(watcher, sid, comer) == "offline"
            async with Gateway(server, comer):
                _, frame = await w.wait_for(is_presence(comer, "online"))
                assert frame == {"type": "presence.update", "user_id": comer.id,
                                 "status": "online"}
                assert status_in(watcher, sid, comer) == "online"
                # A message after it is the barrier: the bystander never subscribed.
                owner.send(cid, "barrier one")
                await b.wait_for(lambda f: f.get("type") == "chat.message")
                await w.wait_for(lambda f: f.get("type") == "chat.message")
            assert b.of_type("presence.update") == []

    run(scenario())


def test_a_reconnect_within_the_grace_period_does_not_flap(server):
    owner, watcher, flaky = (new_user(server) for _ in range(3))
    sid, _ = new_server(owner, watcher, flaky)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            g = await Gateway(server, flaky).open()
            await w.wait_for(is_presence(flaky, "online"))
            for _ in range(3):  # three reconnects, each well within the grace period
                await g.close()
                await sleep(0.2)
                g = await Gateway(server, flaky).open()
            await sleep(GRACE + WINDOW + 0.5)
            assert [s for _, s in w.presence_of(flaky.id)] == ["online"]
            assert status_in(watcher, sid, flaky) == "online"
            # Gone for good: offline once the grace period is over, not before.
            closed = time.monotonic()
            await g.close()
            await sleep(GRACE * 0.6)
            assert status_in(watcher, sid, flaky) == "online"
            at, _ = await w.wait_for(is_presence(flaky, "offline"), timeout=GRACE + WINDOW + 3)
            assert at - closed >= GRACE - 0.1
            assert status_in(watcher, sid, flaky) == "offline"
            assert [s for _, s in w.presence_of(flaky.id)] == ["online", "offline"]

    run(scenario())


def test_changes_are_coalesced_and_the_latest_state_is_delivered(server):
    owner, watcher, fidget = (new_user(server) for _ in range(3))
    sid, _ = new_server(owner, watcher, fidget)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            f = await Gateway(server, fidget).open()
            await w.wait_for(is_presence(fidget, "online"))
            # Twenty changes in 2.4 s, ending with dnd.
            for i in range(20):
                await f.choose("idle" if i % 2 == 0 else "dnd")
                await sleep(0.12)
            await sleep(WINDOW + 0.8)
            updates = w.presence_of(fidget.id)
            assert updates[-1][1] == "dnd"
            times = [at for at, _ in updates]
            gaps = [b - a for a, b in zip(times, times[1:])]
            assert all(gap >= WINDOW - 0.15 for gap in gaps), updates
            assert len(updates) <= 1 + 2.4 / WINDOW + 1, updates
            assert status_in(watcher, sid, fidget) == "dnd"
            await f.close()

    run(scenario())


def test_invisible_is_offline_to_others_at_once_and_kept_across_reconnects(server):
    owner, watcher, ghost = (new_user(server) for _ in range(3))
    sid, _ = new_server(owner, watcher, ghost)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            async with Gateway(server, ghost) as g:
                await w.wait_for(is_presence(ghost, "online"))
                chosen = time.monotonic()
                await g.choose("invisible")
                at, _ = await w.wait_for(is_presence(ghost, "offline"), timeout=3)
                assert at - chosen < WINDOW / 2  # not held by the coalescing window
                assert status_in(watcher, sid, ghost) == "offline"
                assert status_in(ghost, sid, ghost) == "offline"  # the list never says invisible
                assert ghost.get("/api/account/me/status/").json() == {"status": "invisible"}
            await sleep(GRACE + WINDOW + 0.5)  # forgotten: the next socket reads the choice back
            async with Gateway(server, ghost):
                await sleep(WINDOW + 0.5)
                assert status_in(watcher, sid, ghost) == "offline"
            assert [s for _, s in w.presence_of(ghost.id)] == ["online", "offline"]

    run(scenario())


def test_the_chosen_status_is_kept_across_reconnects(server):
    owner, watcher, busy = (new_user(server) for _ in range(3))
    sid, _ = new_server(owner, watcher, busy)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            async with Gateway(server, busy) as b:
                await w.wait_for(is_presence(busy, "online"))
                await b.choose("dnd")
                await w.wait_for(is_presence(busy, "dnd"), timeout=WINDOW + 3)
            await w.wait_for(is_presence(busy, "offline"), timeout=GRACE + WINDOW + 3)
            await sleep(WINDOW + 0.3)
            start = len(w.frames)
            async with Gateway(server, busy):
                _, frame = await w.wait_for(is_presence(busy), timeout=WINDOW + 3, start=start)
                assert frame["status"] == "dnd"
                assert status_in(watcher, sid, busy) == "dnd"
            assert busy.get("/api/account/me/status/").json() == {"status": "dnd"}

    run(scenario())


def test_the_chosen_status_outlives_a_restart(make_server):
    s = make_server(ARGS).start()
    owner, watcher, calm = new_user(s), new_user(s), new_user(s)
    sid, _ = new_server(owner, watcher, calm)

    async def choose_idle():
        async with Gateway(s, calm) as g:
            await g.choose("idle")
            await g.barrier()
            deadline = time.monotonic() + 5
            while calm.get("/api/account/me/status/").json()["status"] != "idle":
                assert time.monotonic() < deadline
                await sleep(0.05)

    run(choose_idle())
    s.stop()
    s.start()
    calm = type(calm)(s, calm.username, "a-good-password")
    watcher = type(watcher)(s, watcher.username, "a-good-password")

    async def reconnect():
        async with Gateway(s, watcher) as w:
            await w.subscribe(sid)
            async with Gateway(s, calm):
                _, frame = await w.wait_for(is_presence(calm))
                assert frame["status"] == "idle"

    run(reconnect())


def test_any_socket_counts_and_the_last_one_decides(server):
    owner, watcher, multi = (new_user(server) for _ in range(3))
    sid, cid = new_server(owner, watcher, multi)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            # A channel socket alone makes its user online, like a gateway.
            channel_socket = await connect(server, f"/ws/{sid}/{cid}", multi.cookie)
            await w.wait_for(is_presence(multi, "online"))
            g = await Gateway(server, multi).open()
            await channel_socket.close()
            await sleep(GRACE + WINDOW)
            assert status_in(watcher, sid, multi) == "online"  # the gateway is still open
            await g.close()
            await w.wait_for(is_presence(multi, "offline"), timeout=GRACE + WINDOW + 3)
            assert [s for _, s in w.presence_of(multi.id)] == ["online", "offline"]

    run(scenario())


def test_a_new_subscription_replaces_the_old_one(server):
    owner, watcher, here, there = (new_user(server) for _ in range(4))
    first, _ = new_server(owner, watcher, here)
    second, _ = new_server(owner, watcher, there)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(first)
            await w.subscribe(second)
            async with Gateway(server, here), Gateway(server, there):
                await w.wait_for(is_presence(there, "online"))
                await sleep(0.5)
                assert w.presence_of(here.id) == []

    run(scenario())


def test_joins_and_leaves_reach_subscribers_once_even_non_members(server):
    owner, member, outsider, newcomer = (new_user(server) for _ in range(4))
    sid, _ = new_server(owner, member)

    async def scenario():
        async with Gateway(server, member) as m, Gateway(server, outsider) as o:
            await m.subscribe(sid)
            await o.subscribe(sid)  # anyone who may read the server may follow its list
            async with Gateway(server, newcomer):
                join(newcomer, sid)
                for g in (m, o):
                    await g.wait_for(lambda f: f.get("type") == "member.join"
                                     and f.get("user", {}).get("id", f.get("user_id")) == newcomer.id)
                    # The newcomer's status follows its join, to the list's subscribers.
                    await g.wait_for(is_presence(newcomer, "online"))
                leave(newcomer, sid)
                for g in (m, o):
                    await g.wait_for(lambda f: f.get("type") == "member.leave"
                                     and f.get("user_id") == newcomer.id)
            await sleep(0.3)
            for g in (m, o):
                assert len(g.of_type("member.join")) == 1, g.frames
                assert len(g.of_type("member.leave")) == 1, g.frames

    run(scenario())


def test_bad_presence_frames_are_refused_and_change_nothing(server):
    owner, watcher, user = (new_user(server) for _ in range(3))
    sid, _ = new_server(owner, watcher, user)

    async def scenario():
        async with Gateway(server, watcher) as w:
            await w.subscribe(sid)
            g = await Gateway(server, user).open()
            await w.wait_for(is_presence(user, "online"))
            for bad in ({"status": "busy"}, {"status": "offline"}, {"status": 3}, {},
                        {"status": "ONLINE"}, {"status": None}):
                start = len(g.frames)
                await g.send({"type": "presence", **bad})
                _, error = await g.wait_for(lambda f: f.get("type") == "error", start=start)
                assert error["code"] == "bad_frame" and "status" in error["detail"], error
            for bad in ({"server_id": "1"}, {}, {"server_id": 0}, {"server_id": -4},
                        {"server_id": 1.5}):
                start = len(g.frames)
                await g.send({"type": "subscribe_members", **bad})
                _, error = await g.wait_for(lambda f: f.get("type") == "error", start=start)
                assert error["code"] == "bad_frame" and "server_id" in error["detail"], error
            await sleep(WINDOW + 0.3)
            assert [s for _, s in w.presence_of(user.id)] == ["online"]
            assert status_in(watcher, sid, user) == "online"
            assert user.get("/api/account/me/status/").json() == {"status": "online"}
            await g.close()

    run(scenario())


def test_servers_that_cannot_be_read(server):
    user = new_user(server)

    async def scenario():
        async with Gateway(server, user) as g:
            await g.send({"type": "subscribe_members", "server_id": 987654321})
            _, error = await g.wait_for(lambda f: f.get("type") == "error")
            assert error["code"] == "not_found", error

    run(scenario())
    r = user.get("/api/servers/987654321/members/")
    assert r.status_code == 404 and r.json() == {"detail": "Not found."}
    r = requests.get(server.url("/api/servers/1/members/"), timeout=10)
    assert r.status_code == 401, r.text


def test_the_members_route_pages_in_user_id_order(server):
    owner = new_user(server)
    crowd = [new_user(server) for _ in range(6)]
    sid, _ = new_server(owner, *crowd)
    everyone = sorted([owner, *crowd], key=lambda u: u.id)

    async def scenario():
        async with Gateway(server, crowd[0]) as g:
            await g.choose("idle")
            async with Gateway(server, crowd[1]):
                await asyncio.sleep(0.3)
                page = members(owner, sid)
                assert [m["user"]["id"] for m in page] == [u.id for u in everyone]
                for m, u in zip(page, everyone):
                    assert set(m) == {"user", "roles", "joined_at", "status"}, m
                    assert m["user"] == {"id": u.id, "username": u.username}
                    assert m["roles"] == [] and TIMESTAMP.match(m["joined_at"]), m
                statuses = {m["user"]["id"]: m["status"] for m in page}
                assert statuses[crowd[0].id] == "idle"
                assert statuses[crowd[1].id] == "online"
                assert statuses[owner.id] == "offline"
                # Pages of 3 after the last id seen give the same list, once each.
                seen, after = [], 0
                while True:
                    chunk = members(crowd[3], sid, after=after, limit=3)
                    assert len(chunk) <= 3
                    if not chunk:
                        break
                    seen += [m["user"]["id"] for m in chunk]
                    after = chunk[-1]["user"]["id"]
                assert seen == [u.id for u in everyone]
                assert members(owner, sid, after=everyone[-1].id) == []
                # Anyone signed in may read a public server's list.
                assert len(members(new_user(server), sid, limit=1000)) == len(everyone)

    run(scenario())


def test_the_members_route_validates_limit_and_after(server):
    owner = new_user(server)
    sid, _ = new_server(owner)
    cases = {
        "limit=0": {"limit": ["Ensure this value is greater than or equal to 1."]},
        "limit=1001": {"limit": ["Ensure this value is less than or equal to 1000."]},
        "limit=abc": {"limit": ["A valid integer is required."]},
        "limit=-1": {"limit": ["A valid integer is required."]},
        "after=x": {"after": ["A valid integer is required."]},
        "after=1.5": {"after": ["A valid integer is required."]},
    }
    for query, body in cases.items():
        r = owner.get(f"/api/servers/{sid}/members/?{query}")
        assert r.status_code == 400 and r.json() == body, (query, r.text)
    assert len(members(owner, sid, limit=1000)) == 1
    r = owner.get(f"/api/servers/{sid}/members")  # without the slash: the same
    assert r.status_code == 200 and len(r.json()) == 1


def test_the_default_page_is_100_members(server):
    owner = new_user(server)
    sid, _ = new_server(owner)
    # Memberships straight into the database: 150 accounts through the API would take long.
    from realtime_helpers import db
    with db(server) as conn:
        base = conn.execute("SELECT COALESCE(MAX(id), 0) FROM accounts").fetchone()[0] + 1000
        conn.executemany(
            "INSERT INTO accounts (id, username, username_key, password_hash, date_joined) "
            "VALUES (?, ?, ?, 'x', 0)", [(base + i, f"bulk{base + i}", f"bulk{base + i}")
                                        for i in range(150)])
        conn.executemany("INSERT INTO memberships (server_id, account_id, joined_at) "
                         "VALUES (?, ?, 0)", [(sid, base + i) for i in range(150)])
    page = members(owner, sid)
    assert len(page) == 100
    ids = [m["user"]["id"] for m in page]
    assert ids == sorted(ids) and ids[0] == owner.id
    assert len(members(owner, sid, limit=1000)) == 151
    assert all(m["status"] == "offline" for m in page[1:])


def test_dm_partners_statuses_are_read_not_pushed(server):
    """GET /api/users/@me/dm-presences/: what others see of everyone I share a 1:1 or a group
    with (invisible reads offline), nobody else; presence.update still goes only to member-list
    subscribers."""
    owner, me, partner, grouped, stranger = (new_user(server) for _ in range(5))
    new_server(owner, me, partner, grouped, stranger)
    r = me.post("/api/users/@me/channels/", json={"recipients": [partner.id]})
    assert r.status_code == 201, r.text
    r = me.post("/api/users/@me/channels/", json={"recipients": [partner.id, grouped.id]})
    assert r.status_code == 201, r.text

    def presences(user):
        r = user.get("/api/users/@me/dm-presences/")
        assert r.status_code == 200, r.text
        return r.json()

    assert presences(stranger) == []
    assert presences(me) == [{"user_id": partner.id, "status": "offline"},
                             {"user_id": grouped.id, "status": "offline"}]

    async def scenario():
        async with Gateway(server, me) as mine:
            async with Gateway(server, partner) as p:
                assert presences(me)[0] == {"user_id": partner.id, "status": "online"}
                assert {"user_id": me.id, "status": "online"} in presences(partner)
                await p.choose("dnd")
                await p.barrier()
                assert presences(me)[0]["status"] == "dnd"
                await p.choose("invisible")
                await p.barrier()
                assert presences(me)[0]["status"] == "offline"
                await p.choose("online")
                await p.barrier()
                await mine.barrier()
            # My gateway follows no member list: it got no presence.update about anyone.
            assert mine.of_type("presence.update") == []

    run(scenario())
    assert requests.get(server.url("/api/users/@me/dm-presences/"), timeout=10).status_code == 401
