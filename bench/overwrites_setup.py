#!/usr/bin/env python3
"""Gives a fan-out benchmark's channel five role overwrites, through the REST API.

Registers the users parley-load will use (PREFIX1..PREFIXN, as `--register` would), has them
join the server, creates five roles as its owner, gives every user all five, and puts one role
overwrite per role on the channel (each allowing VIEW_CHANNEL and SEND_MESSAGES and denying
something else), so that every receiver's channel permissions are computed through all five.
With --plain it only registers and joins: the same users and memberships without roles.

    bench/overwrites_setup.py --url http://127.0.0.1:PORT --server-id S --channel-id C \\
        --users 100 --user-prefix loadu --password parley-load-pass-1 [--plain]
"""
import argparse
import sys

import requests

VIEW, SEND, ATTACH, ADD_REACTIONS, MENTION_EVERYONE = 1 << 10, 1 << 11, 1 << 15, 1 << 6, 1 << 17


def session(base, username, password):
    s = requests.Session()
    r = s.post(f"{base}/api/token/", json={"username": username, "password": password})
    r.raise_for_status()
    return s


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--server-id", type=int, required=True)
    p.add_argument("--channel-id", type=int, required=True)
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--user-prefix", default="loadu")
    p.add_argument("--password", default="parley-load-pass-1")
    p.add_argument("--owner", default="alice")
    p.add_argument("--owner-password", default="alice-demo-pass-1")
    p.add_argument("--plain", action="store_true", help="users and memberships only, no roles")
    a = p.parse_args()
    base, sid, cid = a.url.rstrip("/"), a.server_id, a.channel_id
    if not base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        sys.exit("loopback URLs only")

    ids = []
    for i in range(1, a.users + 1):
        name = f"{a.user_prefix}{i}"
        r = requests.post(f"{base}/api/register/", json={"username": name, "password": a.password})
        if r.status_code not in (201, 409):
            sys.exit(f"register {name}: {r.status_code} {r.text}")
        s = session(base, name, a.password)
        r = s.post(f"{base}/api/membership/{sid}/membership/")
        if r.status_code not in (200, 201, 409):
            sys.exit(f"join {name}: {r.status_code} {r.text}")
        ids.append(s.get(f"{base}/api/account/me/").json()["id"])
    if a.plain:
        print(f"{len(ids)} users joined server {sid}; no roles, no overwrites")
        return

    owner = session(base, a.owner, a.owner_password)
    denied = [ATTACH, ADD_REACTIONS, MENTION_EVERYONE, ATTACH | ADD_REACTIONS, 0]
    for n, deny in enumerate(denied, 1):
        r = owner.post(f"{base}/api/servers/{sid}/roles/",
                       json={"name": f"bench-{n}", "permissions": str(VIEW | SEND)})
        r.raise_for_status()
        role = r.json()["id"]
        for uid in ids:
            owner.put(f"{base}/api/servers/{sid}/members/{uid}/roles/{role}/").raise_for_status()
        owner.put(f"{base}/api/channels/{cid}/permissions/{role}/",
                  json={"type": "role", "allow": str(VIEW | SEND),
                        "deny": str(deny)}).raise_for_status()
    listed = owner.get(f"{base}/api/channels/{cid}/permissions/").json()
    print(f"{len(ids)} users joined server {sid}, each holding 5 roles; channel {cid} has "
          f"{len([o for o in listed if o['type'] == 'role'])} role overwrites")


if __name__ == "__main__":
    main()
