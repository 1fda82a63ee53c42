"""Samples the server process every few seconds from /proc: resident memory (VmRSS, split into
RssAnon and RssFile as the kernel counts them), peak RSS, open file descriptors, threads and
CPU time. Runs on its own thread; each sample is a dict, kept in order and appended to a CSV."""
import os
import threading
import time

FIELDS = ("t", "rss_kib", "rss_anon_kib", "rss_file_kib", "hwm_kib", "fds", "threads", "cpu_s")
TICKS = os.sysconf("SC_CLK_TCK")


def read_sample(pid, started):
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.split()
    with open(f"/proc/{pid}/stat") as f:
        # Fields after the command name, which is in parentheses and may hold spaces.
        rest = f.read().rsplit(")", 1)[1].split()
    cpu = (int(rest[11]) + int(rest[12])) / TICKS   # utime + stime
    return {
        "t": round(time.monotonic() - started, 2),
        "rss_kib": int(status["VmRSS"][0]),
        "rss_anon_kib": int(status.get("RssAnon", ["0"])[0]),
        "rss_file_kib": int(status.get("RssFile", ["0"])[0]),
        "hwm_kib": int(status["VmHWM"][0]),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": int(status["Threads"][0]),
        "cpu_s": round(cpu, 2),
    }


class ProcSampler:
    def __init__(self, pid, every, started, csv_path=None):
        self.pid = pid
        self.every = every
        self.started = started
        self.samples = []
        self.failure = None          # why sampling stopped early (the server went away)
        self._stop = threading.Event()
        self._csv = open(csv_path, "w") if csv_path else None
        if self._csv:
            self._csv.write(",".join(FIELDS) + "\n")
        self._thread = threading.Thread(target=self._run, name="proc-sampler", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def sample_now(self):
        s = read_sample(self.pid, self.started)
        self.samples.append(s)
        if self._csv:
            self._csv.write(",".join(str(s[k]) for k in FIELDS) + "\n")
            self._csv.flush()
        return s

    def _run(self):
        next_at = time.monotonic()
        while not self._stop.is_set():
            try:
                self.sample_now()
            except (OSError, KeyError, IndexError, ValueError) as e:
                self.failure = f"cannot read /proc/{self.pid}: {e}"
                return
            next_at += self.every
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=self.every + 5)
        if self._csv:
            self._csv.close()
