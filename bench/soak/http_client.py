"""A logged-in user's REST connection for the soak: one keep-alive requests.Session whose every
call is timed and counted in Stats under a name, with the statuses the soak expects."""
import time

import requests

TIMEOUT = 15


class Client:
    def __init__(self, base, stats, username=None, password=None):
        self.base = base
        self.stats = stats
        self.username = username
        self.password = password
        self.session = requests.Session()
        self.user_id = None
        self.refreshed_at = time.monotonic()

    def call(self, kind, method, path, expect=(200,), **kwargs):
        """The response, or None when the request failed on the wire; counted either way."""
        url = path if path.startswith("http") else self.base + path
        started = time.monotonic()
        try:
            r = self.session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as e:
            self.stats.record(kind, None, type(e).__name__, False)
            self.stats.note(f"{kind}: {method} {path}: {type(e).__name__}: {e}")
            return None
        elapsed = time.monotonic() - started
        ok = r.status_code in expect
        self.stats.record(kind, elapsed, r.status_code, ok)
        if not ok:
            self.stats.note(f"{kind}: {method} {path} -> {r.status_code} {r.text[:200]}")
        return r

    def login(self, kind="auth.login"):
        r = self.call(kind, "POST", "/api/token/",
                      json={"username": self.username, "password": self.password})
        if r is None or r.status_code != 200:
            raise RuntimeError(f"login of {self.username} failed")
        self.user_id = r.json()["user_id"]
        self.refreshed_at = time.monotonic()
        return self

    def refresh(self):
        """A new access cookie (and a rotated refresh cookie), as a client does before it
        reconnects a socket."""
        r = self.call("auth.refresh", "POST", "/api/token/refresh/")
        self.refreshed_at = time.monotonic()
        return r is not None and r.status_code == 200

    def cookie_header(self):
        return f"access_token={self.session.cookies.get('access_token', path='/')}"

    def close(self):
        self.session.close()
