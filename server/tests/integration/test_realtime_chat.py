"""SPEC §3: both WebSocket paths deliver stored messages to every socket of the channel."""
import asyncio
import re

import pytest

from realtime_helpers import (channel_ids, connect, cookie_for, history, recv_json, recv_until,
                              run, send_message)

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def test_two_clients_on_both_paths_receive_a_message_once(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    alice, bob = cookie_for(demo_server, "alice"), cookie_for(demo_server, "bob")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", alice) as sender, \
                connect(demo_server, f"/{s}/{c}", bob) as original, \
                connect(demo_server, f"/ws/{s}/{c}", bob) as parley:
            await send_message(sender, "hello everyone", nonce="n-1")
            frames = [await recv_json(ws) for ws in (sender, original, parley)]
            # Nothing else arrives: each socket got the message exactly once.
            for ws in (sender, original, parley):
                try:
                    extra = await asyncio.wait_for(ws.recv(), 0.3)
                    raise AssertionError(f"unexpected frame {extra}")
                except asyncio.TimeoutError:
                    pass
            return frames

    mine, theirs_original, theirs_parley = run(scenario())
    for frame in (mine, theirs_original, theirs_parley):
        assert frame["type"] == "chat.message"
        m = frame["new_message"]
        assert m["sender"] == "alice" and m["content"] == "hello everyone"
        assert m["channel_id"] == c and isinstance(m["sender_id"], int)
        assert TIMESTAMP.match(m["timestamp"]), m["timestamp"]
        assert m["id"] == mine["new_message"]["id"]
    assert mine["new_message"]["nonce"] == "n-1"
    assert theirs_parley["new_message"]["nonce"] == "n-1"
    assert "nonce" not in theirs_original["new_message"]
    # Stored before anyone saw it.
    assert (mine["new_message"]["id"], "alice", "hello everyone") in history(demo_server, c)


def test_anyone_logged_in_may_read_a_channel(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "high-scores")
    alice, dave = cookie_for(demo_server, "alice"), cookie_for(demo_server, "dave")

    async def scenario():
        async with connect(demo_server, f"/ws/{s}/{c}", dave) as reader, \
                connect(demo_server, f"/ws/{s}/{c}", alice) as sender:
            await send_message(sender, "read by a non-member")
            return await recv_json(reader)

    assert run(scenario())["new_message"]["content"] == "read by a non-member"


@pytest.mark.parametrize("commit_interval", ["0", "5"])
def test_order_is_the_same_id_order_for_everyone_under_concurrent_senders(make_server,
                                                                          commit_interval):
    # With a commit interval, messages share commits and reach each socket several per write.
    server = make_server(args=["--message-rate", "1000", "--message-burst", "1000",
                               "--message-commit-interval", commit_interval]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    senders = ["alice", "bob", "carol"]
    cookies = {name: cookie_for(server, name) for name in senders}
    per_sender = 60

    async def scenario():
        readers = [await connect(server, f"/ws/{s}/{c}", cookies["alice"]).__aenter__(),
                   await connect(server, f"/{s}/{c}", cookies["bob"]).__aenter__()]
        sockets = [await connect(server, f"/ws/{s}/{c}", cookies[n]).__aenter__() for n in senders]

        async def send_all(ws, name):
            for i in range(per_sender):
                await send_message(ws, f"{name}-{i}")

        await asyncio.gather(*(send_all(ws, n) for ws, n in zip(sockets, senders)))
        total = per_sender * len(senders)
        seen = []
        for ws in readers + sockets:
            ids = []
            while len(ids) < total:
                frame = await recv_json(ws, 10)
                assert frame["type"] == "chat.message", frame
                ids.append(frame["new_message"]["id"])
            seen.append(ids)
        for ws in readers + sockets:
            await ws.close()
        return seen

    seen = run(scenario())
    stored = [row[0] for row in history(server, c)][-per_sender * len(senders):]
    for ids in seen:
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert ids == stored


def test_a_socket_gets_every_message_sent_once_its_connection_is_open(make_server):
    # The server subscribes a socket before its 101 leaves (and after moving it to its
    # channel's thread), so a message sent the moment a connection opens reaches it.
    server = make_server(args=["--message-rate", "1000", "--message-burst", "1000"]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice, bob = cookie_for(server, "alice"), cookie_for(server, "bob")

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", alice) as sender:
            for i in range(40):
                path = f"/ws/{s}/{c}" if i % 2 else f"/{s}/{c}"
                text = f"hello newcomer {i}"
                async with connect(server, path, bob) as newcomer:
                    await send_message(sender, text)
                    # Times out (and fails) if the newcomer missed it.
                    await recv_until(newcomer,
                                     lambda f: f.get("new_message", {}).get("content") == text, 5)

    run(scenario())
