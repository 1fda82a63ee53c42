"""`parley backup` of a live database under write load, and restoring from it (SPEC §16)."""
import asyncio
import json
import pathlib
import shutil
import sqlite3
import tempfile
import threading
import time

import pytest

from conftest import ParleyServer, run_parley
from realtime_helpers import channel_ids, connect, cookie_for


# `parley backup` copies a SQLite file: not a PostgreSQL feature (pg_dump is; OPERATIONS.md).
pytestmark = pytest.mark.sqlite_only


def grow(db_path, channel_id, sender_id, count):
    """Makes the database big enough for the backup to take many steps."""
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO messages (channel_id, sender_id, content, created_at) VALUES (?, ?, ?, ?)",
            ((channel_id, sender_id, f"filler {i} " + "lorem ipsum " * 20, 1_700_000_000_000_000 + i)
             for i in range(count)))


class Writer(threading.Thread):
    """Posts chat messages one after another; records each id with when it was acknowledged."""

    def __init__(self, server, server_id, channel_id):
        super().__init__(daemon=True)
        self.server, self.server_id, self.channel_id = server, server_id, channel_id
        self.acked = []  # (monotonic time of the echo, message id)
        self.errors = []
        self.stop = threading.Event()

    def run(self):
        asyncio.run(self.write())

    async def write(self):
        cookie = cookie_for(self.server, "alice")
        try:
            async with connect(self.server, f"/ws/{self.server_id}/{self.channel_id}", cookie) as ws:
                n = 0
                while not self.stop.is_set():
                    n += 1
                    await ws.send(json.dumps({"type": "message", "message": f"live {n}",
                                              "nonce": str(n)}))
                    while True:
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                        if frame.get("type") == "error":
                            self.errors.append(frame)
                            break
                        if frame.get("new_message", {}).get("nonce") == str(n):
                            self.acked.append((time.monotonic(), frame["new_message"]["id"]))
                            break
        except Exception as e:  # the test reports it
            self.errors.append(repr(e))


@pytest.fixture
def busy_server(make_server):
    server = make_server(["--message-rate", "100000", "--message-burst", "100000",
                          "--log-level", "warn"])
    db = pathlib.Path(server.data_dir) / "parley.sqlite3"
    with sqlite3.connect(db) as conn:
        (alice,) = conn.execute("SELECT id FROM accounts WHERE username = 'alice'").fetchone()
    server_id, channel_id = channel_ids(server, "Retro Arcade", "general")
    grow(db, channel_id, alice, 60_000)
    server.start()
    return server, server_id, channel_id


def test_backup_under_write_load_is_consistent_and_restorable(busy_server, make_server):
    server, server_id, channel_id = busy_server
    out_dir = pathlib.Path(tempfile.mkdtemp(prefix="parley-backup-"))
    copy = out_dir / "copy.sqlite3"
    writer = Writer(server, server_id, channel_id)
    writer.start()
    try:
        deadline = time.monotonic() + 10
        while len(writer.acked) < 50 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(writer.acked) >= 50, writer.errors
        began = time.monotonic()
        acked_before = [mid for when, mid in writer.acked if when < began]
        result = run_parley("backup", "--data-dir", server.data_dir, "--to", str(copy),
                            "--step-pages", "32", "--pause-ms", "2", timeout=120)
        ended = time.monotonic()
        time.sleep(0.3)
    finally:
        writer.stop.set()
        writer.join(15)
    assert result.returncode == 0, result.stderr
    assert "checked" in result.stdout and ": ok" in result.stdout
    assert not writer.errors, writer.errors
    during = [mid for when, mid in writer.acked if began <= when <= ended]
    assert len(during) > 10, "the server kept acknowledging messages while the backup ran"
    steps = int(result.stdout.split("(")[-1].split(" steps")[0])
    assert steps > 20, result.stdout

    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    in_copy = {row[0] for row in conn.execute("SELECT id FROM messages WHERE channel_id = ?",
                                              (channel_id,))}
    missing = [mid for mid in acked_before if mid not in in_copy]
    assert not missing, f"acknowledged before the backup began but not in it: {missing[:10]}"
    # One snapshot: the copy's messages are a prefix of the channel's ids, without holes.
    newest = max(in_copy)
    with sqlite3.connect(pathlib.Path(server.data_dir) / "parley.sqlite3") as live:
        live_ids = [r[0] for r in live.execute(
            "SELECT id FROM messages WHERE channel_id = ? AND id <= ? ORDER BY id",
            (channel_id, newest))]
    assert sorted(in_copy) == live_ids
    conn.close()

    # Restore: the copy put in place of the database, or a server pointed at it, serves it.
    restored_dir = out_dir / "restored"
    restored_dir.mkdir()
    shutil.copy(copy, restored_dir / "parley.sqlite3")
    restored = ParleyServer(restored_dir, ["--log-level", "warn"]).start()
    try:
        alice = restored.login("alice")
        page = alice.get(restored.url("/api/messages/"),
                         params={"channel_id": channel_id, "limit": 5}).json()
        assert page[-1]["id"] == newest
        assert page[-1]["content"].startswith("live ")
    finally:
        restored.stop()
    direct = ParleyServer(out_dir / "direct", ["--database", str(copy), "--log-level", "warn"])
    (out_dir / "direct").mkdir()
    direct.start()
    try:
        page = direct.login("bob").get(direct.url("/api/messages/"),
                                       params={"channel_id": channel_id, "limit": 1}).json()
        assert page[-1]["id"] == newest
    finally:
        direct.stop()
    shutil.rmtree(out_dir, ignore_errors=True)


def test_backup_refuses_to_overwrite_and_bad_sources(make_server, tmp_path):
    server = make_server()
    target = tmp_path / "b.sqlite3"
    target.write_bytes(b"precious")
    r = run_parley("backup", "--data-dir", server.data_dir, "--to", str(target))
    assert r.returncode == 1 and "exists" in r.stderr
    assert target.read_bytes() == b"precious"

    r = run_parley("backup", "--data-dir", str(tmp_path / "nothing-here"), "--to",
                   str(tmp_path / "x.sqlite3"))
    assert r.returncode == 1 and "no database at" in r.stderr
    assert not (tmp_path / "x.sqlite3").exists()

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    r = run_parley("backup", "--database", str(other), "--to", str(tmp_path / "y.sqlite3"))
    assert r.returncode == 1 and "not a Parley database" in r.stderr
    assert not (tmp_path / "y.sqlite3").exists()
