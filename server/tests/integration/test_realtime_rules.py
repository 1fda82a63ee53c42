"""SPEC §3 rules: membership, empty and over-long text, rate limit, frame size, typing;
error frames on /ws/, silence on the original path."""
import asyncio
import json

import websockets

from realtime_helpers import (channel_ids, close_code_of, connect, cookie_for, history,
                              recv_json, run, send_message)


async def _silent(ws, seconds=0.4):
    try:
        frame = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return True
    raise AssertionError(f"unexpected frame {frame}")


def test_non_member_gets_an_error_frame_on_ws_and_silence_on_the_original_path(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    dave, alice = cookie_for(demo_server, "dave"), cookie_for(demo_server, "alice")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", dave) as parley, \
                connect(demo_server, f"/{s}/{c}", dave) as original, \
                connect(demo_server, f"/ws/{s}/{c}", alice) as member:
            await send_message(parley, "let me in", nonce=7)
            error = await recv_json(parley)
            await send_message(original, "let me in too")
            await _silent(original)
            # The original socket still works: it receives what members post.
            await send_message(member, "members only")
            frame = await recv_json(original)
            assert frame["new_message"]["content"] == "members only"
            return error

    error = run(scenario())
    assert error == {"type": "error", "code": "not_member", "detail": error["detail"], "nonce": 7}
    assert all("let me in" not in row[2] for row in history(demo_server, c))


def test_empty_too_long_and_bad_frames(demo_server):
    s, c = channel_ids(demo_server, "C++ Lounge", "general")
    carol = cookie_for(demo_server, "carol")

    async def scenario():
        codes = []
        async with connect(demo_server, f"/ws/{s}/{c}", carol) as ws:
            for text in ["", "  \n\t ", "\u3000"]:
                await send_message(ws, text, nonce="e")
                codes.append((await recv_json(ws))["code"])
            await send_message(ws, "x" * 4001, nonce="l")
            codes.append((await recv_json(ws))["code"])
            await send_message(ws, "\U0001F600" * 4000, nonce="ok")  # 4000 characters
            ok = await recv_json(ws)
            assert ok["type"] == "chat.message" and ok["new_message"]["nonce"] == "ok"
            assert ok["new_message"]["content"] == "\U0001F600" * 4000
            for raw in ["not json", "[1,2]", '{"type":"message"}', '{"type":"dance"}',
                        '{"type":"message","message":5}']:
                await ws.send(raw)
                codes.append((await recv_json(ws))["code"])
            await ws.send(b"\x00binary")
            codes.append((await recv_json(ws))["code"])
        async with connect(demo_server, f"/{s}/{c}", carol) as original:
            for raw in ["not json", '{"message":""}', json.dumps({"message": "y" * 4001})]:
                await original.send(raw)
            await _silent(original)
        return codes

    assert run(scenario()) == ["empty"] * 3 + ["too_long"] + ["bad_frame"] * 6


def test_frames_over_64_kib_close_the_socket_1009(demo_server):
    s, c = channel_ids(demo_server, "C++ Lounge", "general")
    carol = cookie_for(demo_server, "carol")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", carol, max_size=None) as ws:
            await ws.send(json.dumps({"type": "message", "message": "z" * 70000}))
            return await close_code_of(ws)

    assert run(scenario()) == 1009


def test_per_user_rate_limit_answers_rate_limited(demo_server):
    s, c = channel_ids(demo_server, "Jazz Corner", "listening")
    bob = cookie_for(demo_server, "bob")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", bob) as ws:
            for i in range(40):
                await send_message(ws, f"spam {i}", nonce=i)
            frames = [await recv_json(ws) for _ in range(40)]
            return frames

    frames = run(scenario())
    limited = [f for f in frames if f["type"] == "error"]
    stored = [f for f in frames if f["type"] == "chat.message"]
    assert limited and all(f["code"] == "rate_limited" for f in limited)
    assert 20 <= len(stored) < 40  # the burst of 20, plus what refilled meanwhile


def test_typing_is_relayed_to_the_others_at_most_once_per_few_seconds(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "high-scores")
    alice, bob = cookie_for(demo_server, "alice"), cookie_for(demo_server, "bob")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", alice) as reader, \
                connect(demo_server, f"/{s}/{c}", alice) as original, \
                connect(demo_server, f"/ws/{s}/{c}", bob) as typist:
            await typist.send('{"type":"typing"}')
            first = await recv_json(reader)
            await typist.send('{"type":"typing"}')
            await _silent(reader)
            await _silent(typist)    # not echoed to the typist
            await _silent(original)  # the original protocol has no typing frames
            return first

    first = run(scenario())
    assert first["type"] == "typing" and first["user"] == "bob"
    assert first["channel_id"] == c and isinstance(first["user_id"], int)


def test_membership_is_rechecked_while_connected(demo_server):
    s, c = channel_ids(demo_server, "Rustaceans", "general")
    bob = cookie_for(demo_server, "bob")
    from realtime_helpers import db

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", bob) as ws:
            await send_message(ws, "before joining")
            assert (await recv_json(ws))["code"] == "not_member"
            with db(demo_server) as conn:  # joins, as the membership REST route would
                conn.execute("INSERT INTO memberships (server_id, account_id, joined_at) "
                             "SELECT ?, id, 0 FROM accounts WHERE username = 'bob'", (s,))
            await send_message(ws, "after joining")
            return await recv_json(ws)

    assert run(scenario())["new_message"]["content"] == "after joining"
