#!/usr/bin/env python3
"""Makes a big djchat database for timing `parley import-djchat` (docs/BENCHMARKS.md).

The schema comes from the original itself (the Django reference peer's `manage.py migrate`);
the rows are bulk-inserted with sqlite3, the way djchat stores them (naive UTC timestamps,
one conversation per channel, Django pbkdf2_sha256 hashes: one hash shared by every account,
since the importer copies hashes and never recomputes them).

  make-djchat-db.py OUT.sqlite3 [--users 10000] [--messages 1000000] [--peer DIR]
"""
import argparse
import base64
import datetime
import hashlib
import os
import pathlib
import random
import sqlite3
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_PEER = HERE.parents[1].parent / "shared" / "peers" / "django"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--channels-per-server", type=int, default=5)
    parser.add_argument("--peer", default=os.environ.get("DJCHAT_PEER", str(DEFAULT_PEER)))
    args = parser.parse_args()
    if not 1 <= args.users <= 1_000_000 or not 0 <= args.messages <= 50_000_000:
        sys.exit("make-djchat-db: --users 1..1e6, --messages 0..5e7")

    out = pathlib.Path(args.out)
    if out.exists():
        sys.exit(f"make-djchat-db: {out} exists")
    env = dict(os.environ, DJCHAT_DB=str(out.resolve()), DJANGO_SETTINGS_MODULE="djchat.settings")
    subprocess.run(["/usr/bin/python3", "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=args.peer, env=env, check=True)

    rng = random.Random(16)
    salt = "benchsalt0123456"
    digest = hashlib.pbkdf2_hmac("sha256", b"bench-pass-1", salt.encode(), 260000)
    password = f"pbkdf2_sha256$260000${salt}${base64.b64encode(digest).decode()}"
    start = datetime.datetime(2023, 5, 1, 8, 0, 0)
    conn = sqlite3.connect(out)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        conn.executemany(
            "INSERT INTO account_account (id, password, last_login, is_superuser, username, "
            "first_name, last_name, email, is_staff, is_active, date_joined) "
            "VALUES (?, ?, NULL, 0, ?, '', '', '', ?, 1, ?)",
            ((i, password, f"user{i}", int(i == 1), str(start + datetime.timedelta(minutes=i)))
             for i in range(1, args.users + 1)))
        conn.executemany("INSERT INTO server_category (id, name, description, icon) "
                         "VALUES (?, ?, ?, '')",
                         ((i, f"category {i}", "about things") for i in range(1, 11)))
        conn.executemany(
            "INSERT INTO server_server (id, name, owner_id, category_id, description, banner, "
            "icon) VALUES (?, ?, ?, ?, ?, '', '')",
            ((i, f"server {i}", rng.randint(1, args.users), 1 + i % 10, "a server")
             for i in range(1, args.servers + 1)))
        conn.executemany(
            "INSERT INTO server_server_member (server_id, account_id) VALUES (?, ?)",
            {(rng.randint(1, args.servers), rng.randint(1, args.users))
             for _ in range(args.users * 3)})
        channels = args.servers * args.channels_per_server
        conn.executemany(
            "INSERT INTO server_channel (id, name, owner_id, topic, server_id) "
            "VALUES (?, ?, ?, 'talk', ?)",
            ((i, f"channel-{i}", 1, 1 + (i - 1) // args.channels_per_server)
             for i in range(1, channels + 1)))
        conn.executemany(
            "INSERT INTO webchat_conversation (id, channel_id, created_at) VALUES (?, ?, ?)",
            ((i, str(i), str(start)) for i in range(1, channels + 1)))
        words = ("hello there general kenobi pixel score frame coroutine borrow jazz solo "
                 "record template sprite palette channel server message").split()

        def messages():
            t = start
            for i in range(1, args.messages + 1):
                t += datetime.timedelta(microseconds=rng.randint(1, 3_000_000))
                text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
                yield (i, text, t.strftime("%Y-%m-%d %H:%M:%S.%f"), rng.randint(1, channels),
                       rng.randint(1, args.users))
        conn.executemany(
            "INSERT INTO webchat_message (id, content, timestamp, conversation_id, sender_id) "
            "VALUES (?, ?, ?, ?, ?)", messages())
    conn.close()
    print(f"made {out}: {args.users} users, {args.messages} messages, {channels} channels")


if __name__ == "__main__":
    main()
