"""docs/API.md management routes: servers, channels and categories, with their permission,
validation and deletion-cascade rules."""
import os
import pathlib

import pytest
import requests

from conftest import run_parley


def create_server(session, server, **body):
    body.setdefault("name", "Test Server")
    body.setdefault("category", "Gaming")
    return session.post(server.url("/api/servers/"), json=body)


def test_create_needs_login(demo_server):
    r = requests.post(demo_server.url("/api/servers/"), json={"name": "x", "category": "gaming"})
    assert r.status_code == 401


def test_create_server_makes_owner_and_member(demo_server):
    carol = demo_server.login("carol")
    me = carol.get(demo_server.url("/api/account/me/")).json()
    r = create_server(carol, demo_server, name="  Carol's Corner ", category="MUSIC",
                      description="Tunes")
    assert r.status_code == 201, r.text
    s = r.json()
    assert list(s) == ["id", "num_members", "channel_server", "category", "name", "description",
                       "banner", "icon", "owner", "visibility"]
    assert s["name"] == "Carol's Corner" and s["category"] == "music"
    assert s["owner"] == me["id"] and s["num_members"] == 1 and s["channel_server"] == []
    assert s["icon"] is None and s["banner"] is None
    r = carol.get(demo_server.url(f"/api/membership/{s['id']}/membership/is_member/"))
    assert r.json() == {"is_member": True}
    listed = requests.get(demo_server.url(f"/api/server/select/?by_serverid={s['id']}")).json()
    assert listed[0]["name"] == "Carol's Corner"


@pytest.mark.parametrize("body,field", [
    ({"category": "gaming"}, "name"),
    ({"name": "", "category": "gaming"}, "name"),
    ({"name": "   ", "category": "gaming"}, "name"),
    ({"name": "x" * 101, "category": "gaming"}, "name"),
    ({"name": 5, "category": "gaming"}, "name"),
    ({"name": None, "category": "gaming"}, "name"),
    ({"name": "ok"}, "category"),
    ({"name": "ok", "category": "no-such"}, "category"),
    ({"name": "ok", "category": ["gaming"]}, "category"),
    ({"name": "ok", "category": "gaming", "description": "d" * 251}, "description"),
    ({"name": "ok", "category": "gaming", "description": 12}, "description"),
])
def test_create_server_field_errors(demo_server, body, field):
    alice = demo_server.login("alice")
    r = alice.post(demo_server.url("/api/servers/"), json=body)
    assert r.status_code == 400, r.text
    assert field in r.json() and isinstance(r.json()[field], list)


def test_create_server_bad_json(demo_server):
    alice = demo_server.login("alice")
    r = alice.post(demo_server.url("/api/servers/"), data="{nope",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error")
    r = alice.post(demo_server.url("/api/servers/"), json=[1, 2])
    assert r.status_code == 400 and "non_field_errors" in r.json()


def test_unicode_name_length_counts_characters(demo_server):
    alice = demo_server.login("alice")
    assert create_server(alice, demo_server, name="é" * 100).status_code == 201
    assert create_server(alice, demo_server, name="é" * 101).status_code == 400


def test_patch_and_delete_owner_only(demo_server):
    alice, bob = demo_server.login("alice"), demo_server.login("bob")
    s = create_server(alice, demo_server, name="Alice Lab").json()
    url = demo_server.url(f"/api/servers/{s['id']}/")
    r = bob.patch(url, json={"name": "Bob's now"})
    assert r.status_code == 403
    assert r.json() == {"detail": "You do not have permission to perform this action."}
    assert bob.delete(url).status_code == 403
    r = alice.patch(url, json={"name": "Alice Lab 2", "description": None, "category": "science"})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["description"], r.json()["category"]) == (
        "Alice Lab 2", None, "science")
    r = alice.patch(url, json={"description": "now described"})
    assert r.json()["name"] == "Alice Lab 2" and r.json()["description"] == "now described"
    assert alice.patch(url, json={"name": ""}).status_code == 400
    assert alice.patch(url, json={"category": "nope"}).status_code == 400
    assert alice.patch(demo_server.url("/api/servers/999999/"), json={}).status_code == 404
    assert alice.delete(url).status_code == 204
    assert alice.delete(url).status_code == 404
    r = requests.get(demo_server.url(f"/api/server/select/?by_serverid={s['id']}"))
    assert r.status_code == 400


def test_channels_management(demo_server):
    alice, bob = demo_server.login("alice"), demo_server.login("bob")
    s = create_server(alice, demo_server, name="Channel Lab").json()
    base = demo_server.url(f"/api/servers/{s['id']}/channels/")
    assert bob.post(base, json={"name": "nope"}).status_code == 403
    made = []
    for name in ["one", "two", "three"]:
        r = alice.post(base, json={"name": name, "topic": f"about {name}"})
        assert r.status_code == 201, r.text
        assert list(r.json()) == ["id", "name", "topic", "owner", "server"]
        made.append(r.json())
    assert alice.post(base, json={"name": ""}).status_code == 400
    assert alice.post(base, json={"name": "ok", "topic": "t" * 101}).status_code == 400
    no_topic = alice.post(base, json={"name": "quiet"})
    assert no_topic.status_code == 201 and no_topic.json()["topic"] == ""

    def order():
        srv = requests.get(demo_server.url(f"/api/server/select/?by_serverid={s['id']}")).json()
        return [c["name"] for c in srv[0]["channel_server"]]

    assert order() == ["one", "two", "three", "quiet"]
    three = base + f"{made[2]['id']}/"
    r = alice.patch(three, json={"position": 0, "name": "THREE", "topic": "moved"})
    assert r.status_code == 200 and r.json()["name"] == "THREE" and r.json()["topic"] == "moved"
    assert order() == ["THREE", "one", "two", "quiet"]
    assert alice.patch(three, json={"position": 99}).status_code == 200
    assert order() == ["one", "two", "quiet", "THREE"]
    for bad in [{"position": -1}, {"position": "x"}, {"position": 10**30}, {"name": 3}]:
        assert alice.patch(three, json=bad).status_code == 400, bad
    assert bob.patch(three, json={"name": "x"}).status_code == 403
    # A channel of another server is not found under this one.
    other = base.replace(f"/{s['id']}/", "/1/") + f"{made[0]['id']}/"
    assert alice.patch(other, json={"name": "x"}).status_code == 404
    assert alice.delete(base + "999999/").status_code == 404
    assert alice.delete(three).status_code == 204
    assert order() == ["one", "two", "quiet"]


def make_staff(server, name="staffer", password="staff-pass-123"):
    env = dict(os.environ, PARLEY_PASSWORD=password)
    out = run_parley("user", "create", name, "--staff", "--data-dir", server.data_dir, env=env)
    assert out.returncode == 0, out.stderr


def test_categories_by_staff_only(make_server):
    server = make_server()
    make_staff(server)  # before start: the CLI writes the database
    server.start()
    staff = server.login("staffer", "staff-pass-123")
    alice = server.login("alice")
    url = server.url("/api/server/category/")
    assert requests.post(url, json={"name": "x"}).status_code == 401
    assert alice.post(url, json={"name": "Cooking"}).status_code == 403
    r = staff.post(url, json={"name": "Cooking", "description": "Food"})
    assert r.status_code == 201 and r.json()["name"] == "cooking" and r.json()["icon"] is None
    cid = r.json()["id"]
    assert staff.post(url, json={"name": "COOKING"}).status_code == 400
    assert staff.post(url, json={"name": ""}).status_code == 400
    r = staff.patch(url + f"{cid}/", json={"name": "Baking", "description": None})
    assert r.status_code == 200 and r.json() == {"id": cid, "name": "baking",
                                                 "description": None, "icon": None}
    assert staff.patch(url + f"{cid}/", json={"name": "gaming"}).status_code == 400
    assert alice.patch(url + f"{cid}/", json={"name": "x"}).status_code == 403
    assert staff.patch(url + "99999/", json={"name": "x"}).status_code == 404
    # In use: refused while servers use it.
    gaming = next(c for c in requests.get(url).json() if c["name"] == "gaming")
    r = staff.delete(url + f"{gaming['id']}/")
    assert r.status_code == 409
    assert staff.delete(url + f"{cid}/").status_code == 204
    assert "baking" not in [c["name"] for c in requests.get(url).json()]


def test_delete_server_cascades(make_server, tmp_path):
    server = make_server().start()
    alice, bob = server.login("alice"), server.login("bob")
    s = alice.post(server.url("/api/servers/"), json={"name": "Doomed", "category": "gaming"}).json()
    ch = alice.post(server.url(f"/api/servers/{s['id']}/channels/"), json={"name": "c"}).json()
    assert bob.post(server.url(f"/api/membership/{s['id']}/membership/")).status_code == 200
    from test_communities_media import png_bytes
    r = alice.put(server.url(f"/api/servers/{s['id']}/icon/"),
                  files={"file": ("i.png", png_bytes(64, 64), "image/png")})
    assert r.status_code == 200, r.text
    media_dir = pathlib.Path(server.data_dir) / "media" / "server" / str(s["id"])
    assert any(media_dir.iterdir())
    server.stop()
    # Messages in the channel (loaded offline), then delete.
    import json
    fixture = {"servers": [{"name": "Doomed", "category": "Gaming", "owner": "alice",
                            "channels": [{"name": "c"}]}],
               "messages": [{"server": "Doomed", "channel": "c", "sender": "bob",
                             "content": "bye"}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(fixture))
    assert run_parley("load", "--data-dir", server.data_dir, str(path)).returncode == 0
    server.start()
    alice, bob = server.login("alice"), server.login("bob")
    assert len(bob.get(server.url(f"/api/messages/?channel_id={ch['id']}")).json()) == 1
    assert alice.delete(server.url(f"/api/servers/{s['id']}/")).status_code == 204
    assert bob.get(server.url(f"/api/messages/?channel_id={ch['id']}")).json() == []
    assert bob.get(server.url(f"/api/membership/{s['id']}/membership/is_member/")).status_code == 404
    assert not media_dir.exists()
    mine = bob.get(server.url("/api/server/select/?by_user=true")).json()
    assert s["id"] not in [x["id"] for x in mine]
