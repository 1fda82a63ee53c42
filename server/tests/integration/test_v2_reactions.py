"""SPEC §7 reactions (PUT idempotent, DELETE, the reactor list, what an emoji is, the cap of 20)
and the cap of 50 mentions, on a server with a crowd of accounts."""
import asyncio
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import DEMO, ParleyServer, run_parley
from realtime_helpers import db, run
from v2_helpers import (FAST, FORBIDDEN, Api, channel_of, connect, events_until, fast_server,
                        new_channel, reaction_path, users)

__all__ = ["fast_server", "users"]
CROWD = 101  # one more than a page of reactors


def to_thread(function, *args, **kwargs):
    return asyncio.to_thread(function, *args, **kwargs)


@pytest.fixture(scope="module")
def crowd_server():
    """The demo data plus CROWD accounts, all members of alice's server "Crowd"."""
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    demo = json.loads(DEMO.read_text())
    names = [f"crowd{i:03d}" for i in range(CROWD)]
    demo["users"] += [{"username": n, "password": f"{n}-pass-1"} for n in names]
    demo["servers"].append({"name": "Crowd", "category": "Gaming", "owner": "alice",
                            "description": "Many people", "members": ["alice", *names],
                            "channels": [{"name": "lobby", "topic": "Everyone"}]})
    path = f"{data_dir}/crowd.json"
    with open(path, "w") as f:
        json.dump(demo, f)
    result = run_parley("load", "--data-dir", data_dir, path, timeout=120)
    assert result.returncode == 0, result.stderr
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    server.crowd = names
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def reactions_of(api, channel, message_id):
    return next(m for m in api.messages(channel) if m["id"] == message_id)["reactions"]


def test_a_reaction_put_twice_counts_once_and_emits_one_event(fast_server):
    alice, bob, carol = (Api(fast_server, n) for n in ("alice", "bob", "carol"))
    s, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "react to me")

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", carol.cookie) as ws:
            for _ in range(2):
                r = await to_thread(bob.react, c, m["id"], "👍")
                assert r.status_code == 204 and r.content == b""
            await to_thread(alice.send, c, "barrier")
            return await events_until(ws, lambda f: f["type"] == "chat.message")

    frames = run(scenario())
    assert frames == [{"type": "chat.reaction_add", "channel_id": c, "seq": 2,
                       "message_id": m["id"], "emoji": "👍", "user_id": bob.id},
                      frames[-1]]
    assert frames[-1]["seq"] == 3
    assert reactions_of(bob, c, m["id"]) == [{"emoji": "👍", "count": 1, "me": True}]
    assert reactions_of(alice, c, m["id"]) == [{"emoji": "👍", "count": 1, "me": False}]
    assert carol.react(c, m["id"], "👍").status_code == 204
    assert alice.react(c, m["id"], "🎉").status_code == 204
    assert reactions_of(alice, c, m["id"]) == [{"emoji": "👍", "count": 2, "me": False},
                                               {"emoji": "🎉", "count": 1, "me": True}]


def test_removing_a_reaction_answers_204_and_emits_reaction_remove(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    s, c = new_channel(alice, "Retro Arcade")
    m = alice.send(c, "react then regret")
    assert bob.react(c, m["id"], "🔥").status_code == 204
    assert alice.react(c, m["id"], "🔥").status_code == 204

    async def scenario():
        async with connect(fast_server, f"/ws/{s}/{c}", alice.cookie) as ws:
            r = await to_thread(bob.unreact, c, m["id"], "🔥")
            return r, await events_until(ws, lambda f: True)

    r, frames = run(scenario())
    assert r.status_code == 204 and r.content == b""
    assert frames == [{"type": "chat.reaction_remove", "channel_id": c, "seq": 4,
                       "message_id": m["id"], "emoji": "🔥", "user_id": bob.id}]
    assert reactions_of(alice, c, m["id"]) == [{"emoji": "🔥", "count": 1, "me": True}]
    assert alice.unreact(c, m["id"], "🔥").status_code == 204
    assert reactions_of(alice, c, m["id"]) == []
    assert alice.events(c)["last_seq"] == 5
    # Removing a reaction that is not there changes nothing and emits nothing.
    assert alice.unreact(c, m["id"], "🔥").status_code in (204, 404)
    assert alice.events(c)["last_seq"] == 5


def test_the_reactor_list_is_ascending_by_id_100_at_a_time(crowd_server):
    alice = Api(crowd_server, "alice")
    _, lobby = channel_of(crowd_server, "Crowd", "lobby")
    m = alice.send(lobby, "raise your hand")
    path = reaction_path(lobby, m["id"], "✋")

    def react_as(name):
        crowd = Api(crowd_server, name, f"{name}-pass-1")
        assert crowd.put(path + "@me/").status_code == 204
        return {"id": crowd.id, "username": name}

    with ThreadPoolExecutor(8) as pool:
        everyone = sorted(pool.map(react_as, crowd_server.crowd), key=lambda u: u["id"])
    ids = [u["id"] for u in everyone]
    assert reactions_of(alice, lobby, m["id"]) == [{"emoji": "✋", "count": CROWD, "me": False}]
    assert alice.get(path, params={"after": "abc"}).status_code == 400
    # Paging with ?after= walks everyone once, in ascending id order, whatever the page size.
    walked, after = [], 0
    while True:
        page = alice.get(path, params={"after": after})
        assert page.status_code == 200 and len(page.json()) <= 100
        if not page.json():
            break
        walked += page.json()
        after = page.json()[-1]["id"]
    assert walked == everyone
    assert alice.get(path, params={"after": ids[-2]}).json() == everyone[-1:]
    # SPEC: "at most 100" a page: with 101 reactors, the first page holds 100.
    first = alice.get(path)
    assert first.status_code == 200
    assert alice.get(path.rstrip("/")).json() == first.json()
    assert first.json() == everyone[:100]
    assert alice.get(path, params={"after": ids[49]}).json() == everyone[50:150]


def test_mentions_keep_the_first_50_distinct_existing_ids(crowd_server):
    alice = Api(crowd_server, "alice")
    _, lobby = channel_of(crowd_server, "Crowd", "lobby")
    with db(crowd_server) as conn:
        ids = sorted(r[0] for r in conn.execute(
            "SELECT id FROM accounts WHERE username LIKE 'crowd%'"))
    in_order = list(reversed(ids))[:55]  # largest first: "the first 50" is not "the smallest 50"
    text = "<@999998> <@999999> " + f"<@{in_order[0]}> " + " ".join(f"<@{i}>" for i in in_order)
    m = alice.send(lobby, text)
    assert m["content"] == text
    assert m["mentions"] == sorted(in_order[:50])


@pytest.mark.parametrize("emoji", ["👍", "❤️", "👨‍👩‍👧‍👦", "🇫🇷", "👍🏽", "1️⃣", "#️⃣",
                                   "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🧑🏿‍🚀"])
def test_one_emoji_grapheme_is_accepted(fast_server, users, emoji):
    alice, bob = users["alice"], users["bob"]
    c = channel_of(fast_server, "Retro Arcade", "high-scores")[1]
    m = alice.send(c, f"react with {emoji}")
    assert bob.react(c, m["id"], emoji).status_code == 204
    assert reactions_of(bob, c, m["id"]) == [{"emoji": emoji, "count": 1, "me": True}]
    r = bob.get(reaction_path(c, m["id"], emoji))
    assert r.status_code == 200 and r.json() == [{"id": bob.id, "username": "bob"}]


# "\u200d".join(["👍"] * 6) is one grapheme cluster of 39 bytes: over the 32-byte limit.
@pytest.mark.parametrize("emoji", ["a", "👍👍", "😀" * 10, "x" * 40, "\u200d".join(["👍"] * 6),
                                   "👍 ", " ", "<@1>", "\u200d", "%FF"])
def test_anything_but_one_emoji_is_a_400_field_error(fast_server, users, emoji):
    alice = users["alice"]
    c = channel_of(fast_server, "Retro Arcade", "high-scores")[1]
    m = alice.send(c, "not reactable")
    r = alice.react(c, m["id"], emoji) if emoji != "%FF" else alice.put(
        f"/api/channels/{c}/messages/{m['id']}/reactions/%FF/@me/")
    assert r.status_code == 400, (emoji, r.status_code, r.text)
    body = r.json()
    assert list(body) == ["emoji"] and body["emoji"], body
    assert reactions_of(alice, c, m["id"]) == []


def test_an_empty_emoji_is_refused(fast_server):
    alice = Api(fast_server, "alice")
    c = channel_of(fast_server, "Retro Arcade", "high-scores")[1]
    m = alice.send(c, "empty reaction")
    r = alice.put(f"/api/channels/{c}/messages/{m['id']}/reactions//@me/")
    assert r.status_code == 400, (r.status_code, r.text)
    assert reactions_of(alice, c, m["id"]) == []


def test_at_most_20_distinct_emoji_per_message(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    c = channel_of(fast_server, "Retro Arcade", "high-scores")[1]
    m = alice.send(c, "a very popular message")
    twenty = [chr(0x1F600 + i) for i in range(20)]
    for emoji in twenty:
        assert alice.react(c, m["id"], emoji).status_code == 204, emoji
    r = alice.react(c, m["id"], "🚀")
    assert r.status_code == 400, (r.status_code, r.text)
    assert bob.react(c, m["id"], twenty[5]).status_code == 204  # an existing one still counts
    reactions = reactions_of(bob, c, m["id"])
    assert [x["emoji"] for x in reactions] == twenty
    assert reactions[5] == {"emoji": twenty[5], "count": 2, "me": True}


def test_non_members_may_not_react_and_unknown_messages_are_not_found(fast_server):
    alice, dave = Api(fast_server, "alice"), Api(fast_server, "dave")
    s, c = channel_of(fast_server, "Retro Arcade", "high-scores")
    m = alice.send(c, "members only")
    for call in (dave.react, dave.unreact):
        r = call(c, m["id"], "👍")
        assert r.status_code == 403 and r.json() == FORBIDDEN
    assert reactions_of(alice, c, m["id"]) == []
    other = channel_of(fast_server, "Retro Arcade", "general")[1]
    assert alice.react(other, m["id"], "👍").status_code == 404  # a message of another channel
    assert alice.react(c, 999999, "👍").status_code == 404
    assert alice.get(reaction_path(c, 999999, "👍")).status_code == 404
    # Reading who reacted is fine for a non-member (servers are public to read).
    assert alice.react(c, m["id"], "👍").status_code == 204
    assert dave.get(reaction_path(c, m["id"], "👍")).json() == [{"id": alice.id,
                                                                 "username": "alice"}]


def test_reactions_on_a_deleted_message_are_gone(fast_server):
    alice, bob = Api(fast_server, "alice"), Api(fast_server, "bob")
    c = channel_of(fast_server, "Retro Arcade", "high-scores")[1]
    m = bob.send(c, "short-lived")
    assert alice.react(c, m["id"], "👀").status_code == 204
    assert bob.remove(c, m["id"]).status_code == 204
    assert alice.get(reaction_path(c, m["id"], "👀")).status_code == 404
    assert alice.react(c, m["id"], "👀").status_code == 404
