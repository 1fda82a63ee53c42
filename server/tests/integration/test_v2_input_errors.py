"""SPEC Part II conventions on the §6-§7 routes: every route answers without its trailing slash,
and bad bodies, wrong types, huge bodies and non-integer ids get clear 4xx answers, never a
500."""
import json

import pytest

from v2_helpers import fast_server, new_channel, reaction_path, users

__all__ = ["fast_server", "users"]


@pytest.fixture(scope="module")
def setup(users):
    alice, bob = users["alice"], users["bob"]
    _, c = new_channel(alice, "Retro Arcade")
    return alice, bob, c


def test_every_v2_route_answers_without_the_trailing_slash(setup):
    alice, bob, c = setup
    r = alice.post(f"/api/channels/{c}/messages", json={"content": "no slash"})
    assert r.status_code == 201, r.text
    m = r.json()
    assert [x["id"] for x in alice.get(f"/api/channels/{c}/messages").json()][-1] == m["id"]
    r = alice.patch(f"/api/channels/{c}/messages/{m['id']}", json={"content": "edited"})
    assert r.status_code == 200 and r.json()["content"] == "edited"
    reactions = reaction_path(c, m["id"], "👍").rstrip("/")
    assert bob.put(reactions + "/@me").status_code == 204
    assert bob.get(reactions).json() == [{"id": bob.id, "username": "bob"}]
    assert bob.delete(reactions + "/@me").status_code == 204
    events = alice.get(f"/api/channels/{c}/events", params={"after_seq": 0})
    assert events.status_code == 200
    assert [f["type"] for f in events.json()["events"]][-4:] == [
        "chat.message", "chat.message_update", "chat.reaction_add", "chat.reaction_remove"]
    assert alice.delete(f"/api/channels/{c}/messages/{m['id']}").status_code == 204
    legacy = alice.get("/api/messages", params={"channel_id": c})
    assert legacy.status_code == 200 and m["id"] not in [x["id"] for x in legacy.json()]


BAD_BODIES = [
    ("not json", b"{", "application/json"),
    ("a list", b'["content"]', "application/json"),
    ("null", b"null", "application/json"),
    ("a string", b'"hello"', "application/json"),
    ("no content", b'{"message": "hello"}', "application/json"),
    ("content a number", b'{"content": 5}', "application/json"),
    ("content null", b'{"content": null}', "application/json"),
    ("content a list", b'{"content": ["hello"]}', "application/json"),
    ("content an object", b'{"content": {"text": "hello"}}', "application/json"),
    ("invalid UTF-8", b'{"content": "\xff\xfe"}', "application/json"),
    ("nesting", b'{"content": ' + b"[" * 100000 + b"]" * 100000 + b"}", "application/json"),
    ("a form", b"content=hello", "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("name,body,content_type", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_get_a_clear_4xx(setup, name, body, content_type):
    alice, _, c = setup
    m = alice.send(c, "to be edited")
    for method, path in [("POST", f"/api/channels/{c}/messages/"),
                         ("PATCH", f"/api/channels/{c}/messages/{m['id']}/")]:
        r = alice.request(method, path, data=body, headers={"Content-Type": content_type})
        assert r.status_code in (400, 413, 415), (method, r.status_code, r.text[:200])
        assert isinstance(r.json(), dict) and r.json(), r.text[:200]
        if r.status_code == 400 and name.startswith("content"):
            assert list(r.json()) == ["content"], r.json()
    last = alice.messages(c)[-1]
    assert (last["id"], last["content"], last["edited_at"]) == (m["id"], m["content"], None)


def test_a_huge_body_is_refused_without_harm(setup):
    alice, _, c = setup
    huge = json.dumps({"content": "x" * (2 * 1024 * 1024)})
    r = alice.post(f"/api/channels/{c}/messages/", data=huge,
                   headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 413), r.status_code
    assert alice.send(c, "still serving")["content"] == "still serving"


BAD_IDS = ["abc", "1.5", "-1", "0x10", "99999999999999999999", "1e3"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_non_integer_ids_in_paths_are_refused_clearly(setup, bad):
    alice, _, c = setup
    m = alice.send(c, "a real message")
    calls = [
        ("GET", f"/api/channels/{bad}/messages/", None),
        ("POST", f"/api/channels/{bad}/messages/", {"content": "x"}),
        ("PATCH", f"/api/channels/{c}/messages/{bad}/", {"content": "x"}),
        ("DELETE", f"/api/channels/{c}/messages/{bad}/", None),
        ("PUT", f"/api/channels/{c}/messages/{bad}/reactions/%F0%9F%91%8D/@me/", None),
        ("DELETE", f"/api/channels/{bad}/messages/{m['id']}/reactions/%F0%9F%91%8D/@me/", None),
        ("GET", f"/api/channels/{c}/messages/{bad}/reactions/%F0%9F%91%8D/", None),
        ("GET", f"/api/channels/{bad}/events/", None),
    ]
    for method, path, body in calls:
        r = alice.request(method, path, json=body)
        assert r.status_code in (400, 404), (method, path, r.status_code, r.text)
        assert "detail" in r.json() or r.status_code == 400, (method, path, r.text)
    assert alice.messages(c)[-1]["id"] == m["id"]


@pytest.mark.parametrize("param", ["before", "after", "around", "limit"])
def test_non_integer_history_parameters_are_400(setup, param):
    alice, _, c = setup
    for bad in ("abc", "1.5", "0x10"):
        r = alice.get(f"/api/channels/{c}/messages/", params={param: bad})
        assert r.status_code == 400, (param, bad, r.status_code, r.text)
        r = alice.get("/api/messages/", params={"channel_id": c, param: bad})
        assert r.status_code == 400, (param, bad, r.status_code, r.text)
