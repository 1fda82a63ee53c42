"""POST /api/register/ (SPEC §1)."""
import uuid

import requests


def register(server, username, password="a-good-password", **kwargs):
    body = {"username": username, "password": password}
    return requests.post(server.url("/api/register/"), json=body, **kwargs)


def unique(prefix="user"):
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def test_register_returns_201_with_only_the_username_and_the_user_can_log_in(demo_server):
    name = unique()
    r = register(demo_server, name)
    assert r.status_code == 201, r.text
    assert r.json() == {"username": name}
    assert "Set-Cookie" not in r.headers
    r = requests.post(demo_server.url("/api/token/"),
                      json={"username": name, "password": "a-good-password"})
    assert r.status_code == 200 and r.json()["username"] == name


def test_reserved_names_are_refused_in_any_case(demo_server):
    for name in ("admin", "Admin", "ROOT", "SuperUser"):
        r = register(demo_server, name)
        assert r.status_code == 409, name
        assert r.json() == {"error": "Username not allowed"}


def test_existing_names_are_refused_case_insensitively(demo_server):
    for name in ("alice", "ALICE", "Alice"):
        r = register(demo_server, name)
        assert r.status_code == 409
        assert r.json() == {"error": "Username already exists"}
    name = unique("Mixed")
    assert register(demo_server, name).status_code == 201
    assert register(demo_server, name.lower()).json() == {"error": "Username already exists"}


def test_username_field_errors_are_400(demo_server):
    cases = {
        None: ["This field is required."],
        "": ["This field may not be blank."],
        "   ": ["This field may not be blank."],
        "x" * 151: ["Ensure this field has no more than 150 characters."],
        "bad name": ["Enter a valid username. This value may contain only letters, numbers, and "
                     "@/./+/-/_ characters."],
        "semi;colon": ["Enter a valid username. This value may contain only letters, numbers, and "
                       "@/./+/-/_ characters."],
        "<script>": ["Enter a valid username. This value may contain only letters, numbers, and "
                     "@/./+/-/_ characters."],
    }
    for name, errors in cases.items():
        body = {"password": "a-good-password"}
        if name is not None:
            body["username"] = name
        r = requests.post(demo_server.url("/api/register/"), json=body)
        assert r.status_code == 400, (name, r.text)
        assert r.json() == {"username": errors}, name


def test_allowed_usernames(demo_server):
    for name in (unique("a@b.c+d-e_"), "zoë" + uuid.uuid4().hex[:4], "用户" + uuid.uuid4().hex[:4],
                 "x" * 140 + uuid.uuid4().hex[:10]):
        r = register(demo_server, name)
        assert r.status_code == 201, (name, r.text)
        assert r.json() == {"username": name}


def test_password_errors_are_400(demo_server):
    r = register(demo_server, unique(), "short")
    assert r.status_code == 400
    assert r.json() == {"password": ["Ensure this field has at least 8 characters."]}
    r = register(demo_server, unique(), "x" * 1025)
    assert r.json() == {"password": ["Ensure this field has no more than 1024 characters."]}
    r = requests.post(demo_server.url("/api/register/"), json={"username": unique()})
    assert r.json() == {"password": ["This field is required."]}
    assert register(demo_server, unique(), "x" * 1024).status_code == 201
    assert register(demo_server, unique(), "ü" * 8).status_code == 201  # characters, not bytes


def test_registrations_are_throttled_per_address(make_server):
    server = make_server(["--register-per-minute", "3"], demo=False).start()
    for i in range(3):
        assert register(server, f"user{i}").status_code == 201
    r = register(server, "user3")
    assert r.status_code == 429
    seconds = int(r.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert r.json() == {"detail": f"Request was throttled. Expected available in {seconds} seconds."}


def test_the_default_registration_limit_fits_a_classroom(make_server):
    server = make_server(demo=False).start()
    for i in range(30):
        assert register(server, f"student{i}", "classroom-pass").status_code == 201, i
