#!/usr/bin/python3
"""Prints the memory and fd checks of a finished soak again from its output directory
(samples.csv and soak.json), with the checks of this checkout's verdict.py:

    bench/soak/recheck.py DIR
"""
import csv
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402
import verdict  # noqa: E402


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = pathlib.Path(sys.argv[1])
    result = json.loads((out / "soak.json").read_text())
    with open(out / "samples.csv") as f:
        samples = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]
    c = result["config"]
    ref = max(3 * c["sample_every"], min(60.0, c["warmup"] / 3))
    m = verdict.memory_and_fds(samples, c["warmup"], result["load_seconds"], ref,
                               c["rss_tolerance"], result["memory"]["fd_allowance"])
    print(f"RSS   {report._rss_line(m)}")
    print(f"      {report._rss_samples_line(m)}")
    print(f"      anon {m['rss_anon_warmup_kib'] / 1024:.1f} -> {m['rss_anon_end_kib'] / 1024:.1f}"
          f" MiB, file {m['rss_file_warmup_kib'] / 1024:.1f} -> "
          f"{m['rss_file_end_kib'] / 1024:.1f} MiB")
    print(f"fds   min {m['fds_min']:.0f} max {m['fds_max']:.0f} (allowance {m['fd_allowance']})")
    print(f"RSS check {'PASS' if m['rss_ok'] else 'FAIL'}, fd check "
          f"{'PASS' if m['fds_ok'] else 'FAIL'}")
    sys.exit(0 if m["ok"] else 1)


if __name__ == "__main__":
    main()
