"""Request counts, results and latencies per kind of request, shared by the soak's threads.

Latencies are kept whole up to a bound per kind and then as a uniform reservoir sample, so a
long soak holds a fixed amount of memory while its percentiles stay unbiased."""
import random
import threading

SAMPLES_PER_KIND = 50_000


class Kind:
    __slots__ = ("count", "results", "unexpected", "samples", "seen", "max")

    def __init__(self):
        self.count = 0
        self.results = {}        # status (or error name) -> count
        self.unexpected = 0      # answers other than the one the soak expects
        self.samples = []
        self.seen = 0
        self.max = 0.0


class Stats:
    def __init__(self, seed=15):
        self._lock = threading.Lock()
        self._kinds = {}
        self._random = random.Random(seed)
        self.notes = []          # first few unexpected answers, for the report

    def record(self, kind, seconds, result, ok):
        with self._lock:
            k = self._kinds.get(kind)
            if k is None:
                k = self._kinds[kind] = Kind()
            k.count += 1
            k.results[str(result)] = k.results.get(str(result), 0) + 1
            if seconds is not None:
                k.seen += 1
                k.max = max(k.max, seconds)
                if len(k.samples) < SAMPLES_PER_KIND:
                    k.samples.append(seconds)
                else:
                    slot = self._random.randrange(k.seen)
                    if slot < SAMPLES_PER_KIND:
                        k.samples[slot] = seconds
            if not ok:
                k.unexpected += 1

    def note(self, text):
        with self._lock:
            if len(self.notes) < 20:
                self.notes.append(text)

    def summary(self):
        with self._lock:
            out = {}
            for name in sorted(self._kinds):
                k = self._kinds[name]
                s = sorted(k.samples)
                out[name] = {
                    "count": k.count,
                    "unexpected": k.unexpected,
                    "results": dict(k.results),
                    "p50_ms": _quantile(s, 0.50) * 1e3,
                    "p90_ms": _quantile(s, 0.90) * 1e3,
                    "p99_ms": _quantile(s, 0.99) * 1e3,
                    "max_ms": k.max * 1e3,
                }
            return out


def _quantile(sorted_values, q):
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, int(q * len(sorted_values)))
    return sorted_values[i]
