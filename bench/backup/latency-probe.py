#!/usr/bin/env python3
"""Requests a URL every INTERVAL ms for SECONDS and prints the latency distribution (ms).

  latency-probe.py URL SECONDS [INTERVAL_MS] [COOKIE]
"""
import statistics
import sys
import time

import requests


def main():
    url, seconds = sys.argv[1], float(sys.argv[2])
    interval = float(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0.01
    headers = {"Cookie": sys.argv[4]} if len(sys.argv) > 4 else {}
    if not url.startswith("http://127.0.0.1:"):
        sys.exit("latency-probe: loopback targets only")
    session = requests.Session()
    samples, errors = [], 0
    end = time.monotonic() + min(seconds, 600)
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            ok = session.get(url, headers=headers, timeout=5).status_code == 200
        except requests.RequestException:
            ok = False
        took = (time.monotonic() - started) * 1000
        if ok:
            samples.append(took)
        else:
            errors += 1
        time.sleep(max(0.0, interval - took / 1000))
    samples.sort()
    if not samples:
        sys.exit("latency-probe: no successful request")
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(f"probe {url}: {len(samples)} requests, {errors} errors, p50 {pick(0.5):.1f} ms, "
          f"p99 {pick(0.99):.1f} ms, max {samples[-1]:.1f} ms, mean {statistics.mean(samples):.1f} ms")


if __name__ == "__main__":
    main()
