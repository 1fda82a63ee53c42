"""Accounts imported from djchat (Django pbkdf2_sha256 hashes) log in and get upgraded."""
import base64
import hashlib
import requests

from realtime_helpers import db


def django_hash(password, salt="djangosalt1234", iterations=20000):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def test_pbkdf2_hash_is_verified_then_upgraded_to_argon2id(make_server):
    server = make_server()
    with db(server) as conn:
        conn.execute("UPDATE accounts SET password_hash = ? WHERE username = 'bob'",
                     (django_hash("imported-from-djchat"),))
    server.start()
    r = requests.post(server.url("/api/token/"),
                      json={"username": "bob", "password": "bob-demo-pass-1"})
    assert r.status_code == 401
    with db(server) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM accounts WHERE username = 'bob'").fetchone()
    assert stored.startswith("pbkdf2_sha256$")
    r = requests.post(server.url("/api/token/"),
                      json={"username": "bob", "password": "imported-from-djchat"})
    assert r.status_code == 200, r.text
    with db(server) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM accounts WHERE username = 'bob'").fetchone()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$"), stored
    r = requests.post(server.url("/api/token/"),
                      json={"username": "bob", "password": "imported-from-djchat"})
    assert r.status_code == 200


def test_new_passwords_are_argon2id(make_server):
    server = make_server(demo=False).start()
    r = requests.post(server.url("/api/register/"),
                      json={"username": "newbie", "password": "fresh-password"})
    assert r.status_code == 201
    with db(server) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM accounts").fetchone()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "fresh-password" not in stored
