"""SPEC §3 resume, slow consumers, heartbeats, logout, shutdown, and crash durability."""
import asyncio
import json
import signal
import socket
import base64
import os
import threading
import time

import pytest
import requests

from realtime_helpers import (channel_ids, close_code_of, connect, cookie_for, history,
                              last_message_id, login_tokens, recv_json, run, send_message)

FAST = ["--message-rate", "100000", "--message-burst", "100000"]


def test_resume_replays_missed_messages_then_live_ones_without_gap_or_duplicate(make_server):
    server = make_server(args=FAST).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice, bob = cookie_for(server, "alice"), cookie_for(server, "bob")
    before = last_message_id(server, c)

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", alice) as sender:
            async def send(n, start):
                for i in range(start, start + n):
                    await send_message(sender, f"m{i}")
                    if i % 50 == 0:
                        await asyncio.sleep(0.005)
            await send(400, 0)  # missed while away
            # Resume while messages keep arriving.
            sending = asyncio.create_task(send(600, 400))
            await asyncio.sleep(0.01)
            async with connect(server, f"/ws/{s}/{c}?after={before}", bob) as resumed:
                await sending
                ids = []
                while True:
                    frame = await recv_json(resumed, 10)
                    ids.append(frame["new_message"]["id"])
                    if frame["new_message"]["content"] == "m999":
                        break
                return ids

    ids = run(scenario())
    stored = [row[0] for row in history(server, c) if row[0] > before]
    assert ids == stored and len(ids) == 1000


def test_a_slow_consumer_is_closed_1008_without_delaying_the_others(make_server):
    server = make_server(args=FAST + ["--ws-queue-messages", "1024",
                                      "--ws-queue-bytes", "1048576"]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice, bob = cookie_for(server, "alice"), cookie_for(server, "bob")
    count, window, text = 5000, 50, "x" * 3900  # ~20 MB: more than kernel buffers + queue

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", bob, max_queue=1, read_limit=4096,
                           ping_interval=None) as slow, \
                connect(server, f"/ws/{s}/{c}", alice, ping_interval=None) as sender:
            slow.transport.pause_reading()  # a client that stops reading entirely
            started = time.monotonic()
            for first in range(0, count, window):  # the fast client keeps up, window by window
                for i in range(first, first + window):
                    await send_message(sender, f"{i} {text}")
                for _ in range(window):
                    frame = await recv_json(sender, 10)
                    assert frame["type"] == "chat.message", frame.get("code")
            fast_elapsed = time.monotonic() - started
            slow.transport.resume_reading()
            code = await close_code_of(slow, 20)
            return fast_elapsed, code

    fast_elapsed, code = run(scenario())
    assert code == 1008
    assert fast_elapsed < 20


def test_idle_sockets_are_pinged_and_dead_peers_dropped(make_server):
    server = make_server(args=["--ws-ping-interval", "0.2"]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice = cookie_for(server, "alice")

    # A live client answers pings (websockets does it itself) and stays connected.
    async def live():
        async with connect(server, f"/ws/{s}/{c}", alice, ping_interval=None) as ws:
            await asyncio.sleep(1.5)
            await send_message(ws, "still here")
            return await recv_json(ws)
    assert run(live())["new_message"]["content"] == "still here"

    # A peer that never answers is pinged, then dropped.
    raw = socket.create_connection(("127.0.0.1", server.port))
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall((f"GET /ws/{s}/{c} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                 f"Sec-WebSocket-Version: 13\r\nCookie: {alice}\r\n\r\n").encode())
    time.sleep(2.0)
    raw.settimeout(2)
    data = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            break
        data += chunk
    assert b"101 Switching Protocols" in data
    assert b"\x89\x00" in data  # a ping frame, then the connection was closed


def test_logout_closes_the_sessions_sockets_with_4001(make_server):
    server = make_server().start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    access, refresh = login_tokens(server, "alice")
    other = cookie_for(server, "alice")  # another session of the same user stays open

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", f"access_token={access}") as mine, \
                connect(server, f"/{s}/{c}", f"access_token={access}") as mine_original, \
                connect(server, f"/ws/{s}/{c}", other) as other_session:
            r = await asyncio.to_thread(
                requests.post, server.url("/api/logout/"),
                headers={"Cookie": f"access_token={access}; refresh_token={refresh}"})
            assert r.status_code == 200
            codes = [await close_code_of(mine), await close_code_of(mine_original)]
            await send_message(other_session, "other session alive")
            assert (await recv_json(other_session))["type"] == "chat.message"
            return codes

    assert run(scenario()) == [4001, 4001]


def test_shutdown_closes_sockets_with_1001(make_server):
    server = make_server().start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice = cookie_for(server, "alice")

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", alice) as ws:
            await asyncio.sleep(0.1)
            server.process.send_signal(signal.SIGTERM)
            return await close_code_of(ws)

    assert run(scenario()) == 1001
    assert server.process.wait(10) == 0


@pytest.mark.parametrize("commit_interval", ["0", "5"])
def test_every_acknowledged_message_survives_kill_9_exactly_once(make_server, commit_interval):
    server = make_server(args=FAST + ["--message-commit-interval", commit_interval]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    cookies = {n: cookie_for(server, n) for n in ("alice", "bob", "carol")}
    acknowledged = set()

    async def sender(name):
        try:
            async with connect(server, f"/ws/{s}/{c}", cookies[name]) as ws:
                async def reader():
                    while True:
                        frame = json.loads(await ws.recv())
                        m = frame.get("new_message", {})
                        if m.get("sender") == name and "nonce" in m:
                            acknowledged.add((name, m["content"]))
                reading = asyncio.create_task(reader())
                for i in range(100000):
                    await send_message(ws, f"{name}-crash-{i}", nonce=i)
                    if i % 20 == 0:
                        await asyncio.sleep(0.001)
                await reading
        except Exception:
            pass  # the server died under us

    async def scenario():
        tasks = [asyncio.create_task(sender(n)) for n in cookies]
        await asyncio.sleep(1.5)
        server.process.send_signal(signal.SIGKILL)
        await asyncio.wait(tasks, timeout=10)

    run(scenario())
    server.process.wait(10)
    assert len(acknowledged) > 100
    server.start()  # same data dir, same port
    rows = history(server, c)
    stored = {}
    for _, sender_name, content in rows:
        stored[(sender_name, content)] = stored.get((sender_name, content), 0) + 1
    missing = [a for a in acknowledged if stored.get(a) != 1]
    assert not missing, missing[:5]
