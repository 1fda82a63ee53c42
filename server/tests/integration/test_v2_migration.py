"""A data dir written by the previous (pre-v2) version: after the upgrade its history reads with
the §7 keys, and the first new event of an old channel gets seq 1 (old messages are not
rewritten into events).

The previous binary comes from PARLEY_V1_BIN, else build-v1/parley in this checkout (build the
commit before v2 there). Without one, v1_snapshot/ is used: a database that binary made the
same way (demo data loaded, the three messages of post_with_v1 sent), kept in the repository."""
import asyncio
import json
import os
import shutil

import pytest

import conftest
from realtime_helpers import recv_json, run, send_message
from v2_helpers import (FAST, MESSAGE_KEYS, Api, channel_of, connect, events_until, gateway,
                        ready_of)

V1_BIN = os.environ.get("PARLEY_V1_BIN") or str(conftest.REPO / "build-v1" / "parley")
V1_SNAPSHOT = conftest.REPO / "server" / "tests" / "integration" / "v1_snapshot"


# Upgrades a SQLite file the pre-v2 binary made.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def v1_data_dir(tmp_path, monkeypatch):
    """Demo data loaded, and messages posted, by the previous version."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if not os.access(V1_BIN, os.X_OK):
        shutil.copy(V1_SNAPSHOT / "parley.sqlite3", data_dir / "parley.sqlite3")
        return data_dir, json.loads((V1_SNAPSHOT / "posted.json").read_text())
    with monkeypatch.context() as m:
        m.setattr(conftest, "BIN", V1_BIN)
        conftest.load_demo(data_dir)
        old = conftest.ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
        try:
            s, c = channel_of(old, "Retro Arcade", "general")
            _, empty = channel_of(old, "Retro Arcade", "high-scores")
            # The binary really is the previous version: it has no events route.
            r = old.login("alice").get(old.url(f"/api/channels/{c}/events/"), timeout=10)
            assert r.status_code == 404, f"{V1_BIN} already serves v2 routes"
            posted = run(post_with_v1(old, s, c, empty))
        finally:
            assert old.stop() == 0, old.log()
    return data_dir, posted


async def post_with_v1(server, s, c, empty):
    cookies = {n: "access_token=" + server.login(n).cookies.get("access_token")
               for n in ("alice", "bob")}
    posted = []
    for channel, sender, text in [(c, "alice", "written by v1"), (c, "bob", "v1 reply, sort of"),
                                  (empty, "bob", "first in high-scores")]:
        async with connect(server, f"/ws/{s}/{channel}", cookies[sender]) as ws:
            await send_message(ws, text, nonce="v1")
            frame = await recv_json(ws, 10)
            assert frame["new_message"]["content"] == text
            posted.append(frame["new_message"])
    return posted


def test_old_history_reads_with_the_new_keys_and_new_events_start_at_seq_1(v1_data_dir):
    data_dir, posted = v1_data_dir
    server = conftest.ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    try:
        alice, bob = Api(server, "alice"), Api(server, "bob")
        s, c = channel_of(server, "Retro Arcade", "general")
        history = alice.messages(c)
        assert [m["content"] for m in history] == [
            "Welcome to Retro Arcade!", "Hi all, just beat my Galaga record", "written by v1",
            "v1 reply, sort of"]
        for m in history:
            assert set(m) >= MESSAGE_KEYS, m
            assert m["channel_id"] == c and m["edited_at"] is None and m["reply_to"] is None
            assert m["mentions"] == [] and m["mention_everyone"] is False
            assert m["reactions"] == [] and m["attachments"] == []
        for old, now in zip(posted[:2], history[2:]):
            assert {k: now[k] for k in old if k != "nonce"} == \
                {k: v for k, v in old.items() if k != "nonce"}
        assert alice.get("/api/messages/", params={"channel_id": c}).json() == history
        assert alice.events(c, after_seq=0) == {"events": [], "last_seq": 0}

        async def ready():
            async with gateway(server, alice.cookie) as ws:
                return await ready_of(ws)

        channels = {ch["id"]: ch for srv in run(ready())["servers"] for ch in srv["channels"]}
        assert channels[c]["last_seq"] == 0 and channels[c]["last_message_id"] == posted[1]["id"]

        async def new_events():
            async with connect(server, f"/ws/{s}/{c}", bob.cookie) as ws:
                assert (await asyncio.to_thread(alice.react, c, history[0]["id"], "🕹️")
                        ).status_code == 204
                await asyncio.to_thread(bob.send, c, "hello from v2", reply_to=posted[0]["id"])
                edited = await asyncio.to_thread(alice.edit, c, posted[0]["id"], "edited in v2")
                assert edited.status_code == 200
                return await events_until(ws, lambda f: f["type"] == "chat.message_update")

        frames = run(new_events())
        assert [(f["seq"], f["type"]) for f in frames] == [
            (1, "chat.reaction_add"), (2, "chat.message"), (3, "chat.message_update")]
        assert frames[1]["new_message"]["reply_to"]["content"] == "written by v1"
        assert frames[2]["message"]["edited_at"] is not None
        page = alice.events(c, after_seq=0)
        assert page["last_seq"] == 3 and [f["seq"] for f in page["events"]] == [1, 2, 3]
        _, high_scores = channel_of(server, "Retro Arcade", "high-scores")
        assert [m["content"] for m in alice.messages(high_scores)] == ["first in high-scores"]
        assert alice.events(high_scores) == {"events": [], "last_seq": 0}
    finally:
        server.stop()

    # Upgrading is done once: a second start keeps both the old history and the new events.
    server = conftest.ParleyServer(data_dir, ["--log-level", "warn"]).start()
    try:
        alice = Api(server, "alice")
        assert alice.events(c)["last_seq"] == 3
        assert [m["content"] for m in alice.messages(c)][2:] == [
            "edited in v2", "v1 reply, sort of", "hello from v2"]
    finally:
        server.stop()
