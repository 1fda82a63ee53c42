#!/usr/bin/env python3
"""Adds N members to a server of a stopped Parley's SQLite database and writes a tokens file
for `parley-load --tokens-file` ("NAME ID TOKEN" per line).

The accounts go straight into SQLite and their access tokens are signed with the secret key
the server will be started with: 10,000 logins would measure password hashing, not the
storm (the same fast path as bench/presence/storm.py). Their password hash is unusable, so
nobody can log in as them.

    prepare_members.py --data-dir D --server-name "Load Test" --members 10000 \
        --secret-key KEY --tokens-out FILE [--token-lifetime 3600]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time

MAX_MEMBERS = 100_000


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def access_token(secret, user_id, lifetime):
    now = int(time.time())
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = b64url(json.dumps({"token_type": "access", "exp": now + lifetime, "iat": now,
                                 "jti": os.urandom(8).hex(), "user_id": user_id,
                                 "sid": 1_000_000_000 + user_id}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--server-name", default="Load Test")
    ap.add_argument("--members", type=int, required=True)
    ap.add_argument("--secret-key", required=True)
    ap.add_argument("--tokens-out", required=True)
    ap.add_argument("--token-lifetime", type=int, default=3600)
    ap.add_argument("--prefix", default="stormu")
    args = ap.parse_args()
    if not 1 <= args.members <= MAX_MEMBERS:
        sys.exit(f"--members must be 1..{MAX_MEMBERS}")
    db = os.path.join(args.data_dir, "parley.sqlite3")
    if not os.path.exists(db):
        sys.exit(f"no database at {db} (run `parley load` first)")
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT id FROM servers WHERE name = ?", (args.server_name,)).fetchone()
    if not row:
        sys.exit(f"no server named {args.server_name!r}")
    server_id = row[0]
    first = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM accounts").fetchone()[0]) + 1
    ids = range(first, first + args.members)
    joined = int(time.time() * 1_000_000)
    with conn:
        conn.executemany(
            "INSERT INTO accounts (id, username, username_key, password_hash, date_joined) "
            "VALUES (?, ?, ?, 'unusable', ?)",
            [(i, f"{args.prefix}{i}", f"{args.prefix}{i}", joined) for i in ids])
        conn.executemany("INSERT INTO memberships (server_id, account_id, joined_at) VALUES (?, ?, ?)",
                         [(server_id, i, joined) for i in ids])
    conn.close()
    with open(args.tokens_out, "w") as out:
        for i in ids:
            out.write(f"{args.prefix}{i} {i} {access_token(args.secret_key, i, args.token_lifetime)}\n")
    print(f"{args.members} members of server {server_id} (ids {first}..{first + args.members - 1})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
