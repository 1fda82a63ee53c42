"""SPEC §13 search: every word of q matches case-insensitively by whole token, the last also as
a prefix; Korean, Japanese and Chinese are found by substrings of two or more characters; q is
text, never query syntax; the filters and paging; newest first; only channels the caller may
read; edits and deletes are reflected by the time their request is answered. New messages may
reach the index a moment after their commit: tests wait for them (found_soon)."""
import itertools
import time

import pytest
import requests

from attachment_helpers import uploaded
from v2_helpers import FORBIDDEN, NOT_FOUND, users  # noqa: F401 (fixtures)
from v2_helpers import fast_server  # noqa: F401
from v4_roles_helpers import VIEW, overwrite

_names = itertools.count(1)


def fresh(alice, *members):
    """A server of alice's with two channels, the members joined: (sid, channel, other)."""
    r = alice.post("/api/servers/", json={"name": f"Search {next(_names)}", "category": "Gaming"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    for member in members:
        assert member.post(f"/api/membership/{sid}/membership/").status_code == 200
    channel = alice.post(f"/api/servers/{sid}/channels/", json={"name": "one"}).json()["id"]
    other = alice.post(f"/api/servers/{sid}/channels/", json={"name": "two"}).json()["id"]
    return sid, channel, other


def search(user, sid=None, channel=None, **params):
    path = (f"/api/servers/{sid}/messages/search/" if sid is not None
            else f"/api/channels/{channel}/messages/search/")
    return user.get(path, params=params)


def ids(user, sid=None, channel=None, **params):
    r = search(user, sid, channel, **params)
    assert r.status_code == 200, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"total_results", "messages"}
    return [m["id"] for m in body["messages"]]


def found_soon(user, expected, sid=None, channel=None, **params):
    """Waits (up to 5 s) until the search answers exactly `expected` (ids, newest first)."""
    deadline = time.monotonic() + 5
    while True:
        got = ids(user, sid, channel, **params)
        if got == expected or time.monotonic() > deadline:
            assert got == expected, (params, got, expected)
            return
        time.sleep(0.05)


def test_words_match_whole_case_insensitive_and_the_last_as_a_prefix(users):
    alice, bob = users["alice"], users["bob"]
    sid, channel, _ = fresh(alice, bob)
    m = alice.send(channel, "The Quick brown FOX jumps over the lazy dog")["id"]
    found_soon(bob, [m], sid, q="quick fox")
    for q in ("QUICK", "fox quick", "qui", "quick fo", "ｑｕｉｃｋ ＦＯＸ", "lazy   dog!"):
        assert ids(bob, sid, q=q) == [m], q
    for q in ("qui fox", "quickly", "fox cat", "uick"):
        assert ids(bob, sid, q=q) == [], q
    # NFKC and case folding: ß is ss, the ligature ﬁ is fi.
    n = alice.send(channel, "Straße ﬁnal")["id"]
    found_soon(bob, [n], sid, q="STRASSE final")


def test_korean_japanese_and_chinese_are_found_by_substring(users):
    alice = users["alice"]
    sid, channel, _ = fresh(alice)
    korean = alice.send(channel, "안녕하세요 여러분, 오늘 날씨가 좋네요")["id"]
    japanese = alice.send(channel, "東京都に住んでいます")["id"]
    chinese = alice.send(channel, "我爱北京天安门")["id"]
    found_soon(alice, [korean], sid, q="하세")
    for q, expected in (("녕하세요", [korean]), ("날씨", [korean]), ("여러분 날씨가", [korean]),
                        ("京都", [japanese]), ("住んで", [japanese]), ("北京", [chinese]),
                        ("天安门", [chinese]), ("京", [chinese, japanese])):
        assert ids(alice, sid, q=q) == expected, q
    for q in ("서울", "大阪", "세요여"):
        assert ids(alice, sid, q=q) == [], q
    # Through the channel route too.
    assert ids(alice, channel=channel, q="오늘") == [korean]


def test_an_edit_moves_a_message_from_one_search_to_another_at_once(users):
    alice, bob = users["alice"], users["bob"]
    sid, channel, _ = fresh(alice, bob)
    m = alice.send(channel, "meet at the lighthouse")["id"]
    found_soon(bob, [m], sid, q="lighthouse")
    r = alice.edit(channel, m, "meet at the harbour instead")
    assert r.status_code == 200, r.text
    # No waiting: the edit's answer means the index has it.
    assert ids(bob, sid, q="lighthouse") == []
    assert ids(bob, sid, q="harbour") == [m]
    assert ids(bob, sid, q="meet") == [m]
    # An edit right after the send (maybe before the index saw the message) ends the same way.
    n = alice.send(channel, "first draft zeppelin")["id"]
    assert alice.edit(channel, n, "second draft airship").status_code == 200
    found_soon(bob, [n], sid, q="airship")
    assert ids(bob, sid, q="zeppelin") == []


def test_a_delete_leaves_every_search_at_once(users):
    alice = users["alice"]
    sid, channel, _ = fresh(alice)
    m = alice.send(channel, "ephemeral walrus")["id"]
    keep = alice.send(channel, "permanent walrus")["id"]
    found_soon(alice, [keep, m], sid, q="walrus")
    assert alice.remove(channel, m).status_code == 204
    assert ids(alice, sid, q="walrus") == [keep]
    assert ids(alice, sid, q="ephemeral") == []
    n = alice.send(channel, "ephemeral narwhal")["id"]
    assert alice.remove(channel, n).status_code == 204
    time.sleep(0.3)  # a deleted message never reaches the index, however soon it was deleted
    assert ids(alice, sid, q="narwhal") == []


@pytest.mark.parametrize("q", ['"', '""', 'NEAR(a b)', 'a*', '-a', '(((', ')', 'a OR b', 'AND',
                               "'", "\\", ":*", "&|!", "a:b", "^x", "{x}", "col:word", "*",
                               "NOT", "'; DROP TABLE messages; --", "\x00", "%", "_"])
def test_query_syntax_is_text_never_an_error(users, q):
    alice = users["alice"]
    r = search(alice, channel=_syntax_channel(alice), q=q)
    assert r.status_code == 200, (q, r.text)
    assert r.json()["total_results"] >= 0


_syntax = {}


def _syntax_channel(alice):
    if "channel" not in _syntax:
        _, channel, _ = fresh(alice)
        _syntax["channel"] = channel
        _syntax["m"] = alice.send(channel, 'near "unbalanced" (paren) or not-and a*b')["id"]
    return _syntax["channel"]


def test_query_operators_are_searched_as_words(users):
    alice = users["alice"]
    channel = _syntax_channel(alice)
    m = _syntax["m"]
    found_soon(alice, [m], channel=channel, q="unbalanced")
    for q in ("NEAR", '"unbalanced', "(paren", "paren)", "OR", "not-and", "NOT", "a*b",
              "-and", "near unbalanced paren or not and", "NEAR(unbalanced paren)"):
        assert ids(alice, channel=channel, q=q) == [m], q
    for q in ("unbalanced -paren zebra", "a* zebra", "OR zebra"):
        assert ids(alice, channel=channel, q=q) == [], q


def test_filters_paging_and_newest_first(users):
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    sid, channel, other = fresh(alice, bob, carol)
    a1 = alice.send(channel, "report one")["id"]
    b1 = bob.send(channel, f"report two for <@{carol.id}>")["id"]
    a2 = alice.send(other, "report three https://example.com/x")["id"]
    file_id = uploaded(bob, other, "notes.txt", b"plain text notes\n", "text/plain")["id"]
    b2 = bob.send(other, "report four", attachments=[file_id])["id"]
    newest_first = [b2, a2, b1, a1]
    found_soon(alice, newest_first, sid, q="report")
    assert ids(alice, sid, q="report", author_id=alice.id) == [a2, a1]
    assert ids(alice, sid, q="report", channel_id=other) == [b2, a2]
    assert ids(alice, sid, q="report", mentions=carol.id) == [b1]
    assert ids(alice, sid, q="report", has="attachment") == [b2]
    assert ids(alice, sid, q="report", has="link") == [a2]
    assert ids(alice, sid, q="report", before=a2) == [b1, a1]
    assert ids(alice, sid, q="report", after=b1) == [b2, a2]
    assert ids(alice, sid, q="report", after=a1, before=b2) == [a2, b1]
    assert ids(alice, channel=other, q="report") == [b2, a2]
    # Filters without text.
    assert ids(alice, sid, author_id=bob.id) == [b2, b1]
    assert ids(alice, channel=channel, mentions=carol.id) == [b1]
    # Paging: total_results counts every match.
    r = search(alice, sid, q="report", limit=2, offset=1).json()
    assert r["total_results"] == 4 and [m["id"] for m in r["messages"]] == [a2, b1]
    r = search(alice, sid, q="report", limit=2, offset=4).json()
    assert r == {"total_results": 4, "messages": []}
    message = search(alice, sid, q="four").json()["messages"][0]
    assert message["attachments"][0]["id"] == file_id and message["channel_id"] == other


def test_bad_parameters_are_400_with_the_field(users):
    alice = users["alice"]
    sid, channel, _ = fresh(alice)
    cases = [({"q": "x", "limit": 26}, "limit"), ({"q": "x", "limit": 0}, "limit"),
             ({"q": "x", "offset": 5001}, "offset"), ({"q": "x", "offset": -1}, "offset"),
             ({"q": "x", "has": "video"}, "has"), ({"q": "x", "author_id": "me"}, "author_id"),
             ({"q": "x", "before": "1e3"}, "before"), ({"q": "x", "mentions": "-2"}, "mentions"),
             ({}, "q"), ({"q": ""}, "q"), ({"q": "x" * 513}, "q")]
    for params, field in cases:
        for r in (search(alice, sid, **params), search(alice, channel=channel, **params)):
            assert r.status_code == 400, (params, r.status_code, r.text)
            assert list(r.json()) == [field], (params, r.json())
    assert ids(alice, sid, q="x" * 512) == []
    assert ids(alice, sid, q="x", offset=5000, limit=25) == []
    r = search(alice, sid, q="x", channel_id=999999)
    assert r.status_code == 400 and list(r.json()) == ["channel_id"]
    assert search(alice, 999999, q="x").json() == NOT_FOUND
    assert search(alice, channel=999999, q="x").json() == NOT_FOUND
    r = requests.get(alice.server.url(f"/api/servers/{sid}/messages/search/?q=x"), timeout=10)
    assert r.status_code == 401


def test_only_channels_the_caller_may_read_are_searched(users):
    alice, bob, carol, dave = users["alice"], users["bob"], users["carol"], users["dave"]
    sid, open_channel, hidden = fresh(alice, bob, carol)
    seen = alice.send(open_channel, "treasure map")["id"]
    secret = alice.send(hidden, "treasure chest")["id"]
    found_soon(alice, [secret, seen], sid, q="treasure")
    overwrite(alice, hidden, sid, deny=VIEW)  # @everyone's role id is the server's id
    assert ids(bob, sid, q="treasure") == [seen]
    assert ids(dave, sid, q="treasure") == [seen]  # a logged-in reader of a public server
    assert ids(alice, sid, q="treasure") == [secret, seen]  # the owner
    assert search(bob, channel=hidden, q="treasure").json() == NOT_FOUND
    r = search(bob, sid, q="treasure", channel_id=hidden)
    assert r.status_code == 400 and list(r.json()) == ["channel_id"]
    assert search(bob, sid, q="treasure").json()["total_results"] == 1
    # A banned member finds nothing there.
    assert alice.put(f"/api/servers/{sid}/bans/{carol.id}/", json={}).status_code == 204
    assert search(carol, sid, q="treasure").json() == FORBIDDEN
    assert search(carol, channel=open_channel, q="treasure").status_code in (403, 404)


def test_direct_messages_are_searched_by_their_recipients_only(users):
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    for user in (alice, bob):
        user.patch("/api/account/me/", json={"dm_policy": "everyone"})
    r = alice.post("/api/users/@me/channels/", json={"recipients": [bob.id]})
    assert r.status_code in (200, 201), r.text
    dm = r.json()["id"]
    m = alice.send(dm, "our private rendezvous")["id"]
    found_soon(bob, [m], channel=dm, q="rendezvous")
    assert search(carol, channel=dm, q="rendezvous").json() == NOT_FOUND


def test_messages_stored_before_the_first_serve_are_indexed(users):
    """The demo data is loaded before the server starts: on SQLite the first serve indexes
    it as it does an upgraded database's messages (on PostgreSQL they carry their tsvector)."""
    bob = users["bob"]
    arcade = next(s for s in bob.get("/api/server/select/").json() if s["name"] == "Retro Arcade")
    deadline = time.monotonic() + 5
    while True:
        got = search(bob, arcade["id"], q="galaga").json()
        if got["total_results"] or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [m["content"] for m in got["messages"]] == ["Hi all, just beat my Galaga record"]
