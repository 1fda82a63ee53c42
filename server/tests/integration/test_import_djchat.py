"""`parley import-djchat` against databases the original djchat made (SPEC §15).

The module starts the Django reference peer, fills it through its own API (registration,
login, the admin site with uploaded images, membership, WebSocket chat), stops it, and imports
its SQLite file and media folder. Then users log in to Parley with their old passwords and
read the same history through Parley's REST API.
"""
import datetime
import hashlib
import pathlib
import shutil
import sqlite3
import tempfile
import time
import types

import pytest
import requests

from conftest import BACKEND, ParleyServer, load_demo, run_parley
from djchat_peer import DjchatPeer, jpeg_bytes, png_bytes, require_peer
from realtime_helpers import db

# On the PostgreSQL run, the import writes into the data dir's private PostgreSQL database
# (conftest gives `--database` to every command naming a --data-dir), and the server reads it.

TABLES = ("accounts", "categories", "servers", "channels", "memberships", "messages")


PASSWORDS = {"alice": "alice-demo-pass-1", "bob": "bob-demo-pass-1",
             "carol": "carol-demo-pass-1", "dave": "dave-demo-pass-1",
             "erin": "erin-original-pass-1", "BOB": "shouty-bob-pass-1"}
LONG_TEXT = "x" * 5000


@pytest.fixture(scope="module")
def djchat():
    """A djchat database and media folder made by the original, and what it served."""
    require_peer()
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="djchat-peer-"))
    peer = DjchatPeer(workdir).start()
    try:
        peer.register("erin", PASSWORDS["erin"])
        peer.register("BOB", PASSWORDS["BOB"])  # djchat's uniqueness is case-sensitive
        admin = peer.admin()
        category = peer.admin_add(admin, "category", {"name": "Pixel Makers",
                                                      "description": "drawing"},
                                  files={"icon": ("pixel.png", png_bytes(40, 40), "image/png")})
        # The course used SVG category icons; Parley's images are JPEG, PNG, GIF or WebP.
        peer.admin_add(admin, "category", {"name": "Vectors", "description": "svg icon"},
                       files={"icon": ("vector.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                                       "image/svg+xml")})
        server = peer.admin_add(
            admin, "server",
            {"name": "Pixel Art", "owner": "1", "category": str(category),
             "description": "Sprites and palettes", "member": ["1", "2"]},
            files={"icon": ("icon.png", png_bytes(64, 64), "image/png"),
                   "banner": ("banner.jpg", jpeg_bytes(900, 300), "image/jpeg")})
        channel = peer.admin_add(admin, "channel", {"name": "canvas", "owner": "1",
                                                    "topic": "show your work",
                                                    "server": str(server)})
        sessions = {name: peer.login(name, PASSWORDS[name])
                    for name in ("alice", "bob", "carol", "erin", "BOB")}
        peer.join(sessions["erin"], 1)
        peer.join(sessions["erin"], server)
        peer.join(sessions["BOB"], 1)
        # The original checks membership on the server whose id is the channel's: channel 1
        # is in server 1 (alice, bob, carol, erin, BOB), channel 2 in server 1 as well, checked
        # on server 2 (bob, dave).
        peer.send(sessions["alice"], 1, 1, ["first from alice", "  spaced  out  "])
        peer.send(sessions["erin"], 1, 1, ["erin says hi", "ünïcödé ✓ 🎨"])
        peer.send(sessions["alice"], 1, 1, ["", "   \n\t", LONG_TEXT, "back to normal"])
        peer.send(sessions["BOB"], 1, 1, ["I am not bob"])
        peer.send(sessions["bob"], 1, 2, ["high score: 999,999"])
        peer.send(sessions["carol"], 1, 1, ["last word"])
        snapshot = {
            "server": server, "channel": channel, "category": category,
            "servers": {s["id"]: s for s in peer.servers()},
            "history": {c: peer.history(c) for c in range(1, channel + 1)},
        }
    finally:
        peer.stop()
    with sqlite3.connect(peer.db) as conn:
        snapshot["accounts"] = {row[0]: row[1:] for row in conn.execute(
            "SELECT id, username, is_staff, date_joined FROM account_account")}
    yield peer, snapshot
    shutil.rmtree(workdir, ignore_errors=True)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def imported(expected_text, sender):
    """Whether Parley keeps this djchat message."""
    return (sender != "BOB" and expected_text.strip() != "" and len(expected_text) <= 4000)


def import_into(data_dir, peer, *extra):
    return run_parley("import-djchat", "--from", f"sqlite:///{peer.db}", "--media-root",
                      str(peer.media), "--data-dir", str(data_dir), *extra, timeout=300)


def target(data_dir):
    """The import's target database, opened with SQL whichever backend this run uses."""
    return db(types.SimpleNamespace(data_dir=str(data_dir)))


def row_counts(data_dir):
    with target(data_dir) as conn:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES]


def holds_nothing(data_dir):
    """No database file (SQLite), or a database without a row of Parley's (PostgreSQL: its
    private database exists from the start, and a failed import may have migrated it)."""
    if BACKEND == "sqlite":
        return not (pathlib.Path(data_dir) / "parley.sqlite3").exists()
    try:
        return sum(row_counts(data_dir)) == 0
    except Exception as e:  # not even migrated: psycopg2's UndefinedTable
        return "does not exist" in str(e)


def file_digest(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


@pytest.fixture
def target_dir():
    d = pathlib.Path(tempfile.mkdtemp(prefix="parley-import-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_import_then_log_in_with_old_passwords_and_read_the_same_history(djchat, target_dir):
    peer, snap = djchat
    result = import_into(target_dir, peer)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "refused:" in out
    assert "reserved username" in out                      # djchat's superuser "admin"
    assert "duplicate-looking username" in out             # "BOB" next to "bob"
    assert "empty or only white space" in out
    assert "longer than 4,000 characters" in out
    assert "its sender's account was refused" in out       # BOB's message
    assert "log in with their old password" in out
    assert "category icon: Upload a valid image" in out    # the SVG, category kept without it
    assert "messages: 1" in out and "committing" in out    # plain progress lines (not a tty)

    server = ParleyServer(target_dir, ["--log-level", "warn"]).start()
    try:
        for name in ("alice", "bob", "carol", "dave", "erin"):
            s = server.login(name, PASSWORDS[name])
            me = s.get(server.url("/api/account/me/")).json()
            account_id, (username, is_staff, joined) = next(
                (i, v) for i, v in snap["accounts"].items() if v[0] == name)
            assert me["id"] == account_id and me["username"] == username
            assert me["is_staff"] == bool(is_staff)
            assert parse_time(me["date_joined"]) == parse_time(joined + "+00:00")
        for name in ("BOB", "admin"):
            r = requests.post(server.url("/api/token/"),
                              json={"username": name, "password": PASSWORDS.get(name, "x" * 12)})
            assert r.status_code == 401
        with target(target_dir) as conn:
            (hash_,) = conn.execute(
                "SELECT password_hash FROM accounts WHERE username = 'erin'").fetchone()
        assert hash_.startswith("$argon2id$")  # upgraded at the first login
        with target(target_dir) as conn:
            stale = conn.execute(
                "SELECT id FROM channels WHERE last_message_id != "
                "COALESCE((SELECT MAX(id) FROM messages WHERE channel_id = channels.id), 0)"
            ).fetchall()
        assert stale == []  # the gateway's last_message_id of every channel

        # The same history, message for message: ids, senders, texts, timestamps, order.
        alice = server.login("alice", PASSWORDS["alice"])
        total = 0
        for channel_id, original in snap["history"].items():
            expected = [m for m in original if imported(m["content"], m["sender"])]
            got = alice.get(server.url("/api/messages/"),
                            params={"channel_id": channel_id, "limit": 200}).json()
            assert [m["id"] for m in got] == [m["id"] for m in expected], channel_id
            for mine, theirs in zip(got, expected):
                assert mine["sender"] == theirs["sender"]
                assert mine["content"] == theirs["content"]
                assert parse_time(mine["timestamp"]) == parse_time(theirs["timestamp"])
            total += len(got)
        assert total == 11  # the demo's 4 and the 7 of this test that Parley allows

        # The imported history is searchable (SQLite: the first serve indexes it; PostgreSQL:
        # the import stored each message's tokens).
        word = next(w for m in snap["history"][1] if imported(m["content"], m["sender"])
                    for w in m["content"].split() if w.isalpha() and len(w) > 3)
        for _ in range(50):
            found = alice.get(server.url("/api/channels/1/messages/search/"),
                              params={"q": word}).json()
            if found["total_results"]:
                break
            time.sleep(0.1)
        assert found["total_results"] >= 1, (word, found)
        assert all(word.lower() in m["content"].lower() for m in found["messages"])

        # New rows get ids after the imported ones (PostgreSQL's identities were moved on).
        newest = max(m["id"] for h in snap["history"].values() for m in h)
        r = alice.post(server.url("/api/channels/1/messages/"), json={"content": "after import"})
        assert r.status_code == 201, r.text
        assert r.json()["id"] > newest
        r = requests.post(server.url("/api/register/"),
                          json={"username": "newcomer", "password": "newcomer-pass-1"})
        assert r.status_code == 201, r.text
        newcomer = server.login("newcomer", "newcomer-pass-1")
        imported_ids = [i for i, v in snap["accounts"].items() if v[0] not in ("BOB", "admin")]
        assert newcomer.get(server.url("/api/account/me/")).json()["id"] > max(imported_ids)
        spaced = [m for m in snap["history"][1] if m["content"] == "  spaced  out  "]
        assert spaced, "text is kept exactly as sent"

        # Servers, channels, categories; memberships (owners included); images re-encoded.
        listed = {s["id"]: s for s in requests.get(
            server.url("/api/server/select/"), params={"with_num_members": "true"}).json()}
        assert set(listed) == set(snap["servers"])
        for sid, theirs in snap["servers"].items():
            mine = listed[sid]
            assert mine["name"] == theirs["name"]
            assert mine["description"] == theirs["description"]
            assert mine["category"] == theirs["category"]
            assert [(c["id"], c["name"], c["topic"]) for c in mine["channel_server"]] == \
                [(c["id"], c["name"], c["topic"]) for c in theirs["channel_server"]]
        pixel = listed[snap["server"]]
        # djchat's admin did not make the owner a member; Parley's owner always is.
        assert pixel["num_members"] == 3  # alice (its owner) and bob from the admin, erin joined
        for key in ("icon", "banner"):
            assert pixel[key] and pixel[key].endswith(".webp"), pixel
            r = requests.get(server.url(pixel[key]))
            assert r.status_code == 200 and r.headers["Content-Type"] == "image/webp"
        categories = {c["name"]: c for c in
                      requests.get(server.url("/api/server/category/")).json()}
        assert categories["pixel makers"]["icon"].endswith(".webp")
        assert categories["vectors"]["icon"] is None
        erin = server.login("erin", PASSWORDS["erin"])
        mine = erin.get(server.url("/api/server/select/"), params={"by_user": "true"}).json()
        assert sorted(s["id"] for s in mine) == sorted([1, snap["server"]])
    finally:
        server.stop()


def test_import_twice_copies_nothing_the_second_time(djchat, target_dir):
    peer, _ = djchat
    first = import_into(target_dir, peer)
    assert first.returncode == 0, first.stderr
    def counts():
        return row_counts(target_dir)

    before = counts()
    media_before = sorted(p.name for p in (target_dir / "media").rglob("*") if p.is_file())
    second = import_into(target_dir, peer)
    assert second.returncode == 0, second.stderr
    assert "nothing copied" in second.stdout and "already holds this import" in second.stdout
    assert counts() == before
    assert sorted(p.name for p in (target_dir / "media").rglob("*") if p.is_file()) == media_before

    # Still recognised after the community has used Parley (a login upgrades a hash).
    server = ParleyServer(target_dir, ["--log-level", "warn"]).start()
    server.login("dave", PASSWORDS["dave"])
    server.stop()
    third = import_into(target_dir, peer)
    assert third.returncode == 0 and "nothing copied" in third.stdout


def test_refuses_a_target_that_holds_other_data(djchat, target_dir):
    peer, _ = djchat
    load_demo(target_dir)
    file = target_dir / "parley.sqlite3"
    digest = file_digest(file) if BACKEND == "sqlite" else None
    counts = row_counts(target_dir)
    result = import_into(target_dir, peer)
    assert result.returncode == 1
    assert "already holds data" in result.stderr and "nothing was imported" in result.stderr
    assert row_counts(target_dir) == counts
    if digest:
        assert file_digest(file) == digest
    assert not (target_dir / "media" / "server").exists()


def broken_copy(peer, tmp, how):
    path = pathlib.Path(tmp) / f"broken-{how}.sqlite3"
    data = peer.db.read_bytes()
    if how == "random":
        path.write_bytes(b"this is not a database at all\n" * 100)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "corrupt":
        page = 4096
        damaged = bytearray(data)
        for at in range(2 * page, min(len(damaged), 12 * page)):
            damaged[at] = 0x5A
        path.write_bytes(bytes(damaged))
    else:
        shutil.copy(peer.db, path)
        with sqlite3.connect(path) as conn:
            if how == "unknown-migration":
                conn.execute("INSERT INTO django_migrations (app, name, applied) VALUES "
                             "('server', '0002_server_vanity_url', '2026-01-01 00:00:00')")
            elif how == "not-djchat":
                conn.execute("DROP TABLE webchat_message")
            elif how == "missing-column":
                conn.execute("ALTER TABLE server_channel DROP COLUMN topic")
            elif how == "not-django":
                conn.execute("DROP TABLE django_migrations")
    return path


@pytest.mark.parametrize("how, message", [
    ("random", "not a SQLite database"),
    ("truncated", "corrupt"),
    ("corrupt", "corrupt"),
    ("unknown-migration", "unknown djchat schema version"),
    ("not-djchat", "not a djchat database"),
    ("missing-column", "unknown djchat schema: table server_channel has no column topic"),
    ("not-django", "not a Django database"),
])
def test_refuses_a_broken_source_and_leaves_the_target_untouched(djchat, target_dir, how,
                                                                 message):
    peer, _ = djchat
    source = broken_copy(peer, target_dir, how)
    data_dir = target_dir / "data"
    result = run_parley("import-djchat", "--from", f"sqlite:///{source}", "--media-root",
                        str(peer.media), "--data-dir", str(data_dir))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert holds_nothing(data_dir)


def test_refuses_missing_media_unless_told_to_skip_it(djchat, target_dir):
    peer, snap = djchat
    empty_media = target_dir / "empty-media"
    empty_media.mkdir()
    data_dir = target_dir / "data"
    result = run_parley("import-djchat", "--from", f"sqlite:///{peer.db}", "--media-root",
                        str(empty_media), "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert "media files the source names are missing" in result.stderr
    assert "server/None/server_icons/icon.png" in result.stderr  # djchat's own upload path
    assert holds_nothing(data_dir)

    no_root = run_parley("import-djchat", "--from", f"sqlite:///{peer.db}", "--data-dir",
                         str(data_dir))
    assert no_root.returncode == 1 and "no --media-root given" in no_root.stderr

    skipped = run_parley("import-djchat", "--from", f"sqlite:///{peer.db}", "--media-root",
                         str(empty_media), "--data-dir", str(data_dir), "--skip-missing-media")
    assert skipped.returncode == 0, skipped.stderr
    assert "the file is missing" in skipped.stdout
    with target(data_dir) as conn:
        icon, banner = conn.execute("SELECT icon, banner FROM servers WHERE id = ?",
                                    (snap["server"],)).fetchone()
    assert icon is None and banner is None


def test_keep_reserved_names_imports_the_superuser(djchat, target_dir):
    peer, _ = djchat
    result = import_into(target_dir, peer, "--keep-reserved-names")
    assert result.returncode == 0, result.stderr
    assert "reserved username" not in result.stdout
    with target(target_dir) as conn:
        row = conn.execute("SELECT is_staff FROM accounts WHERE username = 'admin'").fetchone()
    assert row is not None and bool(row[0]) is True


def test_postgres_sources_are_refused_clearly(target_dir):
    result = run_parley("import-djchat", "--from", "postgresql://djchat@localhost/djchat",
                        "--data-dir", str(target_dir / "data"))
    assert result.returncode == 1
    assert "PostgreSQL" in result.stderr
    assert not (target_dir / "data").exists()


def test_a_failure_after_the_target_was_created_leaves_nothing_behind(djchat, target_dir):
    peer, _ = djchat
    (target_dir / "media").write_text("a file where the media folder should be\n")
    result = import_into(target_dir, peer)
    assert result.returncode == 1
    assert "nothing was imported" in result.stderr
    assert holds_nothing(target_dir)
    assert not (target_dir / "parley.sqlite3-wal").exists()
    assert (target_dir / "media").read_text().startswith("a file")
