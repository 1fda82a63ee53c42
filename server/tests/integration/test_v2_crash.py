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
    """Keeps up to 20 messages in flight over its socket and, as their echoes come back, acts on
    them over REST (edit / react and unreact / delete, by turns) until the server dies. A 429
    is not an acknowledgement: the client moves on."""
    api.wait_out_429 = False
    echoed = asyncio.Queue()
    window = asyncio.Semaphore(20)
    try:
        async with connect(server, f"/ws/{s}/{c}", api.cookie) as ws:
            async def reader():
                async for raw in ws:
                    m = json.loads(raw).get("new_message") or {}
                    if m.get("sender") == api.username and "nonce" in m:
                        acked.create.add(m["id"])
                        window.release()
                        echoed.put_nowait((m["nonce"], m["id"]))

            async def writer():
                for i in itertools.count():
                    await window.acquire()
                    await ws.send(json.dumps({"type": "message", "message": f"burst {api.username}"
                                              f"-{i}", "nonce": i}))

            async def actor():
                while True:
                    i, mid = await echoed.get()
                    await act_on(api, c, mid, i, acked)

            tasks = [asyncio.create_task(t()) for t in (reader, writer, actor)]
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:
                task.exception()  # retrieved: the server died under us
    except (ConnectionError, OSError, requests.RequestException,
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
