"""The foundation seen from outside: health, static files, SPA fallback, traversal, limits,
timeouts, malformed requests, graceful shutdown, and the `load` command."""
import gzip
import json
import os
import pathlib
import signal
import socket
import tempfile
import threading
import time

import pytest
import requests

from conftest import DEMO, run_parley


def raw_request(port, data, read_timeout=5.0):
    """Sends raw bytes and returns everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


@pytest.fixture
def web_root():
    root = pathlib.Path(tempfile.mkdtemp(prefix="parley-web-"))
    (root / "assets").mkdir()
    (root / "index.html").write_text("<!doctype html><title>Parley</title>")
    (root / "assets" / "app-3f2a1b.js").write_text("console.log('parley');" * 50)
    with gzip.open(root / "assets" / "app-3f2a1b.js.gz", "wb") as f:
        f.write(("console.log('parley');" * 50).encode())
    (root / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return root


@pytest.fixture
def server(make_server, web_root):
    return make_server(demo=False, args=["--web-root", str(web_root), "--header-timeout", "1",
                             "--idle-timeout", "2"]).start()


def test_health_and_readiness(server):
    assert requests.get(server.url("/healthz")).json() == {"status": "ok"}
    assert requests.get(server.url("/readyz")).json() == {"status": "ready"}


def test_index_and_spa_fallback(server):
    for path in ["/", "/explore/gaming", "/server/1/2", "/login"]:
        response = requests.get(server.url(path))
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "<title>Parley</title>" in response.text
        assert response.headers["Cache-Control"] == "no-cache"


def test_unknown_api_and_missing_asset_are_404_json(server):
    response = requests.get(server.url("/api/nope/"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert requests.get(server.url("/assets/missing-123.js")).status_code == 404
    assert requests.get(server.url("/media/nothing.png")).status_code == 404


def test_hashed_assets_are_cached_long_and_gzipped(server):
    response = requests.get(server.url("/assets/app-3f2a1b.js"), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.text.startswith("console.log")  # requests decompressed it
    plain = requests.get(server.url("/assets/app-3f2a1b.js"), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.text == response.text


def test_etag_gives_304(server):
    first = requests.get(server.url("/logo.svg"))
    assert first.headers["Content-Type"] == "image/svg+xml"
    etag = first.headers["ETag"]
    second = requests.get(server.url("/logo.svg"), headers={"If-None-Match": etag})
    assert second.status_code == 304
    assert second.content == b""


def test_head_has_length_but_no_body(server):
    response = requests.head(server.url("/logo.svg"))
    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.content == b""


@pytest.mark.parametrize("path", [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2Fetc%2Fpasswd",
    "/assets/..%2f..%2fetc%2fpasswd",
    "/media/../../etc/passwd",
    "/media/%2e%2e/parley.sqlite3",
    "/media/a%00b",
    "/media/..%5c..%5csecret",
    "//etc/passwd",
])
def test_traversal_is_refused(server, path):
    answer = raw_request(server.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404) or b"<title>Parley</title>" in answer, answer[:200]
    assert b"root:" not in answer
    assert b"SQLite format" not in answer


def test_database_file_is_not_reachable_through_media(server):
    answer = raw_request(server.port, b"GET /media/../parley.sqlite3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b"SQLite format" not in answer


def test_oversized_headers_get_431(server):
    answer = raw_request(server.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431")
    assert b"too large" in answer


def test_oversized_body_gets_413(server):
    body = b"x" * (1024 * 1024 + 1)
    answer = raw_request(server.port, b"POST /api/register/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    assert answer.startswith(b"HTTP/1.1 413")


def test_chunked_oversized_body_gets_413(server):
    chunk = b"x" * 65536
    data = b"POST /api/register/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    data += (b"10000\r\n" + chunk + b"\r\n") * 17 + b"0\r\n\r\n"
    answer = raw_request(server.port, data)
    assert answer.startswith(b"HTTP/1.1 413")


def test_slow_headers_get_408(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes the header
        started = time.monotonic()
        answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < 3


def test_idle_keep_alive_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=6) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert s.recv(4096).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert s.recv(4096) == b""  # closed by the server after the idle timeout
        assert 1.5 < time.monotonic() - started < 5


@pytest.mark.parametrize("data", [
    b"NOT A REQUEST\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
    b"GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),
])
def test_malformed_requests_get_400_and_server_survives(server, data):
    answer = raw_request(server.port, data)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400"), answer[:100]
    assert requests.get(server.url("/healthz")).status_code == 200


def test_keep_alive_serves_many_requests_on_one_connection(server):
    with requests.Session() as session:
        for _ in range(20):
            assert session.get(server.url("/healthz")).status_code == 200


def test_method_not_allowed(server):
    response = requests.post(server.url("/healthz"))
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}
    assert "GET" in response.headers["Allow"]


def test_access_log_lines_are_structured(make_server, web_root):
    server = make_server(demo=False, args=["--web-root", str(web_root), "--log-format", "json"]).start()
    requests.get(server.url("/healthz?probe=1"))
    server.stop()
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "http.request"]
    assert access, server.log()
    assert access[-1]["path"] == "/healthz"
    assert access[-1]["status"] == 200
    assert access[-1]["method"] == "GET"


def test_graceful_shutdown_finishes_quickly_and_keeps_data(make_server, web_root):
    server = make_server(demo=False, args=["--web-root", str(web_root)]).start()
    # An idle keep-alive client, served once (a connection still in the listen backlog is
    # never accepted, and the kernel resets it when the listener closes).
    idle = socket.create_connection(("127.0.0.1", server.port))
    idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert idle.recv(4096).startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    code = server.stop(signal.SIGTERM)
    assert code == 0
    assert time.monotonic() - started < 5
    idle.settimeout(2)
    assert idle.recv(10) == b""
    idle.close()
    # The data survives a restart on the same directory.
    server.start()
    assert requests.get(server.url("/readyz")).status_code == 200


def test_serve_help_tells_every_option():
    result = run_parley("serve", "--help")
    assert result.returncode == 0
    for option in ["--listen", "--data-dir", "--database", "--threads", "--web-root", "--log-level",
                   "--log-format", "PARLEY_LISTEN"]:
        assert option in result.stdout


def test_version():
    result = run_parley("--version")
    assert result.returncode == 0 and result.stdout.startswith("parley ")


def test_options_read_environment(make_server, web_root, tmp_path):
    env = dict(os.environ, PARLEY_LOG_FORMAT="json")
    server = make_server(demo=False, args=["--web-root", str(web_root)], env=env).start()
    requests.get(server.url("/healthz"))
    server.stop()
    assert '"event":"http.request"' in server.log()


def test_load_is_idempotent(tmp_path):
    first = run_parley("load", "--data-dir", str(tmp_path), str(DEMO))
    assert first.returncode == 0, first.stderr
    assert "4 users" in first.stdout and "6 servers" in first.stdout and "4 messages" in first.stdout
    second = run_parley("load", "--data-dir", str(tmp_path), str(DEMO))
    assert second.returncode == 0
    assert "0 users, 0 categories, 0 servers, 0 channels, 0 memberships, 0 messages" in second.stdout


def test_broken_fixture_changes_nothing_and_names_the_entry(tmp_path):
    fixture = json.loads(DEMO.read_text())
    fixture["servers"][2]["owner"] = "zed"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(fixture))
    data = tmp_path / "data"
    result = run_parley("load", "--data-dir", str(data), str(broken))
    assert result.returncode != 0
    assert 'servers[2] "C++ Lounge"' in result.stderr and "zed" in result.stderr
    # Nothing was written: loading the good file afterwards creates everything.
    good = run_parley("load", "--data-dir", str(data), str(DEMO))
    assert "4 users" in good.stdout and "6 servers" in good.stdout


@pytest.mark.parametrize("content", ["{not json", "[]", '{"users": 5}', '{"users": [{"username": "a b", "password": "long-enough"}]}'])
def test_malformed_fixture_files_are_refused(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run_parley("load", "--data-dir", str(tmp_path / "d"), str(path))
    assert result.returncode != 0
    assert "nothing was changed" in result.stderr


def test_user_create_reads_password_from_environment_not_argv(tmp_path):
    env = dict(os.environ, PARLEY_PASSWORD="a-good-password")
    result = run_parley("user", "create", "erin", "--staff", "--data-dir", str(tmp_path), env=env)
    assert result.returncode == 0, result.stderr
    assert "staff" in result.stdout
    again = run_parley("user", "create", "ERIN", "--data-dir", str(tmp_path), env=env)
    assert again.returncode != 0 and "already exists" in again.stderr
    reserved = run_parley("user", "create", "Admin", "--data-dir", str(tmp_path), env=env)
    assert reserved.returncode != 0
    short = run_parley("user", "create", "frank", "--data-dir", str(tmp_path),
                       env=dict(os.environ, PARLEY_PASSWORD="short"))
    assert short.returncode != 0 and "at least 8" in short.stderr


def test_category_add(tmp_path):
    result = run_parley("category", "add", "Board Games", "--description", "Dice", "--data-dir", str(tmp_path))
    assert result.returncode == 0 and "board games" in result.stdout
    again = run_parley("category", "add", "BOARD GAMES", "--data-dir", str(tmp_path))
    assert again.returncode != 0
