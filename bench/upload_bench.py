#!/usr/bin/python3
"""SPEC §12's upload numbers: how much a 25 MB upload raises the server's peak RSS (VmHWM) and
how fast it is stored (MB/s, the upload's request time), beside `dd ... conv=fdatasync` writing
the same bytes to the same disk. Starts its own `parley serve` on 127.0.0.1 with a temporary data
dir (under --data-root, default the system temp dir) and stops it at the end.

    bench/upload_bench.py --bin build/parley [--runs 5] [--megabytes 25]
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import requests

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "server" / "tests" / "integration"))
from conftest import DEMO_USERS, ParleyServer, load_demo  # noqa: E402


def kib(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def dd_mb_per_s(directory, megabytes):
    target = pathlib.Path(directory) / "dd.bin"
    started = time.monotonic()
    subprocess.run(["dd", "if=/dev/urandom", f"of={target}", "bs=1M", f"count={megabytes}",
                    "conv=fdatasync", "status=none"], check=True)
    elapsed = time.monotonic() - started
    target.unlink()
    return megabytes * 1.048576 / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(REPO / "build" / "parley"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=int, default=25)
    parser.add_argument("--data-root", default=None)
    args = parser.parse_args()
    os.environ["PARLEY_BIN"] = args.bin
    import conftest
    conftest.BIN = args.bin

    data_dir = tempfile.mkdtemp(prefix="parley-upload-bench-", dir=args.data_root)
    payload_path = pathlib.Path(data_dir) / "payload.bin"
    with open(payload_path, "wb") as out:
        out.write(os.urandom(args.megabytes * 1024 * 1024))
    server = None
    try:
        load_demo(data_dir)
        server = ParleyServer(data_dir, ["--log-level", "warn", "--max-upload-bytes",
                                         str(args.megabytes * 1024 * 1024)]).start()
        session = server.login("alice", DEMO_USERS["alice"])
        servers = requests.get(server.url("/api/server/select/"), timeout=10).json()
        channel = next(s for s in servers if s["name"] == "Retro Arcade")["channel_server"][0]["id"]
        url = server.url(f"/api/channels/{channel}/attachments/")
        # One small upload first: libmagic's database and the pools are warm before measuring.
        assert session.post(url, files={"file": ("warm.txt", b"warm")}).status_code == 201
        pid = server.process.pid
        base_rss, base_peak = kib(pid, "VmRSS"), kib(pid, "VmHWM")
        rates, peaks = [], []
        for _ in range(args.runs):
            with open(payload_path, "rb") as body:
                started = time.monotonic()
                r = session.post(url, files={"file": ("payload.bin", body,
                                                      "application/octet-stream")})
                elapsed = time.monotonic() - started
            assert r.status_code == 201, r.text
            rates.append(args.megabytes * 1.048576 / elapsed)
            peaks.append(kib(pid, "VmHWM"))
        dd_rates = [dd_mb_per_s(data_dir, args.megabytes) for _ in range(3)]
        rates.sort()
        dd_rates.sort()
        print(f"upload of {args.megabytes} MiB x {args.runs}: median "
              f"{rates[len(rates) // 2]:.0f} MB/s (min {rates[0]:.0f}, max {rates[-1]:.0f})")
        print(f"dd conv=fdatasync same disk x 3: median {dd_rates[1]:.0f} MB/s; "
              f"ratio {rates[len(rates) // 2] / dd_rates[1]:.2f}")
        print(f"RSS before {base_rss} KiB, peak before {base_peak} KiB, peak after "
              f"{max(peaks)} KiB: peak rise {(max(peaks) - base_peak) / 1024:.1f} MiB; "
              f"RSS now {kib(pid, 'VmRSS')} KiB")
    finally:
        if server:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
