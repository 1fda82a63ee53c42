"""GET /api/account/?user_id=N and GET /api/account/me/ (SPEC §1)."""
import re

import requests


def test_account_by_id(demo_server):
    session = demo_server.login("alice")
    me = session.get(demo_server.url("/api/account/me/")).json()
    bob = requests.post(demo_server.url("/api/token/"),
                        json={"username": "bob", "password": "bob-demo-pass-1"}).json()
    r = session.get(demo_server.url(f"/api/account/?user_id={bob['user_id']}"))
    assert r.status_code == 200 and r.json() == {"username": "bob"}
    r = session.get(demo_server.url(f"/api/account/?user_id={me['id']}"))
    assert r.json() == {"username": "alice"}


def test_account_bad_ids(demo_server):
    session = demo_server.login("alice")
    for query in ("", "?user_id=", "?user_id=abc", "?user_id=1.5", "?user_id=99999999999999999999",
                  "?other=1"):
        r = session.get(demo_server.url("/api/account/" + query))
        assert r.status_code == 400, query
        assert r.json() == {"user_id": ["A valid integer is required."]}
    r = session.get(demo_server.url("/api/account/?user_id=987654"))
    assert r.status_code == 404 and r.json() == {"detail": "Not found."}


def test_account_requires_auth(demo_server):
    r = requests.get(demo_server.url("/api/account/?user_id=1"))
    assert r.status_code == 401
    assert r.json() == {"detail": "Authentication credentials were not provided."}


def test_me(demo_server):
    session = demo_server.login("carol")
    r = session.get(demo_server.url("/api/account/me/"))
    assert r.status_code == 200
    body = r.json()
    # SPEC §9 adds dm_policy (Part II: new keys may be added to existing objects).
    assert set(body) == {"id", "username", "date_joined", "is_staff", "dm_policy"}
    assert body["username"] == "carol" and body["is_staff"] is False
    assert isinstance(body["id"], int)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", body["date_joined"])
    assert "password" not in r.text


def test_me_requires_auth(demo_server):
    r = requests.get(demo_server.url("/api/account/me/"))
    assert r.status_code == 401
