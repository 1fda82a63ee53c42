"""SPEC §6: per-channel event sequences, resume by seq, the events route, deleted messages in
replays, and the original path left as it was."""
import asyncio
import contextlib
import json
import time

import requests

from realtime_helpers import recv_json, run, send_message
from v2_helpers import (FAST, MESSAGE_KEYS, NOT_FOUND, ORIGINAL_KEYS, Api, PacedStream, connect,
                        content_of, events_until, fast_server, gateway, new_channel, ready_of,
                        seq_trouble, without_nonce)

__all__ = ["fast_server"]


def to_thread(function, *args, **kwargs):
    return asyncio.to_thread(function, *args, **kwargs)


def test_every_change_gets_the_next_seq_and_the_route_has_the_frames_the_sockets_got(
        fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", bob.cookie) as watcher, \
                gateway(fast_server, bob.cookie) as bob_gateway, \
                connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as sender:
            await ready_of(bob_gateway)
            await send_message(sender, "first", nonce="n-1")
            first = (await events_until(sender, content_of("first")))[-1]["new_message"]
            second = await to_thread(bob.send, c, "second")
            assert (await to_thread(alice.edit, c, first["id"], "first, edited")).status_code == 200
            assert (await to_thread(bob.react, c, first["id"], "👍")).status_code == 204
            assert (await to_thread(bob.unreact, c, first["id"], "👍")).status_code == 204
            assert (await to_thread(bob.remove, c, second["id"])).status_code == 204
            frames = await events_until(watcher, lambda f: f["type"] == "chat.message_delete")
            via_gateway = await events_until(
                bob_gateway, lambda f: f["type"] == "chat.message_delete" and f["channel_id"] == c)
            return first, second, frames, [f for f in via_gateway if f["channel_id"] == c]

    first, second, frames, via_gateway = run(scenario())
    assert [f["seq"] for f in frames] == [1, 2, 3, 4, 5, 6]
    assert [f["type"] for f in frames] == ["chat.message", "chat.message", "chat.message_update",
                                           "chat.reaction_add", "chat.reaction_remove",
                                           "chat.message_delete"]
    assert all(f["channel_id"] == c for f in frames)
    assert set(frames[0]["new_message"]) == MESSAGE_KEYS | {"nonce"}
    assert frames[0]["new_message"]["nonce"] == "n-1"
    assert frames[2]["message"]["content"] == "first, edited"
    assert frames[2]["message"]["edited_at"] is not None
    assert frames[3] == {"type": "chat.reaction_add", "channel_id": c, "seq": 4,
                         "message_id": first["id"], "emoji": "👍", "user_id": bob.id}
    assert frames[4] == {**frames[3], "type": "chat.reaction_remove", "seq": 5}
    assert frames[5] == {"type": "chat.message_delete", "channel_id": c, "seq": 6,
                         "id": second["id"]}
    # The gateway got the very same frames.
    assert via_gateway == frames

    # The events route: the same frames (no nonce), except that the deleted message lost its
    # content.
    page = alice.events(c, after_seq=0)
    assert page["last_seq"] == 6
    expected = [without_nonce(f) for f in frames]
    expected[1]["new_message"] = {"id": second["id"], "deleted": True}
    assert page["events"] == expected


def test_resume_by_seq_replays_what_happened_offline_then_live_events_without_gap(fast_server):
    alice, bob, carol = (Api(fast_server, n) for n in ("alice", "bob", "carol"))
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", bob.cookie) as before:
            sent = [await to_thread(alice.send, c, f"m{i}") for i in range(1, 4)]
            seen = await events_until(before, lambda f: f["seq"] == 3)
        last_seen = seen[-1]["seq"]
        # While bob is away: an edit, a reaction, a delete, a reply, a reaction removed.
        assert (await to_thread(alice.edit, c, sent[0]["id"], "m1 edited")).status_code == 200
        assert (await to_thread(carol.react, c, sent[1]["id"], "❤️")).status_code == 204
        assert (await to_thread(alice.remove, c, sent[2]["id"])).status_code == 204
        await to_thread(carol.send, c, "m4", reply_to=sent[1]["id"])
        assert (await to_thread(carol.unreact, c, sent[1]["id"], "❤️")).status_code == 204

        async with connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as sender:
            async def live():
                for i in range(50):
                    await send_message(sender, f"live-{i}", nonce=i)
                    await asyncio.sleep(0.002)
            sending = asyncio.create_task(live())
            await asyncio.sleep(0.02)  # resume while live messages are being committed
            async with connect(fast_server, f"/ws/{s}/{c}?after_seq={last_seen}",
                               bob.cookie) as resumed:
                replayed = await events_until(resumed, content_of("live-49"))
            await sending
            await events_until(sender, content_of("live-49"))  # read, so that it closes at once
        return sent, replayed

    sent, replayed = run(scenario())
    seqs = [f["seq"] for f in replayed]
    assert seqs == list(range(4, 4 + len(seqs))), seqs
    assert [f["type"] for f in replayed[:5]] == [
        "chat.message_update", "chat.reaction_add", "chat.message_delete", "chat.message",
        "chat.reaction_remove"]
    assert replayed[0]["message"]["content"] == "m1 edited"
    assert replayed[2]["id"] == sent[2]["id"]
    assert replayed[3]["new_message"]["reply_to"]["id"] == sent[1]["id"]
    assert [f["new_message"]["content"] for f in replayed[5:]] == [f"live-{i}" for i in range(50)]
    route, last_seq = alice.all_events(c)
    assert last_seq == seqs[-1]
    assert [without_nonce(f) for f in replayed] == route[3:]


def test_deleted_messages_replay_without_their_content_anywhere(fast_server):
    alice, bob, carol = (Api(fast_server, n) for n in ("alice", "bob", "carol"))
    s, c = new_channel(alice, "Retro Arcade")
    secret, secret_edited = "the secret plan 7f3a", "an even more secret plan 9c1d"
    kept = alice.send(c, "nothing to hide")
    doomed = bob.send(c, secret)
    reply = carol.send(c, "quoting it", reply_to=doomed["id"])
    assert reply["reply_to"]["content"] == secret
    assert bob.edit(c, doomed["id"], secret_edited).status_code == 200
    assert carol.react(c, doomed["id"], "🎉").status_code == 204
    assert alice.react(c, kept["id"], "🎉").status_code == 204
    assert bob.remove(c, doomed["id"]).status_code == 204
    gone = {"id": doomed["id"], "deleted": True}

    route, last_seq = carol.all_events(c)
    assert last_seq == 7 and [f["seq"] for f in route] == list(range(1, 8))

    async def replay():
        async with connect(fast_server, f"/ws/{s}/{c}?after_seq=0", carol.cookie) as ws:
            return await events_until(ws, lambda f: f["seq"] == last_seq)

    replayed = run(replay())
    assert [without_nonce(f) for f in replayed] == route
    for frame in replayed:
        assert secret not in json.dumps(frame, ensure_ascii=False), frame
        assert secret_edited not in json.dumps(frame, ensure_ascii=False), frame
    by_seq = {f["seq"]: f for f in route}
    assert by_seq[1]["new_message"]["content"] == "nothing to hide"
    assert by_seq[2] == {"type": "chat.message", "channel_id": c, "seq": 2, "new_message": gone}
    assert by_seq[3]["new_message"]["reply_to"] == gone
    assert by_seq[4] == {"type": "chat.message_update", "channel_id": c, "seq": 4, "message": gone}
    assert by_seq[5] == {"type": "chat.reaction_add", "channel_id": c, "seq": 5,
                         "message_id": doomed["id"], "deleted": True}
    assert by_seq[6] == {"type": "chat.reaction_add", "channel_id": c, "seq": 6,
                         "message_id": kept["id"], "emoji": "🎉", "user_id": alice.id}
    assert by_seq[7] == {"type": "chat.message_delete", "channel_id": c, "seq": 7,
                         "id": doomed["id"]}


def test_resume_by_message_id_keeps_its_original_meaning(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    sent = [alice.send(c, f"m{i}") for i in range(5)]

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}?after={sent[1]['id']}", bob.cookie) as ws, \
                connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as sender:
            await send_message(sender, "live")
            return await events_until(ws, content_of("live"))

    frames = run(scenario())
    assert [f["type"] for f in frames] == ["chat.message"] * 4
    assert [f["new_message"]["id"] for f in frames[:3]] == [m["id"] for m in sent[2:]]
    assert [f["new_message"]["content"] for f in frames] == ["m2", "m3", "m4", "live"]


def test_the_original_path_still_gets_only_chat_messages_of_the_original_shape(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with connect(fast_server, f"/{s}/{c}", bob.cookie) as original:
            first = await to_thread(alice.send, c, "first", nonce="n")
            other = await to_thread(alice.send, c, "second", reply_to=first["id"])
            await to_thread(alice.edit, c, first["id"], "first edited")
            await to_thread(bob.react, c, first["id"], "👍")
            await to_thread(bob.unreact, c, first["id"], "👍")
            await to_thread(alice.remove, c, other["id"])
            await to_thread(alice.send, c, "last")
            frames = []
            while not frames or frames[-1]["new_message"]["content"] != "last":
                frames.append(await recv_json(original, 10))
            return first, frames

    first, frames = run(scenario())
    assert len(frames) == 3
    for frame in frames:
        assert set(frame) == {"type", "new_message"}, frame
        assert frame["type"] == "chat.message"
        assert set(frame["new_message"]) == ORIGINAL_KEYS, frame
    assert frames[0]["new_message"] == {k: first[k] for k in ORIGINAL_KEYS}


def test_the_events_route_pages_with_a_default_of_100_and_a_clamp_of_500(fast_server):
    alice = Api(fast_server, "alice")
    s, c = new_channel(alice, "Retro Arcade")
    total = 520

    async def fill():
        async with connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as ws:
            for i in range(total):
                await send_message(ws, f"bulk-{i}")
            await events_until(ws, content_of(f"bulk-{total - 1}"), timeout=30)

    run(fill())
    page = alice.events(c, after_seq=0)
    assert page["last_seq"] == total
    assert [f["seq"] for f in page["events"]] == list(range(1, 101))
    assert [f["seq"] for f in alice.events(c, after_seq=0, limit=1000)["events"]] == \
        list(range(1, 501))
    page = alice.events(c, after_seq=510, limit=5)
    assert [f["new_message"]["content"] for f in page["events"]] == \
        [f"bulk-{i}" for i in range(510, 515)]
    assert page["last_seq"] == total
    assert alice.events(c, after_seq=total) == {"events": [], "last_seq": total}
    assert alice.events(c, after_seq=10 ** 6) == {"events": [], "last_seq": total}
    # The route answers without the trailing slash too, and to a member of no server.
    bare = alice.get(f"/api/channels/{c}/events", params={"after_seq": 510, "limit": 5})
    assert bare.status_code == 200 and bare.json() == page
    assert Api(fast_server, "dave").events(c, after_seq=510, limit=5) == page


def test_a_new_channel_starts_at_seq_1_and_the_route_reports_0_before_any_event(fast_server):
    alice = Api(fast_server, "alice")
    _, c = new_channel(alice, "Retro Arcade")
    assert alice.events(c, after_seq=0) == {"events": [], "last_seq": 0}
    assert alice.events(c) == {"events": [], "last_seq": 0}  # after_seq defaults to 0
    m = alice.send(c, "hello")
    page = alice.events(c, after_seq=0)
    assert page["last_seq"] == 1
    assert page["events"] == [{"type": "chat.message", "channel_id": c, "seq": 1,
                               "new_message": m}]


def test_bad_after_seq_or_limit_is_a_400_field_error(fast_server):
    alice = Api(fast_server, "alice")
    _, c = new_channel(alice, "Retro Arcade")
    alice.send(c, "one event")
    for field in ("after_seq", "limit"):
        for value in ("abc", "-1", "1.5", "1e3", "0x10"):
            params = {"after_seq": 0, "limit": 10, field: value}
            r = alice.get(f"/api/channels/{c}/events/", params=params)
            assert r.status_code == 400, (field, value, r.status_code, r.text)
            body = r.json()
            assert list(body) == [field] and isinstance(body[field], list) and body[field], body
        # Beyond any 64-bit integer: refused or read as "nothing after that", never a crash.
        params = {"after_seq": 0, "limit": 10, field: "99999999999999999999999"}
        r = alice.get(f"/api/channels/{c}/events/", params=params)
        assert r.status_code in (200, 400), (field, r.status_code, r.text)


def test_the_events_of_a_channel_the_caller_cannot_see_are_not_found(fast_server):
    alice = Api(fast_server, "alice")
    s, c = new_channel(alice, "Retro Arcade")
    for channel in (999999, 2 ** 40):
        r = alice.get(f"/api/channels/{channel}/events/", params={"after_seq": 0})
        assert r.status_code == 404 and r.json() == NOT_FOUND
    r = alice.get("/api/channels/abc/events/", params={"after_seq": 0})
    assert r.status_code in (400, 404) and "detail" in r.json()
    r = requests.get(fast_server.url(f"/api/channels/{c}/events/"), timeout=10)
    assert r.status_code == 401

    async def unknown_channel_socket():
        async with connect(fast_server, f"/ws/{s}/999999?after_seq=0", alice.cookie) as ws:
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except Exception:
                pass
            return ws.close_code

    assert run(unknown_channel_socket()) == 4004


def test_each_channel_counts_its_own_events(fast_server):
    alice = Api(fast_server, "alice")
    _, a = new_channel(alice, "Retro Arcade")
    _, b = new_channel(alice, "Retro Arcade")
    for i in range(5):
        alice.send(a, f"a{i}")
        if i % 2 == 0:
            alice.send(b, f"b{i}")
    assert [f["seq"] for f in alice.events(a)["events"]] == [1, 2, 3, 4, 5]
    assert [f["seq"] for f in alice.events(b)["events"]] == [1, 2, 3]
    assert [f["new_message"]["content"] for f in alice.events(b)["events"]] == ["b0", "b2", "b4"]


def test_resuming_mid_stream_again_and_again_never_loses_or_repeats_an_event(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    total, resumes = 600, 15

    async def collect(ws):
        seqs = []
        while True:
            frame = await recv_json(ws, 10)
            seqs.append(frame["seq"])
            if frame.get("new_message", {}).get("content") == f"stream-{total - 1}":
                return seqs

    async def scenario():
        async with contextlib.AsyncExitStack() as stack:
            sender = await stack.enter_async_context(
                connect(fast_server, f"/ws/{s}/{c}", alice.cookie))
            stream = PacedStream(sender, total)
            streaming = asyncio.create_task(stream.run())
            watchers = []
            for k in range(resumes):
                echo = await stream.reached(20 + 35 * k)
                after = echo["seq"] - 3  # a client that missed the last few
                ws = await stack.enter_async_context(
                    connect(fast_server, f"/ws/{s}/{c}?after_seq={after}", bob.cookie))
                watchers.append((after, asyncio.create_task(collect(ws))))
            await streaming
            return [(after, await task) for after, task in watchers]

    for after, seqs in run(scenario()):
        assert seqs == list(range(after + 1, total + 1)), (after, seq_trouble(seqs, after + 1))


def test_asking_for_trimmed_events_says_resync_required(make_server):
    # Keep only the newest 5 events of a channel, whatever their age (trimmed at start).
    args = [*FAST, "--event-retention-days", "0", "--event-retention-count", "5"]
    server = make_server(args=args).start()
    alice = Api(server, "alice")
    s, c = new_channel(alice, "Retro Arcade")
    for i in range(12):
        alice.send(c, f"old-{i}")
    server.stop()
    server.start()
    alice = Api(server, "alice")
    deadline = time.monotonic() + 5  # the trim at start runs beside the first requests
    while True:
        r = alice.get(f"/api/channels/{c}/events/", params={"after_seq": 0})
        if r.status_code != 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 410, (r.status_code, r.text[:300])
    assert r.json()["code"] == "resync_required" and r.json()["detail"]
    page = alice.events(c, after_seq=7)
    assert page["last_seq"] == 12
    assert [f["new_message"]["content"] for f in page["events"]] == [f"old-{i}" for i in range(7, 12)]

    async def resume(after):
        async with connect(server, f"/ws/{s}/{c}?after_seq={after}", alice.cookie) as ws:
            return await recv_json(ws, 10)

    assert run(resume(0)) == {"type": "resync_required", "channel_id": c}
    assert run(resume(7))["seq"] == 8
    # Seqs go on from the last one: never reused after a trim.
    alice.send(c, "new")
    assert alice.events(c, after_seq=12)["events"][0]["seq"] == 13
