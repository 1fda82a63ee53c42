"""Starts the real `parley` binary on a free loopback port with a temporary data dir.

Fixtures:
  demo_server  one server per test module, loaded with data/demo.json
  make_server  a factory for servers with their own options (stopped after the test)

PARLEY_TEST_BACKEND=postgresql runs the same tests on PostgreSQL: one private cluster for the
session (postgres_helpers.py), and a database of its own for every data dir, given to each
`parley` command as `--database`. Tests of what only SQLite has (its files, backups, the
djchat import, upgrading a v1 file) are marked `sqlite_only` and deselected there.
"""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

REPO = pathlib.Path(__file__).resolve().parents[3]
BIN = os.environ.get("PARLEY_BIN", str(REPO / "build" / "parley"))
DEMO = REPO / "data" / "demo.json"

DEMO_USERS = {
    "alice": "alice-demo-pass-1",
    "bob": "bob-demo-pass-1",
    "carol": "carol-demo-pass-1",
    "dave": "dave-demo-pass-1",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Under the checking build (`make test-sanitize` sets PARLEY_SANITIZED=1) a server is stopped
# gently, so that LeakSanitizer looks at it as it exits, and a sanitizer report in its log
# fails the test that ran it.
SANITIZED = os.environ.get("PARLEY_SANITIZED") == "1"
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def assert_no_sanitizer_report(server):
    log = server.log()
    for marker in SANITIZER_MARKERS:
        at = log.find(marker)
        assert at < 0, f"sanitizer report in {server.log_path}:\n{log[max(0, at - 200):at + 4000]}"


BACKEND = os.environ.get("PARLEY_TEST_BACKEND", "sqlite")
assert BACKEND in ("sqlite", "postgresql"), BACKEND


class _PostgresDatabases:
    """The session's private cluster, started on first use, and a database per data dir."""

    def __init__(self):
        self.cluster = None
        self.urls = {}

    def url_for(self, data_dir):
        from postgres_helpers import PrivatePostgres
        key = str(pathlib.Path(data_dir).resolve())
        if key not in self.urls:
            if self.cluster is None:
                self.cluster = PrivatePostgres().start()
            self.urls[key] = self.cluster.new_database(f"t{len(self.urls) + 1}")
        return self.urls[key]

    def close(self):
        if self.cluster:
            self.cluster.destroy()


POSTGRES = _PostgresDatabases()


def with_backend(args):
    """args, plus `--database` for the data dir they name when the run is on PostgreSQL."""
    args = [str(a) for a in args]
    if BACKEND != "postgresql" or "--database" in args or "--data-dir" not in args:
        return args
    data_dir = args[args.index("--data-dir") + 1]
    return [*args, "--database", POSTGRES.url_for(data_dir)]


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about what only the SQLite backend has")


def pytest_collection_modifyitems(config, items):
    if BACKEND != "postgresql":
        return
    kept = [item for item in items if not item.get_closest_marker("sqlite_only")]
    config.hook.pytest_deselected(items=[i for i in items if i not in kept])
    items[:] = kept


def pytest_unconfigure(config):
    POSTGRES.close()


def run_parley(*args, env=None, input=None, timeout=60):
    command, *rest = args
    return subprocess.run([BIN, command, *with_backend(rest)], capture_output=True, text=True,
                          env=env, input=input, timeout=timeout)


class ParleyServer:
    def __init__(self, data_dir, args=(), env=None):
        self.data_dir = str(data_dir)
        self.args = list(args)
        self.env = env
        self.port = None
        self.process = None
        self.log_path = pathlib.Path(self.data_dir) / "server.log"

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return self.base + path

    def ws_url(self, path):
        return f"ws://127.0.0.1:{self.port}{path}"

    def start(self, port=None):
        self.port = port or self.port or free_port()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [BIN, "serve", *with_backend(["--data-dir", self.data_dir, "--listen",
                                          f"127.0.0.1:{self.port}", *self.args])],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"parley exited early ({self.process.returncode}):\n" + self.log())
            try:
                if requests.get(self.url("/readyz"), timeout=1).status_code == 200:
                    # On the PostgreSQL run, nothing may have fallen back to a SQLite file.
                    assert BACKEND == "sqlite" or not (
                        pathlib.Path(self.data_dir) / "parley.sqlite3").exists(), self.data_dir
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError("parley did not become ready:\n" + self.log())

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode if self.process else None

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def login(self, username, password=None):
        """A requests.Session holding the user's cookies."""
        session = requests.Session()
        response = session.post(self.url("/api/token/"),
                                json={"username": username,
                                      "password": password or DEMO_USERS[username]})
        assert response.status_code == 200, response.text
        return session


def load_demo(data_dir):
    result = run_parley("load", "--data-dir", str(data_dir), str(DEMO))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def make_server():
    servers = []
    dirs = []

    def make(args=(), demo=True, env=None, data_dir=None):
        if data_dir is None:
            data_dir = tempfile.mkdtemp(prefix="parley-test-")
            dirs.append(data_dir)
            if demo:
                load_demo(data_dir)
        server = ParleyServer(data_dir, args, env)
        servers.append(server)
        return server

    yield make
    for server in servers:
        if SANITIZED:
            server.stop()
            assert_no_sanitizer_report(server)
        else:
            server.stop(signal.SIGKILL if server.process and server.process.poll() is None else signal.SIGTERM)
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def demo_server():
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn"]).start()
    yield server
    server.stop()
    if SANITIZED:
        assert_no_sanitizer_report(server)
    shutil.rmtree(data_dir, ignore_errors=True)
