"""Helpers for the presence tests (SPEC §11): fresh users and servers, and gateways that keep
every frame they receive with its arrival time."""
import asyncio
import itertools
import json
import time

import requests

from realtime_helpers import connect
from v2_helpers import Api

_names = itertools.count(1)
PASSWORD = "a-good-password"


def new_user(server, prefix="pr"):
    """A freshly registered, logged-in user (nobody else's presence state touches it)."""
    name = f"{prefix}{int(time.time() * 1000) % 10**7}x{next(_names)}"
    r = requests.post(server.url("/api/register/"), json={"username": name, "password": PASSWORD},
                      timeout=15)
    assert r.status_code == 201, r.text
    return Api(server, name, PASSWORD)


def new_server(owner, *members):
    """A fresh public server owned by `owner`, joined by `members`; returns (server_id, channel_id)."""
    r = owner.post("/api/servers/", json={"name": f"presence-{next(_names)}", "category": "gaming"})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = owner.post(f"/api/servers/{sid}/channels/", json={"name": "talk", "topic": ""})
    assert r.status_code == 201, r.text
    for member in members:
        join(member, sid)
    return sid, r.json()["id"]


def join(user, server_id):
    r = user.post(f"/api/membership/{server_id}/membership/")
    assert r.status_code == 200, r.text


def leave(user, server_id):
    r = user.delete(f"/api/membership/{server_id}/membership/remove_member/")
    assert r.status_code == 200, r.text


def members(user, server_id, **params):
    r = user.get(f"/api/servers/{server_id}/members/", params=params)
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()


def status_in(user, server_id, member):
    return next(m["status"] for m in members(user, server_id, limit=1000)
                if m["user"]["id"] == member.id)


class Gateway:
    """An open /ws/gateway of one user: frames are read in the background into `frames`, each
    as (monotonic arrival time, frame)."""

    def __init__(self, server, user):
        self.server, self.user = server, user
        self.frames = []
        self.ws = None
        self._reader = None

    async def __aenter__(self):
        return await self.open()

    async def __aexit__(self, *exc):
        await self.close()

    async def open(self):
        self.ws = await connect(self.server, "/ws/gateway", self.user.cookie)
        ready = json.loads(await asyncio.wait_for(self.ws.recv(), 10))
        assert ready["type"] == "ready", ready
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self):
        try:
            async for text in self.ws:
                self.frames.append((time.monotonic(), json.loads(text)))
        except Exception:  # the socket closed: the test decides whether that matters
            pass

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
            await asyncio.wait_for(self._reader, 5)
            self.ws = None

    async def send(self, frame):
        await self.ws.send(json.dumps(frame))

    async def subscribe(self, server_id):
        """subscribe_members, then a barrier: reading waits for the subscription, so the error
        frame answering the unknown frame after it comes once the subscription is in place."""
        await self.send({"type": "subscribe_members", "server_id": server_id})
        await self.barrier()

    async def barrier(self):
        start = len(self.frames)
        await self.send({"type": f"barrier-{next(_names)}"})
        await self.wait_for(lambda f: f.get("type") == "error" and f.get("code") == "bad_frame",
                            start=start)

    async def choose(self, status):
        await self.send({"type": "presence", "status": status})

    async def wait_for(self, predicate, timeout=10, start=0):
        """The first frame from index `start` on that matches predicate."""
        deadline = time.monotonic() + timeout
        while True:
            for at, frame in self.frames[start:]:
                if predicate(frame):
                    return at, frame
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching frame in {timeout} s; got {self.frames}")
            await asyncio.sleep(0.02)

    def presence_of(self, user_id):
        """(arrival time, status) of every presence.update about that user so far."""
        return [(at, f["status"]) for at, f in self.frames
                if f.get("type") == "presence.update" and f.get("user_id") == user_id]

    def of_type(self, kind):
        return [f for _, f in self.frames if f.get("type") == kind]


def is_presence(user, status=None):
    return lambda f: (f.get("type") == "presence.update" and f.get("user_id") == user.id
                      and (status is None or f.get("status") == status))
