"""The original djchat (the Django reference peer, ../shared/peers/django next to the
repository, or $DJCHAT_PEER) run for real, so that tests import databases the original made.

DjchatPeer(tmp).start() migrates a fresh SQLite file, loads the peer's demo fixture, creates a
superuser and serves on a free port. Its helpers drive the original through its own HTTP
surface: /api/register/, /api/token/, the Django admin (categories, servers with uploaded icons
and banners, channels: the course creates them there), /api/membership/ and the WebSocket
chat.
"""
import asyncio
import io
import json
import os
import pathlib
import re
import signal
import subprocess
import time

import pytest
import requests

REPO = pathlib.Path(__file__).resolve().parents[3]
PEER = pathlib.Path(os.environ.get("DJCHAT_PEER", REPO.parent / "shared" / "peers" / "django"))
PYTHON = "/usr/bin/python3"
ADMIN_PASSWORD = "admin-peer-pass-1"


def require_peer():
    if not (PEER / "manage.py").exists():
        pytest.skip(f"the djchat reference peer is not at {PEER} (set DJCHAT_PEER)")
    probe = subprocess.run([PYTHON, "-c", "import django, rest_framework, channels, PIL"],
                           capture_output=True)
    if probe.returncode != 0:
        # In CI, make test has installed them (scripts/bootstrap --test): missing is a failure.
        missing = "the djchat peer's Debian packages are missing (scripts/bootstrap --test)"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def png_bytes(width, height, color=(200, 30, 30)):
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width, height, color=(30, 30, 200)):
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


class DjchatPeer:
    def __init__(self, workdir):
        self.dir = pathlib.Path(workdir)
        self.db = self.dir / "djchat.sqlite3"
        self.media = self.dir / "djchat-media"
        self.port = free_port()
        self.process = None
        self.env = dict(os.environ, DJCHAT_DB=str(self.db), DJCHAT_MEDIA_ROOT=str(self.media),
                        DJCHAT_DEBUG="1", DJCHAT_LOG_LEVEL="ERROR",
                        DJANGO_SETTINGS_MODULE="djchat.settings",
                        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD)
        self.env.pop("PYTHONPATH", None)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args):
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=PEER, env=self.env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start(self):
        self.media.mkdir(parents=True, exist_ok=True)
        self.log = open(self.dir / "djchat.log", "ab")
        # run.sh migrates, loads the demo fixture into the new database and serves.
        self.process = subprocess.Popen(
            ["bash", str(PEER / "run.sh"), "--port", str(self.port), "--db", str(self.db),
             "--fresh"],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the djchat peer exited: " +
                                   (self.dir / "djchat.log").read_text(errors="replace"))
            try:
                if requests.get(self.base + "/api/server/category/", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("the djchat peer did not start")
        self.manage("createsuperuser", "--noinput", "--username", "admin", "--email",
                    "admin@example.org")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    # ---- the public API
    def register(self, username, password):
        r = requests.post(self.base + "/api/register/",
                          json={"username": username, "password": password})
        assert r.status_code == 201, (r.status_code, r.text)

    def login(self, username, password):
        s = requests.Session()
        r = s.post(self.base + "/api/token/", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        s.user_id = r.json()["user_id"]
        return s

    def join(self, session, server_id):
        r = session.post(f"{self.base}/api/membership/{server_id}/membership/")
        assert r.status_code in (200, 409), r.text

    def servers(self):
        return requests.get(self.base + "/api/server/select/",
                            params={"with_num_members": "true"}).json()

    def history(self, channel_id):
        return requests.get(self.base + "/api/messages/", params={"channel_id": channel_id}).json()

    def send(self, session, server_id, channel_id, texts):
        """Sends each text over the original's WebSocket and waits for its echo."""
        import websockets
        cookie = "access_token=" + session.cookies["access_token"]

        async def run():
            url = f"ws://127.0.0.1:{self.port}/ws/{server_id}/{channel_id}/"
            async with websockets.connect(url, extra_headers={"Cookie": cookie},
                                          max_size=2**22) as ws:
                for text in texts:
                    await ws.send(json.dumps({"type": "message", "message": text}))
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    assert frame["new_message"]["content"] == text
        asyncio.run(run())

    # ---- the admin site (how the course creates categories, servers and channels)
    def admin(self):
        s = requests.Session()
        page = s.get(self.base + "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        r = s.post(self.base + "/admin/login/?next=/admin/",
                   data={"csrfmiddlewaretoken": token, "username": "admin",
                         "password": ADMIN_PASSWORD, "next": "/admin/"},
                   headers={"Referer": self.base + "/admin/login/"})
        assert r.ok and "Log out" in r.text, r.text[:500]
        s.peer = self
        return s

    def admin_add(self, admin, model, fields, files=None):
        """POSTs the admin's add form of server/<model>; returns the new object's id."""
        url = f"{self.base}/admin/server/{model}/add/"
        page = admin.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        data = dict(fields, csrfmiddlewaretoken=token, _save="Save")
        r = admin.post(url, data=data, files=files or {}, headers={"Referer": url},
                       allow_redirects=False)
        assert r.status_code == 302, r.text[:3000]
        listing = admin.get(f"{self.base}/admin/server/{model}/")
        ids = [int(i) for i in re.findall(rf'/admin/server/{model}/(\d+)/change/', listing.text)]
        return max(ids)
