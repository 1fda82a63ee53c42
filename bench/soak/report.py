"""The soak's checks and its printed report (soak.py collects `result`)."""


def fanout_summary(f):
    """The parts of parley-load's --json that the soak reports and checks."""
    if not f:
        return {}
    ev = f.get("events", {})
    return {
        "connections": f.get("connections", {}).get("handshakes_ok"),
        "dropped_during_run": f.get("connections", {}).get("dropped_during_run"),
        "actions_sent": f.get("messages", {}).get("sent"),
        "error_frames": f.get("messages", {}).get("error_frames"),
        "rest_results": ev.get("rest_results"),
        "events_expected": ev.get("expected"),
        "events_lost": ev.get("lost"),
        "events_duplicates": ev.get("duplicates"),
        "events_out_of_order": ev.get("out_of_order"),
        "events_gaps": ev.get("gaps"),
        "receivers_missing": ev.get("receivers_missing"),
        "latency_ms": f.get("latency_ms"),
        "deliveries_per_s": f.get("throughput", {}).get("deliveries_per_s"),
        "server_cpu_us_per_delivery": f.get("server", {}).get("cpu_us_per_delivery"),
    }


def checks(r):
    m, s, f = r["memory"], r["sockets"], r["fanout"]
    unexpected = {k: v["unexpected"] for k, v in r["requests"].items() if v["unexpected"]}
    out = [
        ("server alive and sampled throughout", r["sampler_failure"] is None,
         r["sampler_failure"] or f"{m.get('samples_after_warmup', 0)} samples after warm-up"),
        ("RSS level and peak within +-5 % of warm-up", m.get("rss_ok", False),
         _rss_line(m) if "rss_ok" in m else m.get("why")),
        ("open fds flat", m.get("fds_ok", False),
         f"min {m.get('fds_min')} max {m.get('fds_max')} (allowance {m.get('fd_allowance')})"),
        ("own sockets: no event lost, duplicated, skipped or out of order",
         s["lost"] == 0 and s["duplicates"] == 0 and s["out_of_order"] == 0 and
         s.get("socket_gaps", 0) == 0 and r["drained"],
         f"expected {s['expected']}, lost {s['lost']}, duplicates {s['duplicates']}, "
         f"out of order {s['out_of_order']}, skipped on a live socket {s.get('socket_gaps', 0)}, "
         f"drained {r['drained']}" + "".join(f"\n      {i}" for i in s.get("incidents", [])[:10])),
        ("parley-load fanout: exit 0, no event lost", r["fanout_exit"] == 0 and
         f.get("events_lost") == 0 and f.get("events_duplicates") == 0,
         f"exit {r['fanout_exit']}, expected {f.get('events_expected')}, lost "
         f"{f.get('events_lost')}, duplicates {f.get('events_duplicates')}"),
        ("every socket came back, none closed by the server",
         not s["reconnect_failures"] and s["unexpected_closes"] == 0,
         f"{s['reconnects']} reconnects, {s['unexpected_closes']} closed by the server, "
         f"failures {s['reconnect_failures'] or 'none'}"),
        ("every request answered as expected", not unexpected and not r["actor_crashes"],
         f"unexpected {unexpected or 'none'}; crashes {r['actor_crashes'] or 'none'}"),
        ("no warn/error line in the server log during the soak", r["log_soak_line_count"] == 0,
         f"{r['log_soak_line_count']} lines"),
    ]
    return out


def _rss_line(m):
    return (f"warm-up {m['rss_warmup_kib'] / 1024:.1f} MiB; after it level "
            f"{m['rss_level_min_kib'] / 1024:.1f}..{m['rss_level_max_kib'] / 1024:.1f} MiB "
            f"({m['rss_level_min_vs_warmup']:+.1%}..{m['rss_level_max_vs_warmup']:+.1%}), "
            f"peak (VmHWM) {m['hwm_warmup_kib'] / 1024:.1f} -> {m['hwm_end_kib'] / 1024:.1f} MiB "
            f"({m['hwm_vs_warmup']:+.1%}); drift {m['rss_drift']:+.1%}")


def _rss_samples_line(m):
    return (f"single samples after warm-up: min {m['rss_min_kib'] / 1024:.1f} "
            f"({m['rss_min_vs_warmup']:+.1%}) max {m['rss_max_kib'] / 1024:.1f} MiB "
            f"({m['rss_max_vs_warmup']:+.1%})")


def render(r):
    lines = []
    add = lines.append
    c, m, s, f = r["config"], r["memory"], r["sockets"], r["fanout"]
    add(f"soak: {r['load_seconds']:.0f} s of load (warm-up {c['warmup']:.0f} s), "
        f"samples every {c['sample_every']} s")
    if "rss_warmup_kib" in m:
        add(f"  RSS      {_rss_line(m)}")
        add(f"           {_rss_samples_line(m)}")
        add(f"           anon {m['rss_anon_warmup_kib'] / 1024:.1f} -> "
            f"{m['rss_anon_end_kib'] / 1024:.1f} MiB, file {m['rss_file_warmup_kib'] / 1024:.1f}"
            f" -> {m['rss_file_end_kib'] / 1024:.1f} MiB")
        add(f"  fds      warm-up {m['fds_warmup']:.0f}, after it min {m['fds_min']} max "
            f"{m['fds_max']} end {m['fds_end']:.0f}; idle before load "
            f"{r['idle_fds_before_load']}, idle after load {r['idle_fds_after_load']}")
        add(f"  threads  {m['threads_min']}..{m['threads_max']}; server CPU after warm-up "
            f"{m['cpu_fraction_after_warmup']:.0%} of a core")
    add(f"  own sockets ({s['sockets']}): {s['frames']} event frames, expected {s['expected']}"
        f" events, lost {s['lost']}, duplicates {s['duplicates']}, out of order "
        f"{s['out_of_order']}, recovered through the events route {s['recovered_by_rest']}; "
        f"{s['messages_sent']} messages sent, {s['reconnects']} reconnects")
    if f:
        lat = f.get("latency_ms") or {}
        add(f"  parley-load fanout: {f['connections']} sockets, {f['actions_sent']} actions, "
            f"{f['events_expected']} events expected, lost {f['events_lost']}, dup "
            f"{f['events_duplicates']}; latency p50 {lat.get('p50', 0):.1f} p99 "
            f"{lat.get('p99', 0):.1f} max {lat.get('max', 0):.1f} ms; "
            f"{f.get('deliveries_per_s') or 0:.0f} deliveries/s")
    add("  requests (count, p50 / p99 / max ms, results):")
    for name, k in r["requests"].items():
        if name.startswith("setup."):
            continue
        timing = (f"{k['p50_ms']:7.1f} {k['p99_ms']:7.1f} {k['max_ms']:7.1f}"
                  if k["max_ms"] else f"{'':23}")
        add(f"    {name:34} {k['count']:7} {timing}  {k['results']}")
    if r["log_startup_lines"]:
        add(f"  start-up log lines at warn or above (not counted): {len(r['log_startup_lines'])}")
        for line in r["log_startup_lines"][:5]:
            add(f"    {line[:160]}")
    for line in r["log_soak_lines"][:10]:
        add(f"  log: {line[:200]}")
    for note in r["notes"][:10]:
        add(f"  note: {note[:200]}")
    add("checks:")
    for name, ok, detail in r["checks"]:
        add(f"  [{'PASS' if ok else 'FAIL'}] {name}: {detail}")
    return "\n".join(lines)
