#!/usr/bin/python3
"""Invite race (SPEC §10): N users join through one invite of max_uses M at the same instant,
against a running `parley serve` on loopback. Prints how many got in (must be exactly M), the
refusals, and the time the race took; then, as the reference in the same run, the same users
join a fresh public server at once through the original membership route (no use to count).

The server must let this script register N users quickly:
  parley serve --data-dir D --register-per-minute 0
  bench/invite-race.py --url http://127.0.0.1:8000 --owner alice --password alice-demo-pass-1

Bounded: N ≤ 500 threads, every request times out after 30 s; the users it registers are
named bench-race-<run>-<i> and stay (a throw-away data directory is the intended use).
"""
import argparse
import statistics
import sys
import threading
import time
import uuid

import requests


def login(base, username, password):
    session = requests.Session()
    r = session.post(f"{base}/api/token/", json={"username": username, "password": password},
                     timeout=30)
    if r.status_code != 200:
        sys.exit(f"login of {username} failed: {r.status_code} {r.text}")
    return session


def register(base, username, password):
    r = requests.post(f"{base}/api/register/", json={"username": username, "password": password},
                      timeout=30)
    if r.status_code == 429:
        sys.exit("registration throttled: start the server with --register-per-minute 0")
    if r.status_code != 201:
        sys.exit(f"register {username}: {r.status_code} {r.text}")
    return login(base, username, password)


def in_threads(count, work):
    results = [None] * count
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, work(i)))
               for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def race(sessions, method, url_of):
    """Every session sends its request once all are ready; (status, seconds) each, and the wall
    time from the start signal to the last answer."""
    gate = threading.Barrier(len(sessions) + 1)
    out = [None] * len(sessions)

    def run(i):
        gate.wait()
        started = time.perf_counter()
        r = sessions[i].request(method, url_of(i), timeout=30)
        out[i] = (r.status_code, time.perf_counter() - started)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    gate.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return out, time.perf_counter() - began


def report(label, results, wall):
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(seconds for _, seconds in results)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{label}: statuses {dict(sorted(statuses.items()))}; all answered in "
          f"{wall * 1000:.1f} ms; latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms")
    return statuses


def new_server(owner, base, name):
    r = owner.post(f"{base}/api/servers/", json={"name": name, "category": "Gaming"}, timeout=30)
    if r.status_code != 201:
        sys.exit(f"creating a server failed: {r.status_code} {r.text}")
    return r.json()["id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--owner", default="alice")
    parser.add_argument("--password", default="alice-demo-pass-1")
    parser.add_argument("--joiners", type=int, default=100)
    parser.add_argument("--max-uses", type=int, default=10)
    args = parser.parse_args()
    if not 1 <= args.joiners <= 500 or not 1 <= args.max_uses <= 100:
        sys.exit("--joiners must be 1..500 and --max-uses 1..100")
    base = args.url.rstrip("/")
    owner = login(base, args.owner, args.password)
    run_id = uuid.uuid4().hex[:8]

    started = time.perf_counter()
    joiners = in_threads(args.joiners, lambda i: register(
        base, f"bench-race-{run_id}-{i}", f"bench-pass-{run_id}"))
    print(f"{args.joiners} users registered and logged in in "
          f"{time.perf_counter() - started:.1f} s")

    sid = new_server(owner, base, f"Invite race {run_id}")
    r = owner.post(f"{base}/api/servers/{sid}/invites/", json={"max_uses": args.max_uses},
                   timeout=30)
    if r.status_code != 201:
        sys.exit(f"creating the invite failed: {r.status_code} {r.text}")
    code = r.json()["code"]
    results, wall = race(joiners, "POST", lambda i: f"{base}/api/invites/{code}/")
    statuses = report(f"invite (max_uses {args.max_uses}), {args.joiners} racing joins",
                      results, wall)
    members = owner.get(f"{base}/api/servers/{sid}/members/?limit=1000", timeout=30).json()
    print(f"members now: {len(members)} (owner + {len(members) - 1})")

    reference = new_server(owner, base, f"Membership race {run_id}")
    ref_results, ref_wall = race(joiners, "POST",
                                 lambda i: f"{base}/api/membership/{reference}/membership/")
    report(f"reference: membership route, {args.joiners} racing joins", ref_results, ref_wall)

    ok = statuses.get(200, 0) == args.max_uses and len(members) == args.max_uses + 1
    print("PASS: exactly max_uses joined" if ok else "FAIL: joins do not match max_uses")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
