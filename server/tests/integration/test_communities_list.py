"""SPEC §2 against the real binary with the demo fixture: categories, the server list and
every filter and error of GET /api/server/select/."""
import requests

# The original's keys in its order, then SPEC §10's "visibility".
SERVER_KEYS = ["id", "channel_server", "category", "name", "description", "banner", "icon",
               "owner", "visibility"]
CHANNEL_KEYS = ["id", "name", "topic", "owner", "server"]


def get(server, path, session=None):
    return (session or requests).get(server.url(path), timeout=10)


def test_categories_list_shape(demo_server):
    r = get(demo_server, "/api/server/category/")
    assert r.status_code == 200
    cats = r.json()
    assert [c["name"] for c in cats] == ["gaming", "programming", "music", "science"]
    for c in cats:
        assert list(c) == ["id", "name", "description", "icon"]
        assert c["icon"] is None or c["icon"].startswith("/media/")


def test_server_list_keys_in_original_order(demo_server):
    r = get(demo_server, "/api/server/select/")
    assert r.status_code == 200
    servers = r.json()
    assert len(servers) == 6
    for s in servers:
        assert list(s) == SERVER_KEYS
        for ch in s["channel_server"]:
            assert list(ch) == CHANNEL_KEYS
            assert ch["server"] == s["id"]
    assert [s["id"] for s in servers] == sorted(s["id"] for s in servers)


def test_with_num_members(demo_server):
    servers = get(demo_server, "/api/server/select/?with_num_members=true").json()
    assert list(servers[0]) == ["id", "num_members"] + SERVER_KEYS[1:]
    arcade = next(s for s in servers if s["name"] == "Retro Arcade")
    assert arcade["num_members"] == 3
    plain = get(demo_server, "/api/server/select/?with_num_members=false").json()
    assert "num_members" not in plain[0]


def test_category_filter_is_case_insensitive(demo_server):
    lower = get(demo_server, "/api/server/select/?category=gaming").json()
    upper = get(demo_server, "/api/server/select/?category=GaMiNg").json()
    assert lower == upper and len(lower) == 2
    assert all(s["category"] == "gaming" for s in lower)
    assert get(demo_server, "/api/server/select/?category=nothing").json() == []


def test_qty_limits_and_applies_after_filters(demo_server):
    assert len(get(demo_server, "/api/server/select/?qty=1").json()) == 1
    assert len(get(demo_server, "/api/server/select/?qty=100").json()) == 6
    gaming = get(demo_server, "/api/server/select/?category=gaming&qty=1").json()
    assert len(gaming) == 1 and gaming[0]["category"] == "gaming"
    last = get(demo_server, "/api/server/select/").json()[-1]
    one = get(demo_server, f"/api/server/select/?qty=1&by_serverid={last['id']}").json()
    assert [s["id"] for s in one] == [last["id"]]


def test_qty_invalid_is_400(demo_server):
    for bad in ["0", "-1", "101", "abc", "1.5", "99999999999999999999999"]:
        r = get(demo_server, f"/api/server/select/?qty={bad}")
        assert r.status_code == 400, bad
        assert "qty" in r.json()


def test_by_serverid_and_by_server_id(demo_server):
    for name in ["by_serverid", "by_server_id"]:
        r = get(demo_server, f"/api/server/select/?{name}=2")
        assert r.status_code == 200
        assert [s["id"] for s in r.json()] == [2]
        r = get(demo_server, f"/api/server/select/?{name}=999")
        assert r.status_code == 400 and r.json() == ["Server with id 999 not found"]
        r = get(demo_server, f"/api/server/select/?{name}=abc")
        assert r.status_code == 400 and r.json() == ["Server value error"]
        r = get(demo_server, f"/api/server/select/?{name}=-3")
        assert r.status_code == 400 and r.json() == ["Server with id -3 not found"]
        r = get(demo_server, f"/api/server/select/?{name}=99999999999999999999999")
        assert r.status_code == 400 and r.json() == ["Server value error"]


def test_by_user_needs_login(demo_server):
    r = get(demo_server, "/api/server/select/?by_user=true")
    assert r.status_code == 401
    assert r.json() == {"detail": "Authentication credentials were not provided."}
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_by_user_lists_the_callers_servers(demo_server):
    bob = demo_server.login("bob")
    mine = get(demo_server, "/api/server/select/?by_user=true&with_num_members=true", bob).json()
    everything = get(demo_server, "/api/server/select/").json()
    assert 0 < len(mine) < len(everything)
    for s in mine:
        member = get(demo_server, f"/api/membership/{s['id']}/membership/is_member/", bob)
        assert member.json() == {"is_member": True}
    assert "Speedrunners" in [s["name"] for s in mine]


def test_invalid_token_is_refused_on_the_list(demo_server):
    r = requests.get(demo_server.url("/api/server/select/"), cookies={"access_token": "x.y.z"},
                     timeout=10)
    assert r.status_code == 401
    assert r.json()["code"] == "token_not_valid"


def test_bad_flags_are_400(demo_server):
    assert get(demo_server, "/api/server/select/?with_num_members=maybe").status_code == 400
    assert get(demo_server, "/api/server/select/?by_user=1").status_code == 400
