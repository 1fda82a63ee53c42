"""The signing key: generated once into the data dir (0600, >= 256 bits) and reused across
restarts, or taken from --secret-key / PARLEY_SECRET_KEY."""
import os
import pathlib
import stat

import requests

from auth_helpers import mint, set_cookies


def login(server):
    r = requests.post(server.url("/api/token/"),
                      json={"username": "alice", "password": "alice-demo-pass-1"})
    assert r.status_code == 200
    return set_cookies(r)["access_token"]["value"]


def me(server, token):
    return requests.get(server.url("/api/account/me/"), headers={"Cookie": f"access_token={token}"})


def test_generated_key_is_private_strong_and_survives_a_restart(make_server):
    server = make_server().start()
    key_file = pathlib.Path(server.data_dir) / "secret_key"
    mode = stat.S_IMODE(key_file.stat().st_mode)
    assert mode == 0o600, oct(mode)
    key = key_file.read_text().strip()
    assert len(bytes.fromhex(key)) * 8 >= 256
    token = login(server)
    server.stop()
    server.start()
    assert me(server, token).status_code == 200
    assert key_file.read_text().strip() == key


def test_configured_key_signs_tokens(make_server):
    secret = "configured-secret-key-0123456789-0123456789"
    server = make_server(["--secret-key", secret]).start()
    assert not (pathlib.Path(server.data_dir) / "secret_key").exists()
    token = login(server)
    assert me(server, token).status_code == 200
    assert me(server, mint({"user_id": 1, "sid": 999999}, key=secret)).status_code == 200
    assert me(server, mint({"user_id": 1}, key="not-the-key")).status_code == 401


def test_key_from_the_environment(make_server):
    secret = "environment-secret-key-0123456789-0123456789"
    server = make_server(env=dict(os.environ, PARLEY_SECRET_KEY=secret)).start()
    assert me(server, mint({"user_id": 1}, key=secret)).status_code == 200
