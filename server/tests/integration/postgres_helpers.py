"""A private PostgreSQL 15 for one test: a cluster in a temporary directory, listening only on
a Unix socket there, started and stopped by this process (by the postmaster's own PID), so a
test can take the database away from a running Parley and bring it back."""
import os
import pathlib
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

BINDIR = pathlib.Path(os.environ.get("PARLEY_PG_BINDIR", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    def __init__(self):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="parley-pg-"))
        self.process = None
        # PostgreSQL refuses to run as root: as root, the cluster belongs to postgres.
        self.account = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.account:
            os.chown(self.dir, self.account.pw_uid, self.account.pw_gid)
        self.log = open(self.dir / "postgres.log", "ab")
        subprocess.run([str(BINDIR / "initdb"), "-D", str(self.dir / "data"), "-U", "parley",
                        "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                       stdout=self.log, stderr=subprocess.STDOUT, check=True,
                       preexec_fn=self._drop)

    @property
    def url(self):
        return f"postgresql://parley@/postgres?host={self.dir}&port=5432"

    def _drop(self):
        if self.account:
            os.setgid(self.account.pw_gid)
            os.setuid(self.account.pw_uid)

    def start(self, timeout=30):
        self.process = subprocess.Popen(
            [str(BINDIR / "postgres"), "-D", str(self.dir / "data"), "-k", str(self.dir),
             "-c", "listen_addresses=", "-p", "5432", "-c", "fsync=off",
             "-c", "full_page_writes=off"],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=self._drop)
        deadline = time.monotonic() + timeout
        while subprocess.run([str(BINDIR / "pg_isready"), "-q", "-h", str(self.dir),
                              "-p", "5432"]).returncode != 0:
            assert self.process.poll() is None, "PostgreSQL exited at start"
            assert time.monotonic() < deadline, "PostgreSQL did not start"
            time.sleep(0.05)
        return self

    def stop(self):
        """Fast shutdown: disconnects every client, then exits."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)
        self.process = None

    def destroy(self):
        self.stop()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
