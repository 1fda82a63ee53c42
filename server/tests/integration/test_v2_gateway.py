"""SPEC §6 gateway (/ws/gateway): authentication, the ready frame, what it delivers (and what
not), membership changes on an open socket, several tabs, sends, error frames, typing."""
import asyncio
import contextlib
import json
import re

from realtime_helpers import close_code_of, recv_json, run, send_message
from v2_helpers import (FAST, Api, PacedStream, channel_of, connect, content_of, fast_server,
                        first_frame, gateway, gateway_send, new_channel, no_frame_matching,
                        ready_of, seq_trouble)

__all__ = ["fast_server"]


def to_thread(function, *args, **kwargs):
    return asyncio.to_thread(function, *args, **kwargs)


def test_the_gateway_closes_4001_without_valid_credentials(fast_server):
    async def code_with(cookie):
        async with gateway(fast_server, cookie) as ws:
            return await close_code_of(ws)

    assert run(code_with(None)) == 4001
    assert run(code_with("access_token=not-a-token")) == 4001


def test_ready_lists_my_servers_with_their_channels_seqs_and_permissions(fast_server):
    alice = Api(fast_server, "alice")
    mine = alice.get("/api/server/select/", params={"by_user": "true"}).json()
    assert {s["name"] for s in mine} == {"Retro Arcade", "C++ Lounge", "Jazz Corner", "Load Test"}
    arcade_general = channel_of(fast_server, "Retro Arcade", "general")[1]
    latest = alice.send(arcade_general, "the latest word")

    async def ready():
        async with gateway(fast_server, alice.cookie) as ws:
            return await ready_of(ws)

    frame = run(ready())
    assert set(frame) >= {"type", "user", "servers", "dms", "read_states"}
    assert frame["user"] == {"id": alice.id, "username": "alice"}
    assert isinstance(frame["dms"], list) and isinstance(frame["read_states"], list)
    by_id = {s["id"]: s for s in frame["servers"]}
    assert set(by_id) == {s["id"] for s in mine}
    for expected in mine:
        got = by_id[expected["id"]]
        assert set(got) == {"id", "name", "icon", "owner", "channels"}, got
        assert got["name"] == expected["name"] and got["owner"] == expected["owner"]
        assert got["icon"] is None or isinstance(got["icon"], str)
        assert [ch["id"] for ch in got["channels"]] == [ch["id"]
                                                        for ch in expected["channel_server"]]
        for ch, listed in zip(got["channels"], expected["channel_server"]):
            assert set(ch) == {"id", "name", "topic", "last_message_id", "last_seq",
                               "permissions"}, ch
            assert ch["name"] == listed["name"] and ch["topic"] == listed["topic"]
            assert isinstance(ch["permissions"], str) and re.fullmatch(r"\d+", ch["permissions"])
            assert ch["last_seq"] == alice.events(ch["id"])["last_seq"]
            history = alice.messages(ch["id"], limit=1)
            if history:
                assert ch["last_message_id"] == history[-1]["id"]
            else:
                assert ch["last_message_id"] in (None, 0)
    arcade = next(s for s in frame["servers"] if s["name"] == "Retro Arcade")
    general = next(ch for ch in arcade["channels"] if ch["id"] == arcade_general)
    assert general["last_message_id"] == latest["id"] and general["last_seq"] >= 1
    assert int(general["permissions"]) != 0  # the owner may do things in her own server


def test_the_gateway_gets_every_channel_of_my_servers_and_nothing_of_the_others(fast_server):
    alice, bob, carol, dave = (Api(fast_server, n) for n in ("alice", "bob", "carol", "dave"))
    foreign = [channel_of(fast_server, "Speedrunners", "general")[1],
               channel_of(fast_server, "Rustaceans", "general")[1]]
    mine = {channel_of(fast_server, "Retro Arcade", "high-scores")[1]: bob,
            channel_of(fast_server, "C++ Lounge", "help")[1]: carol,
            channel_of(fast_server, "Jazz Corner", "listening")[1]: bob}

    async def scenario():
        async with gateway(fast_server, alice.cookie) as ws:
            await ready_of(ws)
            for channel in foreign:  # committed (201) before the others are sent
                await to_thread(dave.send, channel, "not for alice")
            for channel, sender in mine.items():
                await to_thread(sender.send, channel, f"for alice in {channel}")
            seen = {}
            while len(seen) < len(mine):
                frame = await recv_json(ws, 10)
                if "seq" not in frame:
                    continue
                assert frame["channel_id"] not in foreign, frame
                seen[frame["channel_id"]] = frame
            return seen

    seen = run(scenario())
    assert set(seen) == set(mine)
    for channel, frame in seen.items():
        assert frame["type"] == "chat.message"
        assert frame["new_message"]["content"] == f"for alice in {channel}"


def test_joining_and_leaving_a_server_changes_an_open_gateway_at_once(make_server):
    server = make_server(args=FAST).start()
    alice, bob, dave = (Api(server, n) for n in ("alice", "bob", "dave"))
    sid, general = channel_of(server, "Retro Arcade", "general")
    speedrunners_general = channel_of(server, "Speedrunners", "general")[1]
    membership = f"/api/membership/{sid}/membership/"

    async def scenario():
        async with gateway(server, dave.cookie) as dave_ws, gateway(server, bob.cookie) as bob_ws:
            ready = await ready_of(dave_ws)
            await ready_of(bob_ws)
            assert sid not in {s["id"] for s in ready["servers"]}
            assert (await to_thread(dave.post, membership)).status_code == 200
            await to_thread(alice.send, general, "welcome dave")
            received = await first_frame(dave_ws, content_of("welcome dave"))
            bob_saw = await first_frame(bob_ws, lambda f: f["type"] == "member.join")

            assert (await to_thread(dave.delete, membership + "remove_member/")).status_code == 200
            await to_thread(alice.send, general, "dave has gone")
            await to_thread(bob.send, speedrunners_general, "barrier")
            await no_frame_matching(dave_ws, content_of("dave has gone"), content_of("barrier"))
            bob_left = await first_frame(bob_ws, lambda f: f["type"] == "member.leave")
            return received, bob_saw, bob_left

    received, bob_saw, bob_left = run(scenario())
    assert received["channel_id"] == general
    assert bob_saw["server_id"] == sid
    assert bob_saw["user"] == {"id": dave.id, "username": "dave"}
    assert bob_left == {"type": "member.leave", "server_id": sid, "user_id": dave.id}


def test_the_joiner_is_told_about_the_server_it_joined(make_server):
    server = make_server(args=FAST).start()
    dave = Api(server, "dave")
    sid, general = channel_of(server, "Retro Arcade", "general")

    async def scenario():
        async with gateway(server, dave.cookie) as ws:
            await ready_of(ws)
            r = await to_thread(dave.post, f"/api/membership/{sid}/membership/")
            assert r.status_code == 200
            return await first_frame(ws, lambda f: f["type"] == "member.join")

    frame = run(scenario())
    assert frame["server_id"] == sid and frame["user"] == {"id": dave.id, "username": "dave"}
    assert frame["server"]["id"] == sid and frame["server"]["name"] == "Retro Arcade"
    assert general in [ch["id"] for ch in frame["server"]["channels"]]


def test_two_tabs_of_one_user_both_get_everything(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with gateway(fast_server, alice.cookie) as tab1, \
                gateway(fast_server, alice.cookie) as tab2:
            await ready_of(tab1)
            await ready_of(tab2)
            await to_thread(bob.send, c, "from bob")
            await gateway_send(tab1, c, "from tab 1", nonce="t1")
            frames = []
            for tab in (tab1, tab2):
                got = [await first_frame(tab, content_of("from bob")),
                       await first_frame(tab, content_of("from tab 1"))]
                frames.append(got)
            return frames

    for from_bob, from_tab1 in run(scenario()):
        assert from_bob["channel_id"] == c and from_bob["seq"] == 1
        assert from_tab1["seq"] == 2 and from_tab1["new_message"]["nonce"] == "t1"
        assert from_tab1["new_message"]["sender"] == "alice"


def test_a_gateway_send_is_stored_and_echoed_with_its_nonce_and_may_reply(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    original = bob.send(c, "what do you think?")

    async def scenario():
        async with gateway(fast_server, alice.cookie) as ws, \
                connect(fast_server, f"/ws/{s}/{c}", bob.cookie) as bob_socket:
            await ready_of(ws)
            await gateway_send(ws, c, "via the gateway", nonce="g-1", reply_to=original["id"])
            echo = await first_frame(ws, content_of("via the gateway"))
            seen_by_bob = await first_frame(bob_socket, content_of("via the gateway"))
            return echo, seen_by_bob

    echo, seen_by_bob = run(scenario())
    assert echo["type"] == "chat.message" and echo["channel_id"] == c and echo["seq"] == 2
    m = echo["new_message"]
    assert m["nonce"] == "g-1" and m["sender"] == "alice" and m["channel_id"] == c
    assert m["reply_to"] == {"id": original["id"], "sender": "bob", "sender_id": bob.id,
                             "content": "what do you think?"}
    assert seen_by_bob == echo
    stored = alice.messages(c)
    assert [(x["id"], x["content"]) for x in stored] == [(original["id"], original["content"]),
                                                         (m["id"], "via the gateway")]


def test_gateway_errors_name_the_channel_and_nonce_and_keep_the_socket_open(fast_server):
    alice = Api(fast_server, "alice")
    _, c = new_channel(alice, "Retro Arcade")
    not_mine = channel_of(fast_server, "Speedrunners", "general")[1]

    async def scenario():
        async with gateway(fast_server, alice.cookie) as ws:
            await ready_of(ws)
            errors = {}
            for code, channel, text in [("not_member", not_mine, "let me in"),
                                        ("empty", c, "  \n\t "),
                                        ("too_long", c, "x" * 4001),
                                        ("not_found", 999999, "anyone there?")]:
                await gateway_send(ws, channel, text, nonce=f"n-{code}")
                errors[code] = await first_frame(ws, lambda f: f["type"] == "error")
            await ws.send("not json")
            errors["not json"] = await first_frame(ws, lambda f: f["type"] == "error")
            await ws.send(json.dumps({"type": "message", "message": "where?", "nonce": "n-none"}))
            errors["no channel"] = await first_frame(ws, lambda f: f["type"] == "error")
            await ws.send(json.dumps({"type": "message", "channel_id": "abc", "message": "hi",
                                      "nonce": "n-abc"}))
            errors["text channel"] = await first_frame(ws, lambda f: f["type"] == "error")
            await gateway_send(ws, c, "still open", nonce="ok")
            ok = await first_frame(ws, lambda f: f["type"] in ("chat.message", "error"))
            return errors, ok

    errors, ok = run(scenario())
    assert errors["not json"]["code"] == "bad_frame"
    assert errors["no channel"]["code"] == "bad_frame"
    assert errors["no channel"]["nonce"] == "n-none"
    assert errors["text channel"]["code"] == "bad_frame"
    assert ok["type"] == "chat.message" and ok["new_message"]["nonce"] == "ok"
    assert [m["content"] for m in alice.messages(c)] == ["still open"]
    assert all(m["content"] != "let me in" for m in alice.messages(not_mine))
    # SPEC §7: a non-member posting, even where they may read, gets not_member (checked last).
    for code, channel in [("empty", c), ("too_long", c), ("not_found", 999999),
                          ("not_member", not_mine)]:
        frame = errors[code]
        assert frame["code"] == code, frame
        assert frame["channel_id"] == channel and frame["nonce"] == f"n-{code}", frame
        assert isinstance(frame["detail"], str) and frame["detail"], frame
        assert set(frame) == {"type", "code", "detail", "nonce", "channel_id"}, frame


def test_typing_reaches_the_others_but_never_the_typists_own_sockets(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    typing = {"type": "typing", "channel_id": c, "user": "alice", "user_id": alice.id}
    is_typing = lambda f: f.get("type") == "typing"  # noqa: E731

    async def scenario():
        async with gateway(fast_server, alice.cookie) as typist, \
                gateway(fast_server, alice.cookie) as other_tab, \
                connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as alice_channel, \
                gateway(fast_server, bob.cookie) as bob_gateway, \
                connect(fast_server, f"/ws/{s}/{c}", bob.cookie) as bob_channel:
            for ws in (typist, other_tab, bob_gateway):
                await ready_of(ws)
            await typist.send(json.dumps({"type": "typing", "channel_id": c}))
            to_bob = [await first_frame(bob_gateway, is_typing),
                      await first_frame(bob_channel, is_typing)]
            await send_message(bob_channel, "bob speaks")
            for ws in (typist, other_tab, alice_channel):
                await no_frame_matching(ws, is_typing, content_of("bob speaks"))
            return to_bob

    assert run(scenario()) == [typing, typing]


def test_the_gateway_refuses_a_foreign_origin_at_the_handshake(fast_server):
    alice = Api(fast_server, "alice")

    async def foreign():
        try:
            async with gateway(fast_server, alice.cookie, origin="https://evil.example"):
                return "accepted"
        except Exception as e:  # the handshake is refused with HTTP 403
            return getattr(e, "status_code", repr(e))

    assert run(foreign()) == 403


def test_events_after_ready_continue_from_its_last_seq_without_gap(fast_server):
    """Gateways opened one after another while messages stream in: each one's events of the
    channel start right after the last_seq its ready frame gave (a client catches up through
    the events route up to last_seq, so an event that falls between the two is lost for good).
    """
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    total, openings = 600, 15

    async def collect(ws, ready):
        channel = next(ch for srv in ready["servers"] for ch in srv["channels"] if ch["id"] == c)
        seqs = []
        while True:
            frame = await recv_json(ws, 10)
            if frame.get("channel_id") == c and "seq" in frame:
                seqs.append(frame["seq"])
                if frame["new_message"]["content"] == f"stream-{total - 1}":
                    return channel, seqs

    async def scenario():
        async with contextlib.AsyncExitStack() as stack:
            sender = await stack.enter_async_context(
                connect(fast_server, f"/ws/{s}/{c}", alice.cookie))
            stream = PacedStream(sender, total)
            streaming = asyncio.create_task(stream.run())
            watchers = []
            for k in range(openings):
                await stream.reached(20 + 35 * k)
                ws = await stack.enter_async_context(gateway(fast_server, bob.cookie))
                watchers.append(asyncio.create_task(collect(ws, await ready_of(ws))))
            await streaming
            return await asyncio.gather(*watchers)

    for channel, seqs in run(scenario()):
        last_seq = channel["last_seq"]
        assert 0 < last_seq < total
        assert seqs == list(range(last_seq + 1, total + 1)), (last_seq,
                                                              seq_trouble(seqs, last_seq + 1))
        assert channel["last_message_id"] == alice.events(c, after_seq=last_seq - 1, limit=1)[
            "events"][0]["new_message"]["id"]


def test_a_new_channel_reaches_open_gateways_and_its_events_follow(make_server):
    server = make_server(args=FAST).start()
    alice, bob, dave = (Api(server, n) for n in ("alice", "bob", "dave"))
    sid = channel_of(server, "Retro Arcade", "general")[0]

    async def scenario():
        async with gateway(server, bob.cookie) as ws, gateway(server, dave.cookie) as outsider:
            await ready_of(ws)
            await ready_of(outsider)
            r = await to_thread(alice.post, f"/api/servers/{sid}/channels/",
                                json={"name": "fresh", "topic": "just made"})
            assert r.status_code == 201
            created = await first_frame(ws, lambda f: f["type"] == "channel.create")
            cid = created["channel"]["id"]
            await to_thread(alice.send, cid, "first words")
            message = await first_frame(ws, content_of("first words"))
            r = await to_thread(alice.delete, f"/api/servers/{sid}/channels/{cid}/")
            assert r.status_code == 204
            deleted = await first_frame(ws, lambda f: f["type"] == "channel.delete")
            # dave is in none of Retro Arcade's channels: nothing of this reached him.
            await to_thread(bob.send, channel_of(server, "Speedrunners", "general")[1], "barrier")
            await no_frame_matching(
                outsider, lambda f: f.get("server_id") == sid or f.get("channel_id") == cid,
                content_of("barrier"))
            return created, message, deleted

    created, message, deleted = run(scenario())
    assert created["server_id"] == sid
    channel = created["channel"]
    assert (channel["name"], channel["topic"], channel["last_seq"]) == ("fresh", "just made", 0)
    assert message["channel_id"] == channel["id"] and message["seq"] == 1
    assert deleted == {"type": "channel.delete", "server_id": sid, "channel_id": channel["id"]}
    # The contract: "channel" is a ready channel object (the client adds it to its list as is).
    assert set(channel) == {"id", "name", "topic", "last_message_id", "last_seq", "permissions"}


def test_typing_on_a_channel_socket_reaches_gateways_of_others_only(fast_server):
    carol, bob = Api(fast_server, "carol"), Api(fast_server, "bob")
    s, c = channel_of(fast_server, "Retro Arcade", "high-scores")
    is_typing = lambda f: f.get("type") == "typing"  # noqa: E731

    async def scenario():
        async with gateway(fast_server, carol.cookie) as carol_gateway, \
                gateway(fast_server, bob.cookie) as bob_gateway, \
                connect(fast_server, f"/ws/{s}/{c}", carol.cookie) as typist:
            await ready_of(carol_gateway)
            await ready_of(bob_gateway)
            await typist.send(json.dumps({"type": "typing"}))
            seen = await first_frame(bob_gateway, is_typing)
            await to_thread(bob.send, c, "bob answers")
            await no_frame_matching(carol_gateway, is_typing, content_of("bob answers"))
            return seen

    assert run(scenario()) == {"type": "typing", "channel_id": c, "user": "carol",
                               "user_id": carol.id}


def test_gateway_sends_are_rate_limited_like_any_send(make_server):
    server = make_server().start()  # the default rate: 10 a second, bursts of 20
    alice = Api(server, "alice")
    c = channel_of(server, "Retro Arcade", "general")[1]

    async def scenario():
        async with gateway(server, alice.cookie) as ws:
            await ready_of(ws)
            for i in range(40):
                await gateway_send(ws, c, f"flood {i}", nonce=i)
            answers = []
            while len(answers) < 40:
                frame = await recv_json(ws, 10)
                if frame["type"] in ("chat.message", "error"):
                    answers.append(frame)
            return answers

    answers = run(scenario())
    limited = [f for f in answers if f["type"] == "error"]
    assert limited and len(limited) < 40
    for frame in limited:
        assert frame["code"] == "rate_limited" and frame["channel_id"] == c, frame
        assert isinstance(frame["nonce"], int)
    stored = [m["content"] for m in alice.messages(c) if m["content"].startswith("flood")]
    assert len(stored) == 40 - len(limited)
    # REST sends draw on the same allowance, just spent: a burst of them gets 429s (the few
    # 201s are what refilled meanwhile at 10 a second).
    alice.wait_out_429 = False
    codes = [alice.post(f"/api/channels/{c}/messages/", json={"content": f"rest {i}"}).status_code
             for i in range(30)]
    assert set(codes) <= {201, 429} and codes.count(201) <= 5, codes


def test_logging_out_closes_the_sessions_gateway_with_4001(make_server):
    server = make_server().start()
    alice = Api(server, "alice")

    async def scenario():
        async with gateway(server, alice.cookie) as ws:
            await ready_of(ws)
            r = await to_thread(alice.post, "/api/logout/")
            assert r.status_code == 200
            return await close_code_of(ws)

    assert run(scenario()) == 4001
