"""POST /api/token/ (SPEC §1): body, cookies and their attributes, errors."""
import statistics
import time

import requests

from auth_helpers import decode_payload, set_cookies


def post_login(server, body=None, **kwargs):
    return requests.post(server.url("/api/token/"), json=body, **kwargs)


def test_login_sets_both_cookies_and_returns_only_user_id_and_username(demo_server):
    r = post_login(demo_server, {"username": "alice", "password": "alice-demo-pass-1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"user_id", "username"}
    assert body["username"] == "alice" and isinstance(body["user_id"], int)
    assert "refresh" not in r.text and "access" not in r.text
    cookies = set_cookies(r)
    access, refresh = cookies["access_token"], cookies["refresh_token"]
    assert access["attrs"]["path"] == "/"
    assert refresh["attrs"]["path"] == "/api/"
    for cookie in (access, refresh):
        assert cookie["attrs"].get("httponly") is True
        assert cookie["attrs"].get("samesite") == "Lax"
        assert "secure" not in cookie["attrs"]
        assert "domain" not in cookie["attrs"]
    assert access["attrs"]["max-age"] == "300"
    assert refresh["attrs"]["max-age"] == "86400"
    claims = decode_payload(access["value"])
    assert claims["token_type"] == "access" and claims["user_id"] == body["user_id"]
    assert {"exp", "iat", "jti", "sid"} <= set(claims)
    assert claims["exp"] - claims["iat"] == 300
    refresh_claims = decode_payload(refresh["value"])
    assert refresh_claims["token_type"] == "refresh" and refresh_claims["sid"] == claims["sid"]


def test_login_is_case_insensitive_and_answers_the_stored_name(demo_server):
    r = post_login(demo_server, {"username": "ALICE", "password": "alice-demo-pass-1"})
    assert r.status_code == 200 and r.json()["username"] == "alice"


def test_form_encoded_login_works(demo_server):
    r = requests.post(demo_server.url("/api/token/"),
                      data={"username": "bob", "password": "bob-demo-pass-1"})
    assert r.status_code == 200, r.text
    assert r.json()["username"] == "bob"


def test_wrong_password_and_unknown_user_get_the_same_401(demo_server):
    expected = {"detail": "No active account found with the given credentials"}
    for body in ({"username": "alice", "password": "wrong-password"},
                 {"username": "nobody-here", "password": "whatever-password"}):
        r = post_login(demo_server, body)
        assert r.status_code == 401
        assert r.json() == expected
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="api"'
        assert "Set-Cookie" not in r.headers


def test_unknown_user_takes_about_as_long_as_a_wrong_password(make_server):
    server = make_server(["--log-level", "warn", "--login-failures-per-minute", "0",
                          "--login-failures-per-address-per-minute", "0"]).start()

    def timed(username):
        started = time.perf_counter()
        r = post_login(server, {"username": username, "password": "not-the-password"})
        assert r.status_code == 401
        return time.perf_counter() - started

    known, unknown = [], []
    for _ in range(7):  # interleaved, so that load changes hit both alike
        known.append(timed("carol"))
        unknown.append(timed("no-such-user-x"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, (known, unknown)


def test_missing_blank_and_wrong_type_fields_are_400_field_errors(demo_server):
    r = post_login(demo_server, {})
    assert r.status_code == 400
    assert r.json() == {"username": ["This field is required."],
                        "password": ["This field is required."]}
    r = post_login(demo_server, {"username": "alice"})
    assert r.json() == {"password": ["This field is required."]}
    r = post_login(demo_server, {"username": " ", "password": ""})
    assert r.status_code == 400
    assert r.json() == {"username": ["This field may not be blank."],
                        "password": ["This field may not be blank."]}
    r = post_login(demo_server, {"username": ["alice"], "password": {"a": 1}})
    assert r.status_code == 400
    assert r.json() == {"username": ["Not a valid string."], "password": ["Not a valid string."]}
    r = post_login(demo_server, {"username": None, "password": "x" * 1025})
    assert r.status_code == 400
    assert r.json() == {"username": ["This field may not be null."],
                        "password": ["Ensure this field has no more than 1024 characters."]}


def test_malformed_json_is_a_clear_400(demo_server):
    r = requests.post(demo_server.url("/api/token/"), data='{"username": "alice",',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("JSON parse error - ")
    r = requests.post(demo_server.url("/api/token/"), data='["alice"]',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}
    r = requests.post(demo_server.url("/api/token/"), data=b"\xff\xfe",
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    r = requests.post(demo_server.url("/api/token/"), data="username=alice",
                      headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_login_ignores_an_invalid_access_cookie(demo_server):
    r = post_login(demo_server, {"username": "alice", "password": "alice-demo-pass-1"},
                   cookies={"access_token": "garbage"})
    assert r.status_code == 200


def test_lifetimes_and_secure_flag_are_configurable(make_server):
    server = make_server(["--access-token-lifetime", "7", "--refresh-token-lifetime", "60",
                          "--secure-cookies"]).start()
    r = post_login(server, {"username": "alice", "password": "alice-demo-pass-1"})
    assert r.status_code == 200
    cookies = set_cookies(r)
    assert cookies["access_token"]["attrs"]["max-age"] == "7"
    assert cookies["refresh_token"]["attrs"]["max-age"] == "60"
    assert cookies["access_token"]["attrs"].get("secure") is True
    assert cookies["refresh_token"]["attrs"].get("secure") is True
    claims = decode_payload(cookies["access_token"]["value"])
    assert claims["exp"] - claims["iat"] == 7


def test_lifetimes_come_from_the_environment_too(make_server):
    import os
    env = dict(os.environ, PARLEY_ACCESS_TOKEN_LIFETIME="9")
    server = make_server(env=env).start()
    r = post_login(server, {"username": "alice", "password": "alice-demo-pass-1"})
    assert set_cookies(r)["access_token"]["attrs"]["max-age"] == "9"
