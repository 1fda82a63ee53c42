"""The soak's pass/fail criteria, from the /proc samples, the server's log and the counts.

RSS: the warm-up figure is the median of the samples in the last `ref` seconds of warm-up.
After warm-up, RSS's level (the median of each `ref`-second window, so that a few seconds of an
image being decoded do not count as the level) must stay within +-5 % of it, and so must the
peak (VmHWM) against the peak at the end of warm-up: transients may come and go, but neither
what the server holds nor its excursions may grow. Single samples (min/max) and the drift (the
last window's median against the warm-up figure) are reported beside them. Open fds: after warm-up, max - min must stay within the number that the
load itself opens and closes at any moment (its short-lived connections), so a leak of even a
few descriptors a minute fails a long soak."""
import re
import statistics

LOG_PROBLEM = re.compile(r"\b(warn|warning|error|critical|fatal|panic)\b|AddressSanitizer|"
                         r"runtime error|LeakSanitizer", re.IGNORECASE)


def window(samples, start, end):
    return [s for s in samples if start <= s["t"] <= end]


def memory_and_fds(samples, warmup, load_end, ref, rss_tolerance, fd_allowance):
    ref_samples = window(samples, warmup - ref, warmup)
    after = window(samples, warmup, load_end)
    last = window(samples, load_end - ref, load_end)
    if len(ref_samples) < 1 or len(after) < 2:
        return {"ok": False, "why": f"too few samples ({len(ref_samples)} in the warm-up "
                                    f"reference window, {len(after)} after warm-up)"}
    ref_rss = statistics.median(s["rss_kib"] for s in ref_samples)
    rss = [s["rss_kib"] for s in after]
    end_rss = statistics.median(s["rss_kib"] for s in last)
    fds = [s["fds"] for s in after]
    ref_fds = statistics.median(s["fds"] for s in ref_samples)
    end_fds = statistics.median(s["fds"] for s in last)
    out = {
        "samples_after_warmup": len(after),
        "rss_warmup_kib": ref_rss,
        "rss_min_kib": min(rss), "rss_max_kib": max(rss), "rss_end_kib": end_rss,
        "rss_min_vs_warmup": min(rss) / ref_rss - 1, "rss_max_vs_warmup": max(rss) / ref_rss - 1,
        "rss_drift": end_rss / ref_rss - 1,
        "rss_anon_warmup_kib": statistics.median(s["rss_anon_kib"] for s in ref_samples),
        "rss_anon_end_kib": statistics.median(s["rss_anon_kib"] for s in last),
        "rss_file_warmup_kib": statistics.median(s["rss_file_kib"] for s in ref_samples),
        "rss_file_end_kib": statistics.median(s["rss_file_kib"] for s in last),
        "hwm_end_kib": after[-1]["hwm_kib"],
        "fds_warmup": ref_fds, "fds_min": min(fds), "fds_max": max(fds), "fds_end": end_fds,
        "fd_allowance": fd_allowance,
        "threads_min": min(s["threads"] for s in after),
        "threads_max": max(s["threads"] for s in after),
        "cpu_s_after_warmup": after[-1]["cpu_s"] - after[0]["cpu_s"],
        "cpu_fraction_after_warmup": (after[-1]["cpu_s"] - after[0]["cpu_s"]) /
                                     max(1e-9, after[-1]["t"] - after[0]["t"]),
    }
    levels = rolling_medians(after, ref)
    ref_hwm = ref_samples[-1]["hwm_kib"]
    out.update({
        "rss_level_min_kib": min(levels), "rss_level_max_kib": max(levels),
        "rss_level_min_vs_warmup": min(levels) / ref_rss - 1,
        "rss_level_max_vs_warmup": max(levels) / ref_rss - 1,
        "hwm_warmup_kib": ref_hwm, "hwm_vs_warmup": after[-1]["hwm_kib"] / ref_hwm - 1,
    })
    out["rss_ok"] = (abs(out["rss_level_min_vs_warmup"]) <= rss_tolerance and
                     abs(out["rss_level_max_vs_warmup"]) <= rss_tolerance and
                     out["hwm_vs_warmup"] <= rss_tolerance)
    out["fds_ok"] = max(fds) - min(fds) <= fd_allowance
    out["ok"] = out["rss_ok"] and out["fds_ok"]
    return out


def rolling_medians(samples, width):
    """The median of every window of `width` seconds that starts at a sample."""
    out = []
    for i, first in enumerate(samples):
        w = [s["rss_kib"] for s in samples[i:] if s["t"] - first["t"] <= width]
        if samples[-1]["t"] - first["t"] < width and out:
            break
        out.append(statistics.median(w))
    return out


def log_problems(log_path, offset):
    """Lines at warn or above (or a sanitizer's report): before offset (start-up) and after."""
    with open(log_path, "rb") as f:
        head = f.read(offset).decode(errors="replace").splitlines()
        tail = f.read().decode(errors="replace").splitlines()
    return ([line for line in head if LOG_PROBLEM.search(line)],
            [line for line in tail if LOG_PROBLEM.search(line)])
