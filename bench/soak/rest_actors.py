"""The soak's REST load, one thread per actor, each paced at its own rate until the deadline:

- logins: a real password login on a new connection, /api/account/me/, logout (a few per
  second: every one hashes a password with Argon2id);
- browsing: server and channel listings, message history paged backwards, the events route;
- writes: REST sends (some replies, some mentions), edits, reactions added and removed,
  deletes of the actor's own messages (SPEC §7);
- uploads: an attachment (random bytes, or a PNG that gets a thumbnail), a message naming it,
  the file and thumbnail read back, and older such messages deleted with their files (§12).
"""
import collections
import io
import os
import random
import threading
import time
import urllib.parse

from http_client import Client

EMOJI = ["\U0001F44D", "\U0001F389", "\U0001F600", "\U0001F525", "\U0001F440", "\u2705",
         "\U0001F680", "\U0001F4AF"]
REFRESH_EVERY_S = 240     # well inside the access token's lifetime


class Pacer:
    """Evenly spaced ticks at `rate` per second; after a stall it resumes instead of bursting."""

    def __init__(self, rate):
        self.period = 1.0 / rate
        self.next_at = time.monotonic()

    def wait(self, stop):
        now = time.monotonic()
        if self.next_at < now - 1.0:
            self.next_at = now
        stop.wait(max(0.0, self.next_at - now))
        self.next_at += self.period


class Actor(threading.Thread):
    def __init__(self, name, world, rate, max_actions):
        super().__init__(name=name, daemon=True)
        self.world = world
        self.rate = rate
        self.max_actions = max_actions
        self.random = random.Random(name)   # the same choices every run
        self.actions = 0
        self.crash = None

    def run(self):
        pacer = Pacer(self.rate)
        try:
            self.setup()
            while not self.world.stop.is_set() and self.actions < self.max_actions:
                pacer.wait(self.world.stop)
                if self.world.stop.is_set():
                    break
                self.act()
                self.actions += 1
        except Exception as e:  # noqa: BLE001 - reported as a failure of the soak
            self.crash = f"{type(e).__name__}: {e}"
            self.world.stop_reason.append(f"{self.name} crashed: {self.crash}")
            self.world.stop.set()

    def setup(self):
        pass

    def logged_in(self, user):
        return Client(self.world.base, self.world.stats, *user).login()

    def keep_fresh(self, client):
        if time.monotonic() - client.refreshed_at > REFRESH_EVERY_S:
            client.refresh()


class LoginActor(Actor):
    def act(self):
        user = self.random.choice(self.world.users)
        client = Client(self.world.base, self.world.stats, *user)
        try:
            if self.actions % 10 == 9:
                # A wrong password, as people type them: 401, and nothing else changes.
                client.call("auth.login_wrong_password", "POST", "/api/token/", expect=(401,),
                            json={"username": user[0], "password": user[1] + "-typo"})
                return
            r = client.call("auth.login", "POST", "/api/token/",
                            json={"username": user[0], "password": user[1]})
            if r is None or r.status_code != 200:
                return
            me = client.call("auth.me", "GET", "/api/account/me/")
            if me is not None and me.status_code == 200 and me.json().get("username") != user[0]:
                self.world.stats.note(f"/api/account/me/ named {me.json()} for {user[0]}")
            client.call("auth.logout", "POST", "/api/logout/")
        finally:
            client.close()


class BrowseActor(Actor):
    def setup(self):
        self.client = self.logged_in(self.world.users[0])
        self.step = 0

    def act(self):
        self.keep_fresh(self.client)
        w, c = self.world, self.client
        channel = self.random.choice(w.channel_ids)
        step = self.step % 6
        self.step += 1
        if step == 0:
            c.call("rest.servers_mine", "GET", "/api/server/select/?by_user=true&with_num_members=true")
        elif step == 1:
            c.call("rest.servers_all", "GET", "/api/server/select/")
            c.call("rest.categories", "GET", "/api/server/category/")
        elif step == 2:
            c.call("rest.server_channels", "GET", f"/api/server/select/?by_serverid={w.server_id}")
        elif step == 3:
            self.history(channel)
        elif step == 4:
            c.call("rest.messages_legacy", "GET", f"/api/messages/?channel_id={channel}&limit=50")
        else:
            r = c.call("rest.events", "GET", f"/api/channels/{channel}/events/?after_seq=0&limit=1")
            if r is not None and r.status_code == 200:
                last = r.json()["last_seq"]
                c.call("rest.events", "GET",
                       f"/api/channels/{channel}/events/?after_seq={max(0, last - 100)}&limit=100")

    def history(self, channel):
        """The newest page, then up to four older ones, as scrolling up does."""
        path = f"/api/channels/{channel}/messages/?limit=50"
        for _ in range(5):
            r = self.client.call("rest.history_page", "GET", path)
            if r is None or r.status_code != 200:
                return
            page = r.json()
            if len(page) < 50:
                return
            path = f"/api/channels/{channel}/messages/?limit=50&before={page[0]['id']}"


class WriteActor(Actor):
    """Messages, edits, reactions and deletes over REST in one channel."""

    def setup(self):
        self.client = self.logged_in(self.world.users[1])
        self.channel = self.world.channels["load-3"]
        self.mine = collections.deque()      # ids of this actor's live messages, oldest first
        self.reacted = []                    # (message id, emoji) this actor has put
        self.serial = 0

    def act(self):
        self.keep_fresh(self.client)
        roll = self.random.randrange(100)
        if roll < 40 or len(self.mine) < 5:
            self.post()
        elif roll < 60:
            self.edit()
        elif roll < 75:
            self.react()
        elif roll < 90:
            self.unreact()
        else:
            self.delete_oldest()

    def messages_path(self, suffix=""):
        return f"/api/channels/{self.channel}/messages/{suffix}"

    def post(self):
        self.serial += 1
        body = {"content": f"soak rest message {self.serial} "
                           f"{os.urandom(6).hex()} <@{self.world.user_ids[2]}>",
                "nonce": f"soak-rest-{self.serial}"}
        if self.mine and self.serial % 4 == 0:
            body["reply_to"] = self.random.choice(self.mine)
        r = self.client.call("rest.message_post", "POST", self.messages_path(), expect=(201,),
                             json=body)
        if r is not None and r.status_code == 201:
            self.mine.append(r.json()["id"])
        while len(self.mine) > 40:
            self.delete_oldest()

    def edit(self):
        target = self.random.choice(self.mine)
        self.client.call("rest.message_edit", "PATCH", self.messages_path(f"{target}/"),
                         json={"content": f"soak edit {os.urandom(8).hex()}"})

    def react(self):
        target = self.random.choice(self.mine)
        emoji = self.random.choice(EMOJI)
        if (target, emoji) in self.reacted:
            return
        path = self.messages_path(f"{target}/reactions/{urllib.parse.quote(emoji)}/@me/")
        r = self.client.call("rest.reaction_put", "PUT", path, expect=(204,))
        if r is not None and r.status_code == 204:
            self.reacted.append((target, emoji))

    def unreact(self):
        if not self.reacted:
            return
        target, emoji = self.reacted.pop(self.random.randrange(len(self.reacted)))
        path = self.messages_path(f"{target}/reactions/{urllib.parse.quote(emoji)}/@me/")
        self.client.call("rest.reaction_delete", "DELETE", path, expect=(204,))

    def delete_oldest(self):
        if not self.mine:
            return
        target = self.mine.popleft()
        self.reacted = [(m, e) for m, e in self.reacted if m != target]
        self.client.call("rest.message_delete", "DELETE", self.messages_path(f"{target}/"),
                         expect=(204,))


class UploadActor(Actor):
    KEEP = 10   # messages with attachments kept; older ones are deleted with their files

    def setup(self):
        self.client = self.logged_in(self.world.users[2])
        self.channel = self.world.channels["load-4"]
        self.kept = collections.deque()

    def act(self):
        self.keep_fresh(self.client)
        name, data, ctype, is_image = self.payload()
        c = self.client
        r = c.call("upload.attachment", "POST", f"/api/channels/{self.channel}/attachments/",
                   expect=(201,), files={"file": (name, data, ctype)})
        if r is None or r.status_code != 201:
            return
        info = r.json()
        if info.get("size") != len(data) and not is_image:
            self.world.stats.note(f"upload of {len(data)} bytes stored as {info.get('size')}")
            self.world.stats.record("upload.size_mismatch", None, "mismatch", False)
        m = c.call("upload.message", "POST", f"/api/channels/{self.channel}/messages/",
                   expect=(201,), json={"content": f"file {name}", "attachments": [info["id"]]})
        got = c.call("upload.download", "GET", info["url"])
        if got is not None and got.status_code == 200 and not is_image and got.content != data:
            self.world.stats.note(f"download of {name} differs from the upload")
            self.world.stats.record("upload.content_mismatch", None, "mismatch", False)
        if info.get("thumbnail_url"):
            c.call("upload.thumbnail", "GET", info["thumbnail_url"])
        if m is not None and m.status_code == 201:
            self.kept.append(m.json()["id"])
        while len(self.kept) > self.KEEP:
            old = self.kept.popleft()
            c.call("upload.message_delete", "DELETE",
                   f"/api/channels/{self.channel}/messages/{old}/", expect=(204,))

    def payload(self):
        n = self.actions
        if n % 3 == 0:
            from PIL import Image  # only the image uploads need it
            w, h = self.random.randrange(64, 900), self.random.randrange(64, 700)
            image = Image.new("RGB", (w, h), tuple(self.random.randrange(256) for _ in range(3)))
            buf = io.BytesIO()
            image.save(buf, "PNG")
            return f"soak-{n}.png", buf.getvalue(), "image/png", True
        if n % 3 == 1:
            size = self.random.randrange(4 << 10, 512 << 10)
            return f"soak-{n}.bin", os.urandom(size), "application/octet-stream", False
        text = ("soak line %d\n" % n).encode() * self.random.randrange(10, 2000)
        return f"soak-{n}.txt", text, "text/plain", False


def start_actors(world, rates, max_actions):
    kinds = [("logins", LoginActor), ("browse", BrowseActor), ("writes", WriteActor),
             ("uploads", UploadActor)]
    actors = [cls(name, world, rates[name], max_actions) for name, cls in kinds if rates[name] > 0]
    for a in actors:
        a.start()
    return actors
