"""SPEC §7 messages: REST send, edit, delete (erased, not flagged), replies, mentions, history
with around=, and /api/messages/ with the new keys."""
import asyncio
import pathlib
import time
import uuid

import pytest
import requests

from realtime_helpers import run
from v2_helpers import (FORBIDDEN, MESSAGE_KEYS, NOT_FOUND, TIMESTAMP, Api, channel_of, connect,
                        fast_server, first_frame, message_body, new_channel)

__all__ = ["fast_server"]


def to_thread(function, *args, **kwargs):
    return asyncio.to_thread(function, *args, **kwargs)


def field_error(r, field):
    assert r.status_code == 400, (r.status_code, r.text)
    body = r.json()
    assert list(body) == [field] and isinstance(body[field], list) and body[field], body
    return body


def test_a_rest_send_answers_201_with_the_message_and_reaches_the_sockets(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", bob.cookie) as ws:
            r = await to_thread(alice.post, f"/api/channels/{c}/messages/",
                                json={"content": "hello over REST", "nonce": "r-1"})
            frame = await first_frame(ws, lambda f: f["type"] == "chat.message")
            return r, frame

    r, frame = run(scenario())
    assert r.status_code == 201, r.text
    m = r.json()
    assert MESSAGE_KEYS <= set(m), m
    assert m["content"] == "hello over REST" and m["sender"] == "alice"
    assert m["sender_id"] == alice.id and m["channel_id"] == c
    assert TIMESTAMP.match(m["timestamp"])
    assert m["edited_at"] is None and m["reply_to"] is None
    assert m["mentions"] == [] and m["mention_everyone"] is False
    assert m["reactions"] == [] and m["attachments"] == []
    assert frame["seq"] == 1 and frame["channel_id"] == c
    assert message_body(frame["new_message"]) == message_body(m)
    assert frame["new_message"]["nonce"] == "r-1"
    assert alice.messages(c) == [message_body(m)]


def test_rest_sends_follow_the_text_rules_and_only_members_post(fast_server):
    alice, dave = Api(fast_server, "alice"), Api(fast_server, "dave")
    _, c = new_channel(alice, "Retro Arcade")
    path = f"/api/channels/{c}/messages/"
    for text in ("", "   \n\t", "\u3000"):
        field_error(alice.post(path, json={"content": text}), "content")
    field_error(alice.post(path, json={"content": "x" * 4001}), "content")
    r = alice.post(path, json={"content": "😀" * 4000})  # 4,000 characters, 16,000 bytes
    assert r.status_code == 201 and r.json()["content"] == "😀" * 4000
    r = dave.post(path, json={"content": "let me in"})
    assert r.status_code == 403 and r.json() == FORBIDDEN
    r = requests.post(fast_server.url(path), json={"content": "anonymous"}, timeout=10)
    assert r.status_code == 401
    r = alice.post("/api/channels/999999/messages/", json={"content": "into the void"})
    assert r.status_code == 404 and r.json() == NOT_FOUND
    assert [m["content"] for m in alice.messages(c)] == ["😀" * 4000]


def test_only_the_author_edits_and_an_edit_reparses_mentions(fast_server):
    alice, bob, carol, dave = (Api(fast_server, n) for n in ("alice", "bob", "carol", "dave"))
    s, c = new_channel(alice, "Retro Arcade")
    m = bob.send(c, f"hello <@{alice.id}>")
    assert m["mentions"] == [alice.id]
    for other in (alice, carol, dave):  # the owner included
        r = other.edit(c, m["id"], "hijacked")
        assert r.status_code == 403 and r.json() == FORBIDDEN, (other.username, r.text)

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", carol.cookie) as ws:
            r = await to_thread(bob.edit, c, m["id"], f"hello <@{carol.id}> instead")
            frame = await first_frame(ws, lambda f: f["type"] == "chat.message_update")
            return r, frame

    r, frame = run(scenario())
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["id"] == m["id"] and edited["content"] == f"hello <@{carol.id}> instead"
    assert edited["timestamp"] == m["timestamp"]
    assert TIMESTAMP.match(edited["edited_at"]) and edited["edited_at"] >= m["timestamp"]
    assert edited["mentions"] == [carol.id]
    assert frame == {"type": "chat.message_update", "channel_id": c, "seq": 2, "message": edited}
    assert alice.messages(c) == [edited]
    field_error(bob.edit(c, m["id"], "  "), "content")
    field_error(bob.edit(c, m["id"], "y" * 4001), "content")
    assert bob.edit(c, 999999, "nothing").status_code == 404
    other_channel = channel_of(fast_server, "Retro Arcade", "general")[1]
    r = bob.edit(other_channel, m["id"], "wrong channel")
    assert r.status_code == 404 and r.json() == NOT_FOUND
    assert alice.messages(c)[0]["content"] == f"hello <@{carol.id}> instead"


def test_delete_by_author_or_owner_removes_the_message_from_every_history_page(fast_server):
    alice, bob, carol, dave = (Api(fast_server, n) for n in ("alice", "bob", "carol", "dave"))
    s, c = new_channel(alice, "Retro Arcade")
    first = alice.send(c, "first")
    bobs = bob.send(c, "bob's")
    carols = carol.send(c, "carol's")
    reply = alice.send(c, "replying to bob", reply_to=bobs["id"])
    last = alice.send(c, "last")
    for other in (carol, dave):
        r = other.remove(c, bobs["id"])
        assert r.status_code == 403 and r.json() == FORBIDDEN, other.username

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", dave.cookie) as ws:
            r = await to_thread(bob.remove, c, bobs["id"])
            frame = await first_frame(ws, lambda f: f["type"] == "chat.message_delete")
            return r, frame

    r, frame = run(scenario())
    assert r.status_code == 204 and r.content == b""
    assert frame == {"type": "chat.message_delete", "channel_id": c, "seq": 6, "id": bobs["id"]}
    r = alice.remove(c, carols["id"])  # the owner deletes someone else's message
    assert r.status_code == 204
    assert bob.remove(c, bobs["id"]).status_code == 404
    assert bob.edit(c, bobs["id"], "edit the dead").status_code == 404
    field_error(alice.post(f"/api/channels/{c}/messages/",
                           json={"content": "re", "reply_to": bobs["id"]}), "reply_to")

    left = [first["id"], reply["id"], last["id"]]
    assert [m["id"] for m in dave.messages(c)] == left
    assert [m["id"] for m in dave.messages(c, before=last["id"])] == left[:2]
    assert [m["id"] for m in dave.messages(c, after=first["id"])] == left[1:]
    assert [m["id"] for m in dave.messages(c, around=reply["id"])] == left
    legacy = dave.get("/api/messages/", params={"channel_id": c}).json()
    assert [m["id"] for m in legacy] == left
    shown = {m["id"]: m for m in dave.messages(c)}
    assert shown[reply["id"]]["reply_to"] == {"id": bobs["id"], "deleted": True}


@pytest.mark.sqlite_only  # PostgreSQL keeps dead tuples until VACUUM (pg_channel_ops.cpp)
def test_a_deleted_message_is_erased_from_the_files_not_merely_flagged(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    first, second = f"secret-{uuid.uuid4().hex}", f"secret-{uuid.uuid4().hex}"
    m = bob.send(c, first)
    assert bob.edit(c, m["id"], second).status_code == 200

    def files_holding(needles):
        found = []
        for path in pathlib.Path(fast_server.data_dir).rglob("*"):
            if path.is_file() and path.name != "server.log":
                data = path.read_bytes()
                found += [(path.name, n) for n in needles if n.encode() in data]
        return found

    # The search finds what is there: both versions are on disk until the delete.
    assert {n for _, n in files_holding([first, second])} == {first, second}
    assert bob.remove(c, m["id"]).status_code == 204
    deadline = time.monotonic() + 2  # "at once": the answer may precede the checkpoint slightly
    while files_holding([first, second]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert files_holding([first, second]) == []


def test_a_reply_quotes_at_most_100_characters_of_a_message_of_the_same_channel(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    long_text = "a😀" * 75  # 150 code points
    original = bob.send(c, long_text)
    reply = alice.send(c, "good point", reply_to=original["id"])
    assert reply["reply_to"] == {"id": original["id"], "sender": "bob", "sender_id": bob.id,
                                 "content": "a😀" * 50}
    assert alice.messages(c)[-1]["reply_to"] == reply["reply_to"]
    elsewhere = alice.send(channel_of(fast_server, "Retro Arcade", "general")[1], "elsewhere")
    path = f"/api/channels/{c}/messages/"
    for target in (elsewhere["id"], 999999, "abc", -1, 1.5, [original["id"]]):
        field_error(alice.post(path, json={"content": "re", "reply_to": target}), "reply_to")
    assert [m["id"] for m in alice.messages(c)] == [original["id"], reply["id"]]


def test_mentions_are_existing_ids_ascending_and_everyone_only_counts_for_the_owner(fast_server):
    alice, bob, carol, dave = (Api(fast_server, n) for n in ("alice", "bob", "carol", "dave"))
    _, c = new_channel(alice, "Retro Arcade")
    text = (f"<@{carol.id}> <@999999> <@{bob.id}> and <@{dave.id}> again <@{bob.id}>"
            f" but not <@abc> <@ {alice.id}> <@-{alice.id}> @alice")
    m = bob.send(c, text)
    assert m["content"] == text
    assert m["mentions"] == sorted({bob.id, carol.id, dave.id})
    assert m["mention_everyone"] is False
    for word in ("@everyone", "@here"):
        assert alice.send(c, f"{word} meeting now")["mention_everyone"] is True
        plain = bob.send(c, f"{word} meeting now")
        assert plain["mention_everyone"] is False and plain["content"] == f"{word} meeting now"
    assert alice.send(c, "everyone is here")["mention_everyone"] is False


def test_history_pages_and_around_jumps_to_a_message(fast_server):
    alice = Api(fast_server, "alice")
    _, c = new_channel(alice, "Retro Arcade")
    sent = [alice.send(c, f"h{i}")["id"] for i in range(60)]
    assert [m["id"] for m in alice.messages(c)] == sent[-50:]  # the newest 50, oldest first
    assert [m["id"] for m in alice.messages(c, limit=10, before=sent[30])] == sent[20:30]
    assert [m["id"] for m in alice.messages(c, limit=10, after=sent[30])] == sent[31:41]
    page = [m["id"] for m in alice.messages(c, around=sent[30], limit=5)]
    assert sent[30] in page and len(page) == 5
    start = sent.index(page[0])
    assert page == sent[start:start + 5] and page[0] < sent[30] < page[-1]
    first_page = [m["id"] for m in alice.messages(c, around=sent[0], limit=5)]
    assert first_page[0] == sent[0] and first_page == sent[:len(first_page)]
    for bad in ("abc", "-1", "1.5"):
        r = alice.get(f"/api/channels/{c}/messages/", params={"around": bad})
        assert r.status_code == 400, (bad, r.status_code, r.text)
    bare = alice.get(f"/api/channels/{c}/messages", params={"limit": 3})
    assert bare.status_code == 200 and [m["id"] for m in bare.json()] == sent[-3:]


def test_the_original_history_route_returns_the_new_message_objects(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    _, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, f"hi <@{bob.id}>")
    r2 = bob.send(c, "hello back", reply_to=m["id"])
    assert bob.react(c, m["id"], "👋").status_code == 204
    legacy = alice.get("/api/messages/", params={"channel_id": c})
    assert legacy.status_code == 200
    assert legacy.json() == alice.messages(c)
    got = {x["id"]: x for x in legacy.json()}
    assert set(got[m["id"]]) >= MESSAGE_KEYS
    assert got[m["id"]]["mentions"] == [bob.id]
    assert got[m["id"]]["reactions"] == [{"emoji": "👋", "count": 1, "me": False}]
    assert got[r2["id"]]["reply_to"]["id"] == m["id"]
    as_bob = {x["id"]: x for x in bob.get("/api/messages/", params={"channel_id": c}).json()}
    assert as_bob[m["id"]]["reactions"] == [{"emoji": "👋", "count": 1, "me": True}]
