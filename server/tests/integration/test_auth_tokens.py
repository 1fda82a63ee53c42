"""The authenticator (SPEC §1): access_token cookie or Bearer header, and every way a token
can be bad: none of them may pass, with the cookie or with the header."""
import hashlib
import time

import pytest
import requests

from auth_helpers import SECRET, b64url, mint, set_cookies

NOT_VALID = {"detail": "Given token not valid for any token type", "code": "token_not_valid"}


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory):
    from conftest import ParleyServer, load_demo
    data_dir = tmp_path_factory.mktemp("auth-tokens")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", "--secret-key", SECRET]).start()
    yield server
    server.stop()


def login(server, name="alice", password="alice-demo-pass-1"):
    r = requests.post(server.url("/api/token/"), json={"username": name, "password": password})
    assert r.status_code == 200, r.text
    cookies = set_cookies(r)
    return r.json()["user_id"], cookies["access_token"]["value"], cookies["refresh_token"]["value"]


def me_with_cookie(server, token):
    return requests.get(server.url("/api/account/me/"), headers={"Cookie": f"access_token={token}"})


def me_with_bearer(server, token):
    return requests.get(server.url("/api/account/me/"), headers={"Authorization": f"Bearer {token}"})


def test_cookie_and_bearer_both_authenticate(keyed_server):
    user_id, access, _ = login(keyed_server)
    for r in (me_with_cookie(keyed_server, access), me_with_bearer(keyed_server, access)):
        assert r.status_code == 200, r.text
        assert r.json()["id"] == user_id


def test_any_cookie_layout_works(keyed_server):
    _, access, _ = login(keyed_server)
    for header in (f"a=1; access_token={access}; b=x=y", f"access_token={access};other",
                   f"novalue; access_token={access}", f"x=1;  access_token = {access} ; y"):
        r = requests.get(keyed_server.url("/api/account/me/"), headers={"Cookie": header})
        assert r.status_code == 200, header


def test_odd_cookie_headers_never_crash(keyed_server):
    for header in ("", ";", "access_token", "=", "access_token=", "a=b=c", "access_token=a=b",
                   ";;;;access_token;;;", "access_token=\"", "a" * 4000):
        r = requests.get(keyed_server.url("/api/account/me/"), headers={"Cookie": header})
        assert r.status_code == 401, header
    assert requests.get(keyed_server.url("/readyz")).status_code == 200


def test_a_token_minted_with_the_configured_key_is_accepted(keyed_server):
    user_id, access, _ = login(keyed_server)
    import json, base64
    claims = json.loads(base64.urlsafe_b64decode(access.split(".")[1] + "=="))
    token = mint(claims)  # same claims, re-signed by this test with the same key
    assert me_with_cookie(keyed_server, token).status_code == 200


def bad_tokens(server):
    """Every kind of bad token, built from a real session's claims."""
    import json, base64
    _, access, refresh = login(server)
    claims = json.loads(base64.urlsafe_b64decode(access.split(".")[1] + "=="))
    head, body, sig = access.split(".")
    now = int(time.time())
    tampered = dict(claims, user_id=claims["user_id"] + 1)
    return {
        "alg none": b64url(b'{"alg":"none","typ":"JWT"}') + "." + body + ".",
        "alg none signed": mint(claims, header={"alg": "none", "typ": "JWT"}),
        "HS512": mint(claims, header={"alg": "HS512", "typ": "JWT"}, alg=hashlib.sha512),
        "HS384": mint(claims, header={"alg": "HS384", "typ": "JWT"}, alg=hashlib.sha384),
        "RS256 header": mint(claims, header={"alg": "RS256", "typ": "JWT"}),
        "tampered payload": head + "." + b64url(json.dumps(tampered).encode()) + "." + sig,
        "tampered signature": head + "." + body + "." + ("A" if sig[0] != "A" else "B") + sig[1:],
        "other key": mint(claims, key="some-other-key-entirely-0123456789"),
        "refresh as access": refresh,
        "expired": mint(claims, exp=now - 30, iat=now - 330),
        "unknown token_type": mint(claims, token_type="id"),
        "no token_type": mint(claims, token_type=None),
        "no sid": mint(claims, sid=None),
        "string user_id": mint(claims, user_id=str(claims["user_id"])),
        "two parts": head + "." + body,
        "four parts": access + ".x",
        "bad base64": "!!!." + body + "." + sig,
        "not json": b64url(b"hello") + "." + body + "." + sig,
        "huge": head + "." + "A" * 5000 + "." + sig,
        "garbage": "garbage",
    }


def test_every_bad_token_is_refused_by_cookie_and_by_bearer(keyed_server):
    for name, token in bad_tokens(keyed_server).items():
        for r in (me_with_cookie(keyed_server, token), me_with_bearer(keyed_server, token)):
            assert r.status_code == 401, name
            assert r.json() == NOT_VALID, name
            assert r.headers["WWW-Authenticate"] == 'Bearer realm="api"', name


def test_an_invalid_token_is_401_even_where_auth_is_optional(keyed_server):
    # /api/account/ needs auth anyway; the point is the body: token_not_valid, not "not provided".
    r = requests.get(keyed_server.url("/api/account/?user_id=1"),
                     headers={"Cookie": "access_token=garbage"})
    assert r.status_code == 401 and r.json() == NOT_VALID


def test_register_token_refresh_and_logout_ignore_an_invalid_access_token(keyed_server):
    cookie = {"Cookie": "access_token=garbage"}
    r = requests.post(keyed_server.url("/api/logout/"), headers=cookie)
    assert r.status_code == 200
    r = requests.post(keyed_server.url("/api/token/refresh/"), headers=cookie)
    assert r.json()["detail"] == "No valid refresh token found"
    r = requests.post(keyed_server.url("/api/register/"), headers=cookie,
                      json={"username": "ignorer", "password": "long-enough-pass"})
    assert r.status_code == 201


def test_missing_credentials_are_401_not_provided(keyed_server):
    r = requests.get(keyed_server.url("/api/account/me/"))
    assert r.status_code == 401
    assert r.json() == {"detail": "Authentication credentials were not provided."}
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    r = requests.get(keyed_server.url("/api/account/me/"), headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401


def test_expired_access_token_is_refused(make_server):
    server = make_server(["--access-token-lifetime", "1"]).start()
    _, access, _ = login(server)
    assert me_with_cookie(server, access).status_code == 200
    time.sleep(2.2)
    r = me_with_cookie(server, access)
    assert r.status_code == 401 and r.json() == NOT_VALID
