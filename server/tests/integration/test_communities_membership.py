"""SPEC §2: membership join, leave and is_member, and the paged message history."""
import json
import re

import requests

from conftest import run_parley


def server_named(server, name):
    return next(s for s in requests.get(server.url("/api/server/select/"), timeout=10).json()
                if s["name"] == name)


def test_membership_needs_login(demo_server):
    assert requests.post(demo_server.url("/api/membership/1/membership/")).status_code == 401
    assert requests.delete(
        demo_server.url("/api/membership/1/membership/remove_member/")).status_code == 401
    assert requests.get(
        demo_server.url("/api/membership/1/membership/is_member/")).status_code == 401


def test_join_leave_cycle(demo_server):
    dave = demo_server.login("dave")
    sid = server_named(demo_server, "Retro Arcade")["id"]
    base = demo_server.url(f"/api/membership/{sid}/membership/")
    assert dave.get(base + "is_member/").json() == {"is_member": False}
    r = dave.post(base)
    assert r.status_code == 200 and r.json() == {"message": "User joined server successfully"}
    r = dave.post(base)
    assert r.status_code == 409 and r.json() == {"error": "User is already a member"}
    assert dave.get(base + "is_member/").json() == {"is_member": True}
    r = dave.delete(base + "remove_member/")
    assert r.status_code == 200 and r.json() == {"message": "User removed from server"}
    r = dave.delete(base + "remove_member/")
    assert r.status_code == 404 and r.json() == {"error": "User is not a member"}


def test_owner_cannot_leave(demo_server):
    alice = demo_server.login("alice")
    arcade = server_named(demo_server, "Retro Arcade")
    assert arcade["owner"] == alice.get(demo_server.url("/api/account/me/")).json()["id"]
    r = alice.delete(demo_server.url(f"/api/membership/{arcade['id']}/membership/remove_member/"))
    assert r.status_code == 409 and r.json() == {"error": "Owners cannot be removed as a member"}
    r = alice.get(demo_server.url(f"/api/membership/{arcade['id']}/membership/is_member/"))
    assert r.json() == {"is_member": True}


def test_unknown_server_is_404(demo_server):
    carol = demo_server.login("carol")
    for method, path in [("post", ""), ("delete", "remove_member/"), ("get", "is_member/")]:
        r = getattr(carol, method)(demo_server.url(f"/api/membership/999999/membership/{path}"))
        assert r.status_code == 404 and r.json() == {"detail": "Not found."}


def channel_of(server, name="Retro Arcade", channel="general"):
    return next(c for c in server_named(server, name)["channel_server"] if c["name"] == channel)


def test_history_needs_login(demo_server):
    cid = channel_of(demo_server)["id"]
    r = requests.get(demo_server.url(f"/api/messages/?channel_id={cid}"))
    assert r.status_code == 401


def test_history_shape_and_order(demo_server):
    carol = demo_server.login("dave")  # not a member: servers are public to read
    cid = channel_of(demo_server)["id"]
    r = carol.get(demo_server.url(f"/api/messages/?channel_id={cid}"))
    assert r.status_code == 200
    messages = r.json()
    assert len(messages) >= 2
    for m in messages:
        # The original's keys first, in its order; SPEC §7 adds its own after them.
        assert list(m)[:5] == ["id", "sender", "sender_id", "content", "timestamp"]
        assert {"channel_id", "edited_at", "reply_to", "mentions", "reactions"} <= set(m)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", m["timestamp"])
    assert [m["id"] for m in messages] == sorted(m["id"] for m in messages)
    assert messages[0]["content"] == "Welcome to Retro Arcade!"
    assert messages[0]["sender"] == "alice"


def test_history_unknown_channel_is_empty(demo_server):
    bob = demo_server.login("bob")
    r = bob.get(demo_server.url("/api/messages/?channel_id=987654"))
    assert r.status_code == 200 and r.json() == []
    assert "Link" not in r.headers


def test_history_bad_parameters_are_400(demo_server):
    bob = demo_server.login("bob")
    for query in ["channel_id=abc", "channel_id=-1", "channel_id=1.5",
                  "channel_id=99999999999999999999999", "channel_id=1&before=x",
                  "channel_id=1&after=-2", "channel_id=1&limit=0", "channel_id=1&limit=abc",
                  "channel_id=1&limit=99999999999999999999"]:
        r = bob.get(demo_server.url(f"/api/messages/?{query}"))
        assert r.status_code == 400, query
        assert isinstance(r.json(), dict)


def test_history_without_channel_is_empty_as_the_original(demo_server):
    bob = demo_server.login("bob")
    for query in ["", "channel_id="]:
        r = bob.get(demo_server.url(f"/api/messages/?{query}"))
        assert r.status_code == 200 and r.json() == [], query


def test_history_pages_with_link(make_server, tmp_path):
    server = make_server()
    fixture = {
        "servers": [{"name": "Retro Arcade", "category": "Gaming", "owner": "alice",
                     "channels": [{"name": "paging", "topic": "pages"}]}],
        "messages": [{"server": "Retro Arcade", "channel": "paging", "sender": "alice",
                      "content": f"m{i}"} for i in range(250)],
    }
    path = tmp_path / "paging.json"
    path.write_text(json.dumps(fixture))
    out = run_parley("load", "--data-dir", server.data_dir, str(path))
    assert out.returncode == 0, out.stderr
    server.start()
    alice = server.login("alice")
    ch = channel_of(server, "Retro Arcade", "paging")
    url = server.url(f"/api/messages/?channel_id={ch['id']}")
    newest = alice.get(url)
    page = newest.json()
    assert [m["content"] for m in page] == [f"m{i}" for i in range(200, 250)]
    link = newest.headers["Link"]
    m = re.fullmatch(r'<(/api/messages/\?channel_id=(\d+)&before=(\d+)&limit=50)>; rel="prev"',
                     link)
    assert m and int(m.group(2)) == ch["id"] and int(m.group(3)) == page[0]["id"]
    older = alice.get(server.url(m.group(1))).json()
    assert [x["content"] for x in older] == [f"m{i}" for i in range(150, 200)]
    # Clamped to 200.
    big = alice.get(url + "&limit=1000")
    assert len(big.json()) == 200 and "limit=200" in big.headers["Link"]
    # after: the oldest ones newer than an id, oldest first.
    first_id = big.json()[0]["id"]
    after = alice.get(url + f"&after={first_id}&limit=3").json()
    assert [x["id"] for x in after] == [first_id + 1, first_id + 2, first_id + 3]
    # The very first page of history has no older page.
    all_ids = alice.get(url + "&limit=200").json()
    oldest = alice.get(url + f"&before={all_ids[0]['id']}&limit=200")
    assert len(oldest.json()) == 50 and "Link" not in oldest.headers
