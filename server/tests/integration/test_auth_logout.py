"""POST /api/logout/ (SPEC §1): 200, cookies deleted with matching attributes, session
revoked server-side, idempotent."""
import requests

from auth_helpers import set_cookies


def login(server, name="dave", password="dave-demo-pass-1"):
    r = requests.post(server.url("/api/token/"), json={"username": name, "password": password})
    assert r.status_code == 200
    cookies = set_cookies(r)
    return cookies["access_token"]["value"], cookies["refresh_token"]["value"]


def test_logout_deletes_both_cookies_with_matching_attributes(demo_server):
    access, refresh = login(demo_server)
    r = requests.post(demo_server.url("/api/logout/"),
                      headers={"Cookie": f"access_token={access}; refresh_token={refresh}"})
    assert r.status_code == 200
    assert r.json() == "Logged out successfully"
    cookies = set_cookies(r)
    assert cookies["access_token"]["value"] == "" and cookies["refresh_token"]["value"] == ""
    assert cookies["access_token"]["attrs"]["path"] == "/"
    assert cookies["refresh_token"]["attrs"]["path"] == "/api/"
    for cookie in cookies.values():
        assert cookie["attrs"]["max-age"] == "0"
        assert cookie["attrs"]["httponly"] is True
        assert cookie["attrs"]["samesite"] == "Lax"


def test_logout_revokes_the_session_server_side(demo_server):
    access, refresh = login(demo_server)
    other_access, _ = login(demo_server)  # the same user on another device
    requests.post(demo_server.url("/api/logout/"),
                  headers={"Cookie": f"access_token={access}; refresh_token={refresh}"})
    r = requests.get(demo_server.url("/api/account/me/"), headers={"Cookie": f"access_token={access}"})
    assert r.status_code == 401 and r.json()["code"] == "token_not_valid"
    r = requests.get(demo_server.url("/api/account/me/"),
                     headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 401
    r = requests.post(demo_server.url("/api/token/refresh/"),
                      headers={"Cookie": f"refresh_token={refresh}"})
    assert r.status_code == 401 and r.json()["detail"] == "Token is invalid or expired"
    r = requests.get(demo_server.url("/api/account/me/"),
                     headers={"Cookie": f"access_token={other_access}"})
    assert r.status_code == 200


def test_logout_by_bearer_only_revokes_too(demo_server):
    access, refresh = login(demo_server)
    r = requests.post(demo_server.url("/api/logout/"), headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 200
    r = requests.post(demo_server.url("/api/token/refresh/"),
                      headers={"Cookie": f"refresh_token={refresh}"})
    assert r.status_code == 401


def test_logout_is_idempotent(demo_server):
    access, refresh = login(demo_server)
    cookie = {"Cookie": f"access_token={access}; refresh_token={refresh}"}
    for _ in range(2):
        assert requests.post(demo_server.url("/api/logout/"), headers=cookie).status_code == 200
    r = requests.post(demo_server.url("/api/logout/"))
    assert r.status_code == 200 and r.json() == "Logged out successfully"
    assert len(set_cookies(r)) == 2


def test_a_browser_session_is_logged_out(demo_server):
    session = demo_server.login("bob")
    assert session.get(demo_server.url("/api/account/me/")).status_code == 200
    assert session.post(demo_server.url("/api/logout/")).status_code == 200
    assert "access_token" not in session.cookies and "refresh_token" not in session.cookies
    r = session.get(demo_server.url("/api/account/me/"))
    assert r.status_code == 401 and r.json()["detail"] == "Authentication credentials were not provided."
