"""POST /api/token/refresh/ (SPEC §1): rotation, grace window, reuse detection."""
import threading
import time

import requests

from auth_helpers import decode_payload, set_cookies

NO_COOKIE = {"detail": "No valid refresh token found", "code": "token_not_valid"}
INVALID = {"detail": "Token is invalid or expired", "code": "token_not_valid"}


def login(server, name="alice", password="alice-demo-pass-1"):
    r = requests.post(server.url("/api/token/"), json={"username": name, "password": password})
    assert r.status_code == 200, r.text
    cookies = set_cookies(r)
    return cookies["access_token"]["value"], cookies["refresh_token"]["value"]


def refresh(server, token):
    return requests.post(server.url("/api/token/refresh/"), json={},
                         headers={"Cookie": f"refresh_token={token}"})


def me(server, access):
    return requests.get(server.url("/api/account/me/"), headers={"Cookie": f"access_token={access}"})


def test_refresh_without_cookie(demo_server):
    r = requests.post(demo_server.url("/api/token/refresh/"), json={})
    assert r.status_code == 401 and r.json() == NO_COOKIE
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    r = requests.post(demo_server.url("/api/token/refresh/"), json={"refresh": "x"},
                      headers={"Cookie": "refresh_token="})
    assert r.status_code == 401 and r.json() == NO_COOKIE


def test_refresh_with_a_bad_token(demo_server):
    access, _ = login(demo_server)
    for token in ("garbage", access, "a.b.c"):
        r = refresh(demo_server, token)
        assert r.status_code == 401 and r.json() == INVALID, token


def test_refresh_rotates_both_cookies(demo_server):
    access, old = login(demo_server)
    r = refresh(demo_server, old)
    assert r.status_code == 200, r.text
    assert r.json() == {}
    cookies = set_cookies(r)
    new_access, new_refresh = cookies["access_token"], cookies["refresh_token"]
    assert new_refresh["value"] != old
    assert new_access["attrs"]["path"] == "/" and new_refresh["attrs"]["path"] == "/api/"
    for cookie in (new_access, new_refresh):
        assert cookie["attrs"]["httponly"] is True and cookie["attrs"]["samesite"] == "Lax"
    assert decode_payload(new_refresh["value"])["sid"] == decode_payload(access)["sid"]
    assert me(demo_server, new_access["value"]).status_code == 200
    assert refresh(demo_server, new_refresh["value"]).status_code == 200


def test_two_tabs_refreshing_at_once_both_succeed(demo_server):
    _, token = login(demo_server)
    results = []

    def tab():
        results.append(refresh(demo_server, token))

    threads = [threading.Thread(target=tab) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200, 200, 200]
    # Every tab can keep going with what it got.
    for r in results:
        assert refresh(demo_server, set_cookies(r)["refresh_token"]["value"]).status_code == 200


def test_old_token_replayed_after_the_grace_window_revokes_the_session(make_server):
    server = make_server(["--refresh-reuse-grace", "1"]).start()
    stolen_access, stolen = login(server)
    r = refresh(server, stolen)
    assert r.status_code == 200
    legit = set_cookies(r)
    time.sleep(1.3)
    r = refresh(server, stolen)  # the attacker's replay
    assert r.status_code == 401 and r.json() == INVALID
    # Every token of that session is dead now, the legitimate user's included.
    assert refresh(server, legit["refresh_token"]["value"]).status_code == 401
    assert me(server, legit["access_token"]["value"]).status_code == 401
    assert me(server, stolen_access).status_code == 401
    # Other sessions are untouched.
    other_access, other_refresh = login(server)
    assert me(server, other_access).status_code == 200
    assert refresh(server, other_refresh).status_code == 200


def test_expired_refresh_token_is_refused(make_server):
    server = make_server(["--refresh-token-lifetime", "1"]).start()
    _, token = login(server)
    time.sleep(2.2)
    r = refresh(server, token)
    assert r.status_code == 401 and r.json() == INVALID


def test_short_access_lifetime_then_refresh_keeps_the_user_logged_in(make_server):
    server = make_server(["--access-token-lifetime", "1"]).start()
    access, token = login(server)
    time.sleep(2.2)
    assert me(server, access).status_code == 401
    r = refresh(server, token)
    assert r.status_code == 200
    assert me(server, set_cookies(r)["access_token"]["value"]).status_code == 200


def test_browser_like_session_refreshes_with_its_cookie_jar(demo_server):
    session = demo_server.login("carol")
    r = session.post(demo_server.url("/api/token/refresh/"), json={})
    assert r.status_code == 200
    assert session.get(demo_server.url("/api/account/me/")).json()["username"] == "carol"
