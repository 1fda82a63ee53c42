#!/usr/bin/env python3
"""Tables of bench/events-bench.sh's results (the JSON and text files in its results directory),
each load beside its same-run reference, per round, with ratios and medians.

    bench/events-summary.py RESULTS_DIR
"""
import glob
import json
import os
import re
import statistics
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def rounds(res, prefix):
    found = []
    for p in glob.glob(os.path.join(res, prefix + "-*.*")):
        m = re.search(r"-(\d+)\.(json|txt)$", p)
        if m:
            found.append(int(m.group(1)))
    return sorted(set(found))


def get(d, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def floor_us(path):
    m = re.search(r"writer CPU\s+[\d.]+ s: ([\d.]+) us per write", text(path))
    return float(m.group(1)) if m else None


def writer_rate(path):
    m = re.search(r"= (\d+) msgs/s", text(path))
    return int(m.group(1)) if m else None


def f(v, digits=2, unit=""):
    if v is None:
        return "—"
    if isinstance(v, float):
        return ("%%.%df" % digits) % v + unit
    return "{:,}".format(v) + unit


def fanout_row(d):
    """(us per delivery, p50, p99, deliveries/s, lost/dup/order, tool s per 100k)"""
    if d is None:
        return None
    ev = d.get("events", {})
    return {
        "us": get(d, "server", "cpu_us_per_delivery"),
        "p50": get(d, "latency_ms", "p50"),
        "p99": get(d, "latency_ms", "p99"),
        "rate": get(d, "throughput", "deliveries_per_s"),
        "lost": ev.get("lost"),
        "dup": ev.get("duplicates"),
        "order": ev.get("out_of_order"),
        "delivered": ev.get("delivered_of_expected"),
        "expected": ev.get("expected"),
        "tool": get(d, "tool", "cpu_s_per_100k_deliveries"),
        "rest": ev.get("rest_results"),
        "fallbacks": ev.get("replaced_by_message"),
        "per_type": ev.get("per_type", {}),
        "failed": get(d, "connections", "failed"),
        "errors": get(d, "messages", "error_frames"),
    }


def pair_table(res, a, b, floor_prefix, title, a_name, b_name):
    print("\n### %s\n" % title)
    print("| round | %s µs/delivery | %s µs/delivery | ratio | floor µs | %s p50 / p99 ms | %s p50 / p99 ms | %s lost/dup/order | %s lost/dup/order |"
          % (a_name, b_name, a_name, b_name, a_name, b_name))
    print("|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for r in sorted(set(rounds(res, a)) | set(rounds(res, b))):
        x = fanout_row(load(os.path.join(res, "%s-%d.json" % (a, r))))
        y = fanout_row(load(os.path.join(res, "%s-%d.json" % (b, r))))
        fl = floor_us(os.path.join(res, "%s-%d.txt" % (floor_prefix, r)))
        ratio = x["us"] / y["us"] if x and y and x["us"] and y["us"] else None
        if ratio:
            ratios.append(ratio)

        def cell(z, k):
            return f(z[k]) if z else "failed"

        def lat(z):
            return "%s / %s" % (f(z["p50"]), f(z["p99"])) if z else "—"

        def ldo(z):
            return "%s/%s/%s" % (z["lost"], z["dup"], z["order"]) if z else "—"

        print("| %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r, cell(x, "us"), cell(y, "us"), f(ratio, 2, "×"), f(fl), lat(x), lat(y), ldo(x), ldo(y)))
    if ratios:
        print("\nmedian ratio %s / %s: %.2f×" % (a_name, b_name, statistics.median(ratios)))
    for r in rounds(res, a):
        x = fanout_row(load(os.path.join(res, "%s-%d.json" % (a, r))))
        if not x:
            continue
        extra = []
        if x["rest"]:
            extra.append("REST " + ", ".join("%s: %s" % kv for kv in sorted(x["rest"].items())))
        if x["fallbacks"]:
            extra.append("replaced by a message " + ", ".join("%s: %s" % kv for kv in sorted(x["fallbacks"].items())))
        if x["errors"]:
            extra.append("error frames " + ", ".join("%s: %s" % kv for kv in sorted(x["errors"].items())))
        types = ["%s %s (p50 %s / p99 %s ms)" % (t, f(v.get("delivered")), f(v.get("p50")), f(v.get("p99")))
                 for t, v in sorted(x["per_type"].items()) if v.get("delivered")]
        print("- %s round %d: %s deliveries/s; %s; tool %s CPU-s per 100k%s" % (
            a_name, r, f(x["rate"], 0), "; ".join(types), f(x["tool"]),
            ("; " + "; ".join(extra)) if extra else ""))


def connect_table(res):
    print("\n### Connects (TCP connect to ready / to 101)\n")
    print("| round | gateway connects/s | p50 / p99 ms to ready | channel connects/s | p50 / p99 ms to 101 | gateway / channel |")
    print("|---|---|---|---|---|---|")
    for r in rounds(res, "connect-gateway"):
        g = load(os.path.join(res, "connect-gateway-%d.json" % r))
        c = load(os.path.join(res, "connect-channel-%d.json" % r))
        gr, cr = get(g, "rate", "connects_per_s"), get(c, "rate", "connects_per_s")
        print("| %d | %s (%s of %s) | %s / %s | %s | %s / %s | %s |" % (
            r, f(gr, 0), get(g, "connections", "completed"), get(g, "config", "connections"),
            f(get(g, "connect", "connect_to_ready_ms", "p50")), f(get(g, "connect", "connect_to_ready_ms", "p99")),
            f(cr, 0), f(get(c, "connect", "connect_to_101_ms", "p50")), f(get(c, "connect", "connect_to_101_ms", "p99")),
            f(gr / cr if gr and cr else None, 2, "×")))


def ready_table(res):
    d = load(os.path.join(res, "ready.json"))
    s = load(os.path.join(res, "ready-server.json")) or {}
    print("\n### Ready frame (100 servers × 10 channels, 20 sequential connects)\n")
    if not d:
        print("no result")
        return
    c = d.get("connect", {})
    print("- bytes: %s–%s; servers %s, channels %s; malformed %s" % (
        f(c.get("ready_bytes_min")), f(c.get("ready_bytes_max")), c.get("ready_servers"), c.get("ready_channels"),
        c.get("ready_malformed")))
    for k, label in (("upgrade_to_ready_ms", "101 → ready"), ("request_to_ready_ms", "upgrade request → ready"),
                     ("connect_to_ready_ms", "TCP connect → ready")):
        v = c.get(k, {})
        print("- client, %s: p50 %s, p90 %s, max %s ms" % (label, f(v.get("p50"), 3), f(v.get("p90"), 3), f(v.get("max"), 3)))
    if s.get("micros"):
        print("- server log `gateway.ready`: %d lines, %s median %s, max %s; bytes %s" % (
            s["lines"], s.get("micros_key", "micros"), s["micros_median"], s["micros_max"],
            sorted(set(s.get("bytes", [])))))
    else:
        print("- server log: %s `gateway.ready` lines with micros (client-side time is the upper bound)" % s.get("lines", 0))


def catchup_table(res):
    d = load(os.path.join(res, "catchup.json"))
    print("\n### Catch-up\n")
    if not d:
        print("no result")
        return
    print("last_seq %s, pages of %s" % (d.get("last_seq"), d.get("page_limit")))
    print("\n| round | events route ms (pages) | socket ?after_seq=0 ms | missing/dup/order (route; socket) |")
    print("|---|---|---|---|")
    for i, (a, b) in enumerate(zip(get(d, "events_route", "rounds", default=[]), get(d, "socket_replay", "rounds", default=[]))):
        print("| %d | %s (%s) | %s | %s/%s/%s; %s/%s/%s%s |" % (
            i + 1, f(a["ms"], 1), a["pages"], f(b["ms"], 1), a["missing"], a["duplicates"], a["out_of_order"],
            b["missing"], b["duplicates"], b["out_of_order"],
            "".join("; " + e for e in (a["error"], b["error"]) if e)))
    print("\nmedian: events route %s ms, socket replay %s ms" % (
        f(get(d, "events_route", "median_ms"), 1), f(get(d, "socket_replay", "median_ms"), 1)))


def writer_table(res):
    rs = rounds(res, "writer-v1")
    if not rs:
        return
    print("\n### Message writer, messages/s acknowledged after commit\n")
    print("| round | before (v1) | after (v2) | after / before |")
    print("|---|---|---|---|")
    ratios = []
    for r in rs:
        a = writer_rate(os.path.join(res, "writer-v1-%d.txt" % r))
        b = writer_rate(os.path.join(res, "writer-v2-%d.txt" % r))
        ratio = b / a if a and b else None
        if ratio:
            ratios.append(ratio)
        print("| %d | %s | %s | %s |" % (r, f(a), f(b), f(ratio, 2, "×")))
    if ratios:
        print("\nmedian after / before: %.2f×" % statistics.median(ratios))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    res = sys.argv[1]
    pair_table(res, "mixed", "messages", "floor100",
               "Mixed load vs messages only: 1,000 events/s into 100 channel sockets", "mixed", "messages")
    pair_table(res, "gateway", "channel", "floor1000",
               "1,000 gateways vs 1,000 channel sockets, 100 msgs/s", "gateway", "channel")
    connect_table(res)
    ready_table(res)
    catchup_table(res)
    writer_table(res)


if __name__ == "__main__":
    main()
