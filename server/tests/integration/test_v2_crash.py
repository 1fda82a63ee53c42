"""SPEC §6 under a crash: kill -9 during a burst of messages, edits, reactions and deletes from
several clients; after a restart on the same data dir every acknowledged event is in the events
route exactly once, and the sequence is 1..last_seq without a gap."""
import asyncio
import collections
import itertools
import json
import signal

import pytest
import requests
import websockets

from realtime_helpers import run
from v2_helpers import FAST, Api, connect, new_channel


class Acknowledged:
    """What the server confirmed: a frame echoed to its sender, or a 2xx REST answer."""

    def __init__(self):
        self.create, self.edit, self.add, self.remove, self.delete = (set() for _ in range(5))


async def burst_client(server, api, s, c, acked):
    """Sends a message, waits for its echo, then acts on it over REST (edit / react and unreact
    / delete, by turns) until the server dies."""
    loop = asyncio.get_running_loop()
    pending = {}
    try:
        async with connect(server, f"/ws/{s}/{c}", api.cookie) as ws:
            async def reader():
                try:
                    async for raw in ws:
                        m = json.loads(raw).get("new_message") or {}
                        future = pending.pop(m.get("nonce"), None)
                        if future and m.get("sender") == api.username and not future.done():
                            future.set_result(m["id"])
                except websockets.exceptions.ConnectionClosed:
                    pass
                finally:
                    for future in pending.values():
                        if not future.done():
                            future.set_exception(ConnectionError("socket closed"))

            reading = asyncio.create_task(reader())
            for i in itertools.count():
                nonce = f"{api.username}-{i}"
                pending[nonce] = loop.create_future()
                await ws.send(json.dumps({"type": "message", "message": f"burst {nonce}",
                                          "nonce": nonce}))
                mid = await asyncio.wait_for(pending[nonce], 10)
                acked.create.add(mid)
                await act_on(api, c, mid, i, acked)
            await reading
    except (ConnectionError, OSError, asyncio.TimeoutError, requests.RequestException,
            websockets.exceptions.WebSocketException):
        pass  # the server died under us


async def act_on(api, c, mid, i, acked):
    if i % 4 == 1:
        content = f"edited {api.username}-{i}"
        r = await asyncio.to_thread(api.edit, c, mid, content)
        if r.status_code == 200:
            acked.edit.add((mid, content))
    elif i % 4 == 2:
        if (await asyncio.to_thread(api.react, c, mid, "👍")).status_code == 204:
            acked.add.add((mid, "👍", api.id))
            if (await asyncio.to_thread(api.unreact, c, mid, "👍")).status_code == 204:
                acked.remove.add((mid, "👍", api.id))
    elif i % 4 == 3:
        if (await asyncio.to_thread(api.remove, c, mid)).status_code == 204:
            acked.delete.add(mid)


@pytest.mark.parametrize("commit_interval", ["0", "5"])
def test_every_acknowledged_event_survives_kill_9_once_with_gap_free_seqs(make_server,
                                                                          commit_interval):
    server = make_server(args=FAST + ["--message-commit-interval", commit_interval]).start()
    users = [Api(server, n) for n in ("alice", "bob", "carol")]
    s, c = new_channel(users[0], "Retro Arcade")
    acked = Acknowledged()

    async def scenario():
        tasks = [asyncio.create_task(burst_client(server, u, s, c, acked)) for u in users]
        await asyncio.sleep(1.5)
        server.process.send_signal(signal.SIGKILL)
        await asyncio.wait(tasks, timeout=15)

    run(scenario())
    server.process.wait(10)
    assert len(acked.create) > 50 and acked.edit and acked.add and acked.remove and acked.delete
    server.start()  # same data dir, same port
    reader = Api(server, "dave")
    events, last_seq = reader.all_events(c)
    assert [f["seq"] for f in events] == list(range(1, last_seq + 1))

    kinds_of = collections.defaultdict(list)
    counts = collections.Counter()
    for f in events:
        assert f["channel_id"] == c
        if f["type"] == "chat.message":
            key = ("create", f["new_message"]["id"])
        elif f["type"] == "chat.message_update":
            key = ("edit", (f["message"]["id"], f["message"]["content"]))
        elif f["type"] in ("chat.reaction_add", "chat.reaction_remove"):
            kind = "add" if f["type"] == "chat.reaction_add" else "remove"
            key = (kind, (f["message_id"], f["emoji"], f["user_id"]))
        else:
            assert f["type"] == "chat.message_delete", f
            key = ("delete", f["id"])
        counts[key] += 1
        kinds_of[key[1] if key[0] in ("create", "delete") else key[1][0]].append(key[0])
    assert max(counts.values()) == 1, [k for k, n in counts.items() if n > 1][:5]
    for kind in ("create", "edit", "add", "remove", "delete"):
        missing = [k for k in getattr(acked, kind) if counts[(kind, k)] != 1]
        assert not missing, (kind, missing[:5])
    # A message's events are in commit order: created first, deleted last.
    for mid, kinds in kinds_of.items():
        assert kinds[0] == "create", (mid, kinds)
        assert "delete" not in kinds[:-1], (mid, kinds)

    history = {m["id"] for m in reader.messages(c, limit=200)}
    newest = sorted(acked.create - acked.delete)[-100:]
    assert set(newest) <= history
    assert not history & acked.delete
