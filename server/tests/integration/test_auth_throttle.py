"""Failed logins throttled per username and per client address (SPEC §1)."""
import requests


def login(server, name, password):
    return requests.post(server.url("/api/token/"), json={"username": name, "password": password})


def test_a_throttled_username_gets_429_even_with_the_right_password(make_server):
    server = make_server(["--login-failures-per-minute", "3"]).start()
    for _ in range(3):
        assert login(server, "alice", "wrong-password").status_code == 401
    for password in ("alice-demo-pass-1", "wrong-password"):
        r = login(server, "alice", password)
        assert r.status_code == 429
        seconds = int(r.headers["Retry-After"])
        assert 1 <= seconds <= 60
        assert r.json() == {
            "detail": f"Request was throttled. Expected available in {seconds} seconds."}
    assert login(server, "ALICE", "alice-demo-pass-1").status_code == 429
    # Another account from the same address is not affected.
    assert login(server, "bob", "bob-demo-pass-1").status_code == 200


def test_failures_across_usernames_are_throttled_per_address(make_server):
    server = make_server(["--login-failures-per-address-per-minute", "4"]).start()
    for name in ("u1", "u2", "u3", "u4"):
        assert login(server, name, "wrong-password").status_code == 401
    r = login(server, "bob", "bob-demo-pass-1")
    assert r.status_code == 429 and "Retry-After" in r.headers


def test_many_successful_logins_from_one_address_are_not_blocked(make_server):
    server = make_server(["--login-failures-per-minute", "1",
                          "--login-failures-per-address-per-minute", "1"]).start()
    users = {"alice": "alice-demo-pass-1", "bob": "bob-demo-pass-1", "carol": "carol-demo-pass-1",
             "dave": "dave-demo-pass-1"}
    for _ in range(5):
        for name, password in users.items():
            assert login(server, name, password).status_code == 200
