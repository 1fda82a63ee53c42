"""Helpers for the v2 tests (SPEC §6-§7): users, channels, REST calls, event frames, sockets.

Tests that change a channel create their own channel first, so that its event sequence starts
at 1 and no other test's events land in it.
"""
import asyncio
import itertools
import json
import re
import shutil
import tempfile
import time
import urllib.parse

import pytest
import requests

from conftest import ParleyServer, load_demo
from realtime_helpers import connect, cookie_for, recv_json

# Sends are rate-limited per user (SPEC §3); these tests send faster than a person types.
FAST = ["--message-rate", "100000", "--message-burst", "100000"]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
MESSAGE_KEYS = {"id", "sender", "sender_id", "content", "timestamp", "channel_id", "edited_at",
                "reply_to", "mentions", "mention_everyone", "reactions", "attachments"}
ORIGINAL_KEYS = {"id", "sender", "sender_id", "content", "timestamp", "channel_id"}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}


@pytest.fixture(scope="module")
def fast_server():
    """One demo server per module, without the per-user send rate getting in the way."""
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def users(fast_server):
    """The demo users of fast_server, logged in once per module (a login costs a password hash)."""
    return {name: Api(fast_server, name) for name in ("alice", "bob", "carol", "dave")}


class Api:
    """One logged-in user of one server: REST calls by path, and the user's cookie."""

    def __init__(self, server, username, password=None):
        self.server = server
        self.username = username
        self.session = server.login(username, password)
        self.cookie = "access_token=" + self.session.cookies.get("access_token")
        self.wait_out_429 = True
        self.id = self.get("/api/account/me/").json()["id"]

    def request(self, method, path, **kwargs):
        """Waits out 429s: edits, deletes and reactions are rate-limited per user (about 10/s
        with bursts of 20), and these tests make more than a person would."""
        kwargs.setdefault("timeout", 15)
        deadline = time.monotonic() + 10
        while True:
            r = self.session.request(method, self.server.url(path), **kwargs)
            if r.status_code != 429 or not self.wait_out_429 or time.monotonic() > deadline:
                return r
            time.sleep(0.1)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    # -- §7 messages -------------------------------------------------------------------------
    def send(self, channel_id, content, **extra):
        r = self.post(f"/api/channels/{channel_id}/messages/", json={"content": content, **extra})
        assert r.status_code == 201, (r.status_code, r.text)
        return r.json()

    def edit(self, channel_id, message_id, content):
        return self.patch(f"/api/channels/{channel_id}/messages/{message_id}/",
                          json={"content": content})

    def remove(self, channel_id, message_id):
        return self.delete(f"/api/channels/{channel_id}/messages/{message_id}/")

    def react(self, channel_id, message_id, emoji):
        return self.put(reaction_path(channel_id, message_id, emoji) + "@me/")

    def unreact(self, channel_id, message_id, emoji):
        return self.delete(reaction_path(channel_id, message_id, emoji) + "@me/")

    def messages(self, channel_id, **params):
        r = self.get(f"/api/channels/{channel_id}/messages/", params=params)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def events(self, channel_id, **params):
        r = self.get(f"/api/channels/{channel_id}/events/", params=params)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def all_events(self, channel_id):
        """Every event of the channel through the events route, page by page."""
        events, after = [], 0
        while True:
            page = self.events(channel_id, after_seq=after, limit=500)
            events += page["events"]
            if not page["events"]:
                return events, page["last_seq"]
            after = page["events"][-1]["seq"]


def reaction_path(channel_id, message_id, emoji):
    return (f"/api/channels/{channel_id}/messages/{message_id}/reactions/"
            f"{urllib.parse.quote(emoji, safe='')}/")


def server_by_name(server, name):
    r = requests.get(server.url("/api/server/select/"), timeout=10)
    return next(s for s in r.json() if s["name"] == name)


_channel_numbers = itertools.count(1)


def new_channel(owner, server_name, name=None):
    """A fresh channel (its own event sequence) in a server `owner` owns; returns (sid, cid)."""
    name = name or f"v2-test-{next(_channel_numbers)}"
    sid = server_by_name(owner.server, server_name)["id"]
    r = owner.post(f"/api/servers/{sid}/channels/", json={"name": name, "topic": "tests"})
    assert r.status_code == 201, (r.status_code, r.text)
    return sid, r.json()["id"]


def channel_of(server, server_name, channel_name):
    s = server_by_name(server, server_name)
    return s["id"], next(c["id"] for c in s["channel_server"] if c["name"] == channel_name)


def without_nonce(frame):
    """A frame as the events route stores it: live frames may carry the sender's nonce."""
    frame = json.loads(json.dumps(frame))
    if isinstance(frame.get("new_message"), dict):
        frame["new_message"].pop("nonce", None)
    return frame


def message_body(message):
    """A message object without the nonce, for comparing REST answers with frames."""
    return {k: v for k, v in message.items() if k != "nonce"}


def is_event(frame):
    return "seq" in frame


async def events_until(ws, predicate, timeout=10):
    """Event frames (those with a seq) until one matches predicate; other frames are skipped."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    frames = []
    while True:
        frame = await recv_json(ws, max(0.01, deadline - loop.time()))
        if not is_event(frame):
            continue
        frames.append(frame)
        if predicate(frame):
            return frames


async def first_frame(ws, predicate, timeout=10):
    """The first frame matching predicate, skipping the others."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await recv_json(ws, max(0.01, deadline - loop.time()))
        if predicate(frame):
            return frame


async def no_frame_matching(ws, predicate, until, timeout=10):
    """Reads until a frame matching `until` arrives; fails if one matching predicate came first.
    `until` is a barrier the test caused after the thing that must not be delivered."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await recv_json(ws, max(0.01, deadline - loop.time()))
        assert not predicate(frame), f"unexpected frame {frame}"
        if until(frame):
            return frame


class PacedStream:
    """`total` messages over one socket, at most `window` of them awaiting their echo: events are
    committed all along, at the server's pace, while a test opens other sockets."""

    def __init__(self, ws, total, window=8, prefix="stream"):
        self.ws, self.total, self.prefix = ws, total, prefix
        self.window = asyncio.Semaphore(window)
        self.echoes = []
        self.progress = asyncio.Condition()

    def text(self, i):
        return f"{self.prefix}-{i}"

    async def run(self):
        async def write():
            for i in range(self.total):
                await self.window.acquire()
                await self.ws.send(json.dumps({"type": "message", "message": self.text(i)}))

        writing = asyncio.create_task(write())
        while len(self.echoes) < self.total:
            frame = await recv_json(self.ws, 10)
            if frame.get("type") != "chat.message":
                continue
            async with self.progress:
                self.echoes.append(frame)
                self.progress.notify_all()
            self.window.release()
        await writing

    async def reached(self, n):
        """The echo of message n (0-based), once it has come back."""
        async with self.progress:
            await asyncio.wait_for(self.progress.wait_for(lambda: len(self.echoes) > n), 10)
            return self.echoes[n]


def seq_trouble(seqs, first):
    """Where seqs stop being first, first+1, ...: a short description for an assertion."""
    for i, seq in enumerate(seqs):
        if seq != first + i:
            return f"expected seq {first + i} at index {i}, got ...{seqs[max(0, i - 3):i + 6]}..."
    return "in order"


def gateway(server, cookie=None, **kwargs):
    return connect(server, "/ws/gateway", cookie, **kwargs)


async def ready_of(ws):
    frame = await recv_json(ws, 10)
    assert frame["type"] == "ready", frame
    return frame


async def gateway_send(ws, channel_id, text, nonce=None, **extra):
    frame = {"type": "message", "channel_id": channel_id, "message": text, **extra}
    if nonce is not None:
        frame["nonce"] = nonce
    await ws.send(json.dumps(frame))


def content_of(text):
    return lambda f: (f.get("type") == "chat.message"
                      and f.get("new_message", {}).get("content") == text)


__all__ = ["Api", "FAST", "FORBIDDEN", "MESSAGE_KEYS", "NOT_FOUND", "ORIGINAL_KEYS", "TIMESTAMP",
           "channel_of", "connect", "content_of", "cookie_for", "events_until", "fast_server",
           "first_frame", "gateway", "users", "gateway_send", "is_event", "message_body", "PacedStream", "new_channel",
           "no_frame_matching", "reaction_path", "ready_of", "seq_trouble", "server_by_name", "without_nonce"]
