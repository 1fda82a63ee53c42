"""CORS allow-list and refusal of cookie-carrying cross-site writes (SPEC §1)."""
import pytest
import requests

ALLOWED = "http://localhost:5173"
EVIL = "http://evil.example"
REFUSED = {"detail": "Cross-site request refused."}


@pytest.fixture(scope="module")
def cors_server(tmp_path_factory):
    from conftest import ParleyServer, load_demo
    data_dir = tmp_path_factory.mktemp("auth-cors")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", "--cors-origin", ALLOWED,
                                     "--cors-origin", "http://127.0.0.1:5173"]).start()
    yield server
    server.stop()


def cookies_of(server):
    return "; ".join(f"{k}={v}" for k, v in server.login("alice").cookies.items())


def test_cookie_carrying_writes_from_a_foreign_origin_are_refused(cors_server):
    cookie = cookies_of(cors_server)
    for origin in (EVIL, "null", "http://localhost:5174", "https://localhost:5173"):
        r = requests.post(cors_server.url("/api/logout/"),
                          headers={"Cookie": cookie, "Origin": origin})
        assert r.status_code == 403, origin
        assert r.json() == REFUSED
        assert "Access-Control-Allow-Origin" not in r.headers
    r = requests.post(cors_server.url("/api/token/refresh/"),
                      headers={"Cookie": cookie, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and r.json() == REFUSED
    # The session survived those attempts.
    r = requests.get(cors_server.url("/api/account/me/"), headers={"Cookie": cookie})
    assert r.status_code == 200


def test_cross_site_login_is_refused(cors_server):
    r = requests.post(cors_server.url("/api/token/"), headers={"Origin": EVIL},
                      data={"username": "alice", "password": "alice-demo-pass-1"})
    assert r.status_code == 403 and "Set-Cookie" not in r.headers
    r = requests.post(cors_server.url("/api/register/"), headers={"Origin": EVIL},
                      json={"username": "csrf-victim", "password": "long-enough-1"})
    assert r.status_code == 403


def test_same_site_and_allowed_origins_may_write(cors_server):
    r = requests.post(cors_server.url("/api/token/"),
                      headers={"Origin": ALLOWED},
                      json={"username": "bob", "password": "bob-demo-pass-1"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in r.headers["Vary"]
    cookie = cookies_of(cors_server)
    r = requests.post(cors_server.url("/api/token/refresh/"),
                      headers={"Cookie": cookie, "Origin": cors_server.base})
    assert r.status_code == 200
    r = requests.post(cors_server.url("/api/token/refresh/"),
                      headers={"Cookie": cookie, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code in (200, 401)  # the token may have rotated; not refused as cross-site


def test_foreign_origins_get_no_cors_grant(cors_server):
    r = requests.get(cors_server.url("/api/account/me/"), headers={"Origin": EVIL})
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Origin" in r.headers["Vary"]
    r = requests.get(cors_server.url("/api/account/me/"), headers={"Origin": "null"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_preflight(cors_server):
    r = requests.options(cors_server.url("/api/token/"),
                         headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
                                  "Access-Control-Request-Headers": "content-type"})
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()
    assert r.headers["Access-Control-Allow-Origin"] != "*"
    r = requests.options(cors_server.url("/api/token/"),
                         headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in r.headers
