"""SPEC §12 on the channel sockets (/ws/{server}/{channel} and a DM's /ws/@me/{channel}, SPEC §6,
§9): a `message` frame names uploads under the same rules as the gateway (blank text allowed with
attachments, a bad list is a bad_frame error with the nonce and posts nothing); and the gateway's
ready frame tells clients the configured upload limit, so they can refuse a big file before
sending it."""
import shutil
import tempfile

import pytest

from attachment_helpers import image_bytes, uploaded
from conftest import ParleyServer, load_demo
from realtime_helpers import connect, recv_until, run
from v2_helpers import FAST, Api, gateway, new_channel, ready_of

LIMIT = 2_500_000


@pytest.fixture(scope="module")
def server():
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    s = ParleyServer(data_dir, ["--log-level", "warn", *FAST,
                                "--max-upload-bytes", str(LIMIT)]).start()
    yield s
    s.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def people(server):
    return {name: Api(server, name) for name in ("alice", "bob")}


def message_frame(text, nonce, **extra):
    import json
    return json.dumps({"type": "message", "message": text, "nonce": nonce, **extra})


def is_error(frame):
    return frame.get("type") == "error"


def is_message(text):
    return lambda f: f.get("type") == "chat.message" and f["new_message"]["content"] == text


def test_channel_socket_message_carries_attachments(server, people):
    alice, bob = people["alice"], people["bob"]
    sid, channel = new_channel(alice, "Retro Arcade")
    shot = uploaded(alice, channel, "shot.png", image_bytes("PNG", 50, 40), "image/png")
    notes = uploaded(alice, channel, "notes.txt", b"plain notes")

    async def scenario():
        async with connect(server, f"/ws/{sid}/{channel}", alice.cookie) as sender, \
                connect(server, f"/ws/{sid}/{channel}", bob.cookie) as reader:
            await sender.send(message_frame("look", "n1", attachments=[shot["id"]]))
            mine = (await recv_until(sender, is_message("look")))[-1]
            theirs = (await recv_until(reader, is_message("look")))[-1]
            # Blank text is a message when it carries a file.
            await sender.send(message_frame("", "n2", attachments=[notes["id"]]))
            blank = (await recv_until(reader, is_message("")))[-1]
            return mine, theirs, blank

    mine, theirs, blank = run(scenario())
    assert mine["new_message"]["nonce"] == "n1"
    assert theirs["new_message"]["attachments"] == [shot]
    assert blank["new_message"]["attachments"] == [notes]
    stored = {m["content"]: m["attachments"] for m in bob.messages(channel)}
    assert stored == {"look": [shot], "": [notes]}


def test_channel_socket_refuses_a_bad_list_and_posts_nothing(server, people):
    alice, bob = people["alice"], people["bob"]
    sid, channel = new_channel(alice, "Retro Arcade")
    mine = uploaded(alice, channel, "mine.txt", b"mine")
    bobs = uploaded(bob, channel, "bob.txt", b"bob's")
    _, other_channel = new_channel(alice, "Retro Arcade")
    elsewhere = uploaded(alice, other_channel, "elsewhere.txt", b"there")
    cases = {
        "someone else's": [bobs["id"]],
        "another channel's": [elsewhere["id"]],
        "eleven": list(range(1, 12)),
        "repeats": [mine["id"], mine["id"]],
        "not ids": ["x"],
        "not a list": 5,
    }

    async def scenario():
        errors = {}
        async with connect(server, f"/ws/{sid}/{channel}", alice.cookie) as sender:
            for i, (text, attachments) in enumerate(cases.items()):
                await sender.send(message_frame(text, f"bad-{i}", attachments=attachments))
                errors[text] = (await recv_until(sender, is_error))[-1]
            # Blank text with no file is still refused as empty.
            await sender.send(message_frame(" ", "blank", attachments=[]))
            errors["blank"] = (await recv_until(sender, is_error))[-1]
        return errors

    errors = run(scenario())
    for i, text in enumerate(cases):
        assert errors[text]["code"] == "bad_frame", (text, errors[text])
        assert errors[text]["nonce"] == f"bad-{i}", (text, errors[text])
    assert errors["blank"]["code"] == "empty" and errors["blank"]["nonce"] == "blank"
    assert alice.messages(channel) == []
    # The refused upload stayed unused: it can still be sent.
    r = alice.post(f"/api/channels/{channel}/messages/", json={"attachments": [mine["id"]]})
    assert r.status_code == 201, r.text
    assert r.json()["attachments"] == [mine]


def test_dm_channel_socket_carries_attachments(server, people):
    alice, bob = people["alice"], people["bob"]
    r = alice.post("/api/users/@me/channels/", json={"recipients": [bob.id]})
    assert r.status_code in (200, 201), r.text
    dm = r.json()["id"]
    photo = uploaded(alice, dm, "private.png", image_bytes("PNG", 30, 30), "image/png")

    async def scenario():
        async with connect(server, f"/ws/@me/{dm}", alice.cookie) as sender, \
                connect(server, f"/ws/@me/{dm}", bob.cookie) as reader:
            await sender.send(message_frame("just us", "d1", attachments=[photo["id"]]))
            return (await recv_until(reader, is_message("just us")))[-1]

    frame = run(scenario())
    assert frame["new_message"]["attachments"] == [photo]
    assert [m["attachments"] for m in bob.messages(dm)] == [[photo]]


def test_ready_frame_announces_the_upload_limit(server, people):
    async def scenario():
        async with gateway(server, people["bob"].cookie) as ws:
            return await ready_of(ws)

    assert run(scenario())["limits"] == {"max_upload_bytes": LIMIT}
