"""Helpers for the real-time tests: ids from the database, cookies, WebSocket clients."""
import asyncio
import json
import pathlib
import sqlite3

import requests
import websockets

from conftest import BACKEND, POSTGRES

DEMO_PASSWORDS = {
    "alice": "alice-demo-pass-1",
    "bob": "bob-demo-pass-1",
    "carol": "carol-demo-pass-1",
    "dave": "dave-demo-pass-1",
}


class _PostgresConnection:
    """sqlite3's connection manners over psycopg2: `execute` with ? placeholders, and `with`
    committing at the end (rolling back on an exception), so tests read the same on both."""

    def __init__(self, url):
        import psycopg2
        self.connection = psycopg2.connect(url)

    @staticmethod
    def _pyformat(sql):
        """sqlite3's ? placeholders in psycopg2's style (a literal % doubled)."""
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql, params=()):
        cursor = self.connection.cursor()
        cursor.execute(self._pyformat(sql), tuple(params))
        return cursor

    def executemany(self, sql, rows):
        cursor = self.connection.cursor()
        cursor.executemany(self._pyformat(sql), [tuple(r) for r in rows])
        return cursor

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.connection.commit()
        else:
            self.connection.rollback()
        self.connection.close()


def db(server):
    """A connection to the server's database, whichever backend this run uses."""
    if BACKEND == "postgresql":
        return _PostgresConnection(POSTGRES.url_for(server.data_dir))
    return sqlite3.connect(str(pathlib.Path(server.data_dir) / "parley.sqlite3"), timeout=10)


def channel_ids(server, server_name, channel_name):
    with db(server) as conn:
        row = conn.execute(
            "SELECT s.id, c.id FROM servers s JOIN channels c ON c.server_id = s.id "
            "WHERE s.name = ? AND c.name = ?", (server_name, channel_name)).fetchone()
    assert row, (server_name, channel_name)
    return row


def history(server, channel_id):
    with db(server) as conn:
        return conn.execute(
            "SELECT m.id, a.username, m.content FROM messages m JOIN accounts a "
            "ON a.id = m.sender_id WHERE m.channel_id = ? ORDER BY m.id", (channel_id,)).fetchall()


def last_message_id(server, channel_id):
    with db(server) as conn:
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM messages WHERE channel_id = ?",
                            (channel_id,)).fetchone()[0]


def login_tokens(server, user):
    r = requests.post(server.url("/api/token/"),
                      json={"username": user, "password": DEMO_PASSWORDS[user]})
    assert r.status_code == 200, r.text
    return r.cookies.get("access_token"), r.cookies.get("refresh_token")


def cookie_for(server, user):
    access, _ = login_tokens(server, user)
    return f"access_token={access}"


def connect(server, path, cookie=None, origin=None, **kwargs):
    headers = {"Cookie": cookie} if cookie else {}
    return websockets.connect(server.ws_url(path), extra_headers=headers, origin=origin,
                              open_timeout=10, close_timeout=5, **kwargs)


async def recv_json(ws, timeout=5):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_until(ws, predicate, timeout=10):
    """Frames until one matches predicate (returned last)."""
    frames = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await recv_json(ws, max(0.01, deadline - loop.time()))
        frames.append(frame)
        if predicate(frame):
            return frames


async def close_code_of(ws, timeout=5):
    """Waits for the server to close the socket; returns its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except websockets.exceptions.ConnectionClosed:
        return ws.close_code


async def send_message(ws, text, nonce=None):
    frame = {"type": "message", "message": text}
    if nonce is not None:
        frame["nonce"] = nonce
    await ws.send(json.dumps(frame))


def run(coroutine):
    return asyncio.run(coroutine)
