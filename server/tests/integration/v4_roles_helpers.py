"""Helpers for the SPEC §10 tests: permission bits, roles, overwrites."""
import shutil
import tempfile

import pytest

from v2_helpers import FAST, Api, new_channel, server_by_name  # noqa: F401 (re-exported)

VIEW = 1 << 10
SEND = 1 << 11
HISTORY = 1 << 16
REACT = 1 << 6
ATTACH = 1 << 15
INVITE = 1 << 0
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
MANAGE_MESSAGES = 1 << 13
MENTION_EVERYONE = 1 << 17
MANAGE_ROLES = 1 << 28
ADMINISTRATOR = 1 << 3
EVERYONE_DEFAULT = VIEW | HISTORY | SEND | REACT | ATTACH | INVITE
ALL = sum(1 << b for b in (0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 13, 15, 16, 17, 28, 40))


def make_role(owner, sid, name, bits=0, **extra):
    r = owner.post(f"/api/servers/{sid}/roles/",
                   json={"name": name, "permissions": str(bits), **extra})
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()


def give_role(owner, sid, user, role):
    r = owner.put(f"/api/servers/{sid}/members/{user.id}/roles/{role['id']}/")
    assert r.status_code == 204, (r.status_code, r.text)


def take_role(owner, sid, user, role):
    r = owner.delete(f"/api/servers/{sid}/members/{user.id}/roles/{role['id']}/")
    assert r.status_code == 204, (r.status_code, r.text)


def overwrite(owner, channel, target_id, kind="role", allow=0, deny=0):
    r = owner.put(f"/api/channels/{channel}/permissions/{target_id}/",
                  json={"type": kind, "allow": str(allow), "deny": str(deny)})
    assert r.status_code == 204, (r.status_code, r.text)


def my_bits(user, channel):
    r = user.get(f"/api/channels/{channel}/permissions/@me/")
    return int(r.json()["permissions"]) if r.status_code == 200 else r.status_code


@pytest.fixture(scope="module")
def world():
    """A server of its own for the test module, on the demo data with fast message rates, and
    alice (who owns the demo servers), bob, carol and dave logged in: (server, *users)."""
    from conftest import ParleyServer, load_demo
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    server = ParleyServer(data_dir, ["--log-level", "warn", *FAST]).start()
    users = [Api(server, n) for n in ("alice", "bob", "carol", "dave")]
    yield (server, *users)
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
