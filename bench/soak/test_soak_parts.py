"""Unit tests of the soak's accounting (run: /usr/bin/python3 -m pytest -q bench/soak)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from seq_track import ChannelSeqs  # noqa: E402
import verdict  # noqa: E402


def test_in_order_stream_is_complete():
    t = ChannelSeqs(10)
    for s in range(11, 21):
        t.on_frame(s)
    assert t.complete(20) and t.lost(20) == 0 and t.duplicates == 0 and t.out_of_order == 0


def test_gap_is_lost_until_the_events_route_fills_it():
    t = ChannelSeqs(0)
    for s in (1, 2, 5, 6):
        t.on_frame(s)
    assert not t.complete(6) and t.lost(6) == 2
    t.on_rest(3)
    t.on_rest(4)
    t.on_rest(5)           # the socket had it: neither a duplicate nor recovered twice
    assert t.complete(6) and t.lost(6) == 0 and t.recovered_by_rest == 2 and t.duplicates == 0


def test_duplicates_and_order_are_counted_per_connection():
    t = ChannelSeqs(0)
    for s in (1, 2, 3, 2):
        t.on_frame(s)
    assert t.duplicates == 1 and t.out_of_order == 1
    t.new_connection()
    t.on_frame(4)          # a new connection's first frame is not compared with the old one's
    assert t.out_of_order == 1 and t.high == 4


def test_a_skip_on_a_live_connection_counts_even_when_a_replay_fills_it():
    t = ChannelSeqs(0)
    for s in (1, 2, 4, 5):
        t.on_frame(s)
    assert t.socket_gaps == 1 and t.duplicates == 0
    t.new_connection()
    for s in (3, 4, 5, 6):  # the resume from high=2 replays 3.. and repeats 4 and 5
        t.on_frame(s)
    assert t.socket_gaps == 1 and t.duplicates == 2 and t.complete(6)
    assert [i["what"] for i in t.incidents] == ["gap", "duplicate", "duplicate"]


def test_events_never_received_count_as_lost():
    t = ChannelSeqs(5)
    t.on_frame(6)
    assert t.expected(9) == 4 and t.lost(9) == 3


def sample(t, rss, fds):
    return {"t": t, "rss_kib": rss, "rss_anon_kib": rss, "rss_file_kib": 0, "hwm_kib": rss,
            "fds": fds, "threads": 4, "cpu_s": t / 10}


def test_flat_memory_passes_and_a_slow_leak_fails():
    flat = [sample(t, 100_000 + (t % 3) * 100, 50 + t % 2) for t in range(0, 61)]
    m = verdict.memory_and_fds(flat, 10, 60, 5, 0.05, 4)
    assert m["ok"] and m["rss_warmup_kib"] > 0
    leaking = [sample(t, 100_000 + t * 200, 50 + t // 10) for t in range(0, 61)]
    m = verdict.memory_and_fds(leaking, 10, 60, 5, 0.05, 4)
    assert not m["rss_ok"] and not m["fds_ok"] and m["rss_drift"] > 0.05


def test_log_lines_are_split_at_the_offset(tmp_path):
    log = tmp_path / "server.log"
    start = b"2026-12-02T00:00:00.000000Z warn  web.missing hint=x\n"
    log.write_bytes(start + b"2026-12-02T00:00:01.000000Z error ws.replay_failed error=x\n")
    head, tail = verdict.log_problems(log, len(start))
    assert len(head) == 1 and "web.missing" in head[0]
    assert len(tail) == 1 and "ws.replay_failed" in tail[0]


def test_a_short_spike_is_not_the_level_but_a_growing_peak_fails():
    spiky = [sample(t, 100_000 + (30_000 if t == 40 else 0), 50) for t in range(0, 61)]
    for s in spiky:
        s["hwm_kib"] = 130_000
    m = verdict.memory_and_fds(spiky, 10, 60, 5, 0.05, 4)
    assert m["rss_ok"] and m["rss_max_vs_warmup"] > 0.25
    for s in spiky:
        s["hwm_kib"] = 100_000 if s["t"] < 40 else 130_000
    assert not verdict.memory_and_fds(spiky, 10, 60, 5, 0.05, 4)["rss_ok"]
