"""SPEC §12 attachments: upload, sniffing, re-encoding without metadata, thumbnails, messages
that name uploads (REST and history, events and the gateway), serving rules, access, removal of
unused uploads and of deleted messages' files, and every kind of bad input."""
import io
import pathlib
import shutil
import tempfile
import time

import pytest
import requests
from PIL import Image

from attachment_helpers import (camera_exif, image_bytes, png_bomb, stored_files, upload,
                                uploaded)
from conftest import ParleyServer, load_demo
from v2_helpers import FAST, FORBIDDEN, NOT_FOUND, Api, channel_of, new_channel

LIMIT = 3_000_000
ATTACHMENT_KEYS = {"id", "filename", "content_type", "size", "url"}


@pytest.fixture(scope="module")
def server():
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    load_demo(data_dir)
    s = ParleyServer(data_dir, ["--log-level", "warn", *FAST, "--max-upload-bytes", str(LIMIT),
                                "--attachment-sweep-seconds", "1"]).start()
    yield s
    s.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def people(server):
    return {name: Api(server, name) for name in ("alice", "bob", "carol", "dave")}


@pytest.fixture
def channel(people):
    return new_channel(people["alice"], "Retro Arcade")[1]


def wait_for(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


# ------------------------------------------------------------------ uploads and images

@pytest.mark.parametrize("fmt,name,ctype", [("JPEG", "a.jpg", "image/jpeg"),
                                            ("PNG", "a.png", "image/png"),
                                            ("GIF", "a.gif", "image/gif"),
                                            ("WEBP", "a.webp", "image/webp")])
def test_images_get_dimensions_and_a_thumbnail(people, channel, fmt, name, ctype):
    alice = people["alice"]
    a = uploaded(alice, channel, name, image_bytes(fmt, 900, 600), ctype)
    assert ATTACHMENT_KEYS | {"width", "height", "thumbnail_url"} == set(a)
    assert a["content_type"] == ctype and a["filename"] == name
    assert (a["width"], a["height"]) == (900, 600)
    got = alice.get(a["url"])
    assert got.status_code == 200 and got.headers["Content-Type"] == ctype
    assert Image.open(io.BytesIO(got.content)).format == fmt
    assert len(got.content) == a["size"]
    thumb = alice.get(a["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/webp"
    small = Image.open(io.BytesIO(thumb.content))
    assert max(small.size) <= 400 and small.size == (400, 267)


def test_exif_camera_name_is_gone(people, channel):
    alice = people["alice"]
    data = image_bytes("JPEG", 300, 200, exif=camera_exif())
    assert b"ParleyCam 9000" in data
    a = uploaded(alice, channel, "holiday.jpg", data, "image/jpeg")
    served = alice.get(a["url"]).content
    thumb = alice.get(a["thumbnail_url"]).content
    for blob in (served, thumb):
        assert b"ParleyCam" not in blob and b"Leaky Optics" not in blob
    assert not Image.open(io.BytesIO(served)).getexif().get(0x0110)
    for path in stored_files(people["alice"].server):
        assert b"ParleyCam" not in path.read_bytes()


def test_other_files_keep_their_bytes_and_type_comes_from_them(people, channel):
    alice = people["alice"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    a = uploaded(alice, channel, "report.bin", pdf, "text/plain")  # a lie about the type
    assert a["content_type"] == "application/pdf" and a["size"] == len(pdf)
    assert "width" not in a and "thumbnail_url" not in a
    got = alice.get(a["url"])
    assert got.content == pdf
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name,data", [
    ("page.txt", b"<html><script>alert(1)</script></html>"),
    ("pic.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
])
def test_html_and_svg_are_never_inline(people, channel, name, data):
    alice = people["alice"]
    a = uploaded(alice, channel, name, data, "text/plain")
    got = alice.get(a["url"])
    assert got.content == data
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in got.headers["Content-Security-Policy"]


def test_plain_text_is_inline_and_names_are_encoded(people, channel):
    alice = people["alice"]
    name = 'naïve "notes" 日本.txt'
    a = uploaded(alice, channel, name, "hello, wörld\n".encode(), "text/plain")
    assert a["filename"] == name
    got = alice.get(a["url"])
    assert got.headers["Content-Type"] == "text/plain; charset=utf-8"
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith('inline; filename="na_ve _notes_ __.txt"')
    assert "filename*=UTF-8''na%C3%AFve%20%22notes%22%20%E6%97%A5%E6%9C%AC.txt" in disposition


def test_urls_are_unguessable(people, channel):
    alice = people["alice"]
    a = uploaded(alice, channel, "x.txt", b"secret-ish")
    token = a["url"].split("/")[4]
    assert len(token) == 32
    wrong = a["url"].replace(token, "0" * 32)
    assert alice.get(wrong).status_code == 404
    b = uploaded(alice, channel, "x.txt", b"secret-ish")
    assert b["url"].split("/")[4] != token


# ------------------------------------------------------------------ messages

def test_message_carries_attachments_everywhere(people, channel):
    alice, bob = people["alice"], people["bob"]
    a = uploaded(alice, channel, "one.png", image_bytes("PNG", 20, 10), "image/png")
    b = uploaded(alice, channel, "two.txt", b"two")
    m = alice.send(channel, "", attachments=[b["id"], a["id"]])
    assert [x["id"] for x in m["attachments"]] == [b["id"], a["id"]]
    assert m["attachments"][1] == a
    history = bob.messages(channel)
    assert [x["id"] for x in history[-1]["attachments"]] == [b["id"], a["id"]]
    events, _ = bob.all_events(channel)
    created = [e for e in events if e["type"] == "chat.message"][-1]
    assert created["new_message"]["attachments"][1]["url"] == a["url"]
    edited = alice.edit(channel, m["id"], "now with words")
    assert edited.status_code == 200 and len(edited.json()["attachments"]) == 2
    # The other member reads it once it is posted.
    assert bob.get(a["url"]).status_code == 200


def test_unused_upload_is_the_uploaders_alone(people, channel):
    alice, bob = people["alice"], people["bob"]
    a = uploaded(alice, channel, "draft.txt", b"draft")
    assert alice.get(a["url"]).status_code == 200
    assert bob.get(a["url"]).status_code == 404


def test_bad_attachment_lists_change_nothing(people, channel):
    alice, bob = people["alice"], people["bob"]
    _, other_channel = new_channel(alice, "Retro Arcade")
    mine = uploaded(alice, channel, "a.txt", b"a")
    bobs = uploaded(bob, channel, "b.txt", b"b")
    elsewhere = uploaded(alice, other_channel, "c.txt", b"c")
    before = len(alice.messages(channel))
    many = [uploaded(alice, channel, f"{i}.txt", b"x")["id"] for i in range(11)]
    path = f"/api/channels/{channel}/messages/"
    for bad in ([bobs["id"]], [elsewhere["id"]], [mine["id"], mine["id"]], many, [0], ["1"],
                "1", [999999999]):
        r = alice.post(path, json={"content": "hi", "attachments": bad})
        assert r.status_code == 400, (bad, r.text)
        assert list(r.json()) == ["attachments"]
    assert len(alice.messages(channel)) == before
    # Ten is fine; a used upload cannot be used again.
    assert len(alice.send(channel, "ten", attachments=many[:10])["attachments"]) == 10
    r = alice.post(path, json={"content": "again", "attachments": [many[0]]})
    assert r.status_code == 400 and list(r.json()) == ["attachments"]
    assert alice.send(channel, "mine", attachments=[mine["id"]])["attachments"][0]["id"] == mine["id"]


def test_deleting_the_message_removes_its_files(people, channel):
    alice = people["alice"]
    before = set(stored_files(alice.server))
    a = uploaded(alice, channel, "gone.png", image_bytes("PNG", 500, 500), "image/png")
    added = set(stored_files(alice.server)) - before
    assert len(added) == 2  # the image and its thumbnail
    m = alice.send(channel, "soon gone", attachments=[a["id"]])
    assert alice.remove(channel, m["id"]).status_code == 204
    assert alice.get(a["url"]).status_code == 404
    assert wait_for(lambda: not any(p.exists() for p in added))


def test_deleting_the_channel_removes_its_files(people):
    alice = people["alice"]
    sid, doomed = new_channel(alice, "Retro Arcade")
    before = set(stored_files(alice.server))
    a = uploaded(alice, doomed, "c.txt", b"channel file")
    alice.send(doomed, "x", attachments=[a["id"]])
    added = set(stored_files(alice.server)) - before
    assert len(added) == 1
    assert alice.delete(f"/api/servers/{sid}/channels/{doomed}/").status_code == 204
    assert wait_for(lambda: not any(p.exists() for p in added))


def test_unused_uploads_go_after_the_grace(make_server):
    server = make_server(["--log-level", "warn", "--unused-upload-seconds", "2",
                          "--attachment-sweep-seconds", "1"]).start()
    alice = Api(server, "alice")
    _, c = channel_of(server, "Retro Arcade", server_by_first_channel(server))
    a = uploaded(alice, c, "left.txt", b"never sent")
    files = stored_files(server)
    assert len(files) == 1
    assert wait_for(lambda: not files[0].exists(), 15)
    r = alice.post(f"/api/channels/{c}/messages/", json={"content": "late",
                                                          "attachments": [a["id"]]})
    assert r.status_code == 400


def server_by_first_channel(server):
    r = requests.get(server.url("/api/server/select/"), timeout=10)
    s = next(s for s in r.json() if s["name"] == "Retro Arcade")
    return s["channel_server"][0]["name"]


# ------------------------------------------------------------------ who may upload and read

def test_non_members_may_not_upload(people, channel):
    r = upload(people["dave"], channel, "a.txt", b"a")
    assert r.status_code == 403 and r.json() == FORBIDDEN
    assert upload(people["alice"], 999999, "a.txt", b"a").status_code == 404
    anonymous = requests.post(people["alice"].server.url(f"/api/channels/{channel}/attachments/"),
                              files={"file": ("a.txt", b"a")}, timeout=10)
    assert anonymous.status_code == 401


def test_dm_attachments_only_for_recipients(people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    r = alice.post("/api/users/@me/channels/", json={"recipients": [bob.id]})
    assert r.status_code in (200, 201), r.text
    dm = r.json()["id"]
    a = uploaded(alice, dm, "private.png", image_bytes("PNG", 30, 30), "image/png")
    alice.send(dm, "just us", attachments=[a["id"]])
    assert bob.get(a["url"]).status_code == 200
    assert bob.get(a["thumbnail_url"]).status_code == 200
    for url in (a["url"], a["thumbnail_url"]):
        assert carol.get(url).status_code == 404
        assert carol.get(url).json() == NOT_FOUND
        assert requests.get(alice.server.url(url), timeout=10).status_code == 404
    assert upload(carol, dm, "x.txt", b"x").status_code == 404


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("name,data,ctype,needle", [
    ("empty.txt", b"", "text/plain", "empty"),
    ("page.png", b"<!DOCTYPE html><html><body>hi</body></html>", "image/png", "does not match"),
    ("page.html", b"<html></html>", "image/png", "does not match"),
    ("cut.png", image_bytes("PNG", 400, 400)[:300], "image/png", "valid image"),
    ("cut.jpg", image_bytes("JPEG", 400, 400)[:600], "image/jpeg", "valid image"),
    ("bomb.png", png_bomb(30000, 30000), "image/png", "too large"),
    ("../../etc/passwd", b"x", "text/plain", "path separators"),
    ("a\\b.txt", b"x", "text/plain", "path separators"),
    ("bell\x07.txt", b"x", "text/plain", "control characters"),
    ("new\nline.txt", b"x", "text/plain", "control characters"),
    ("cat\u202egnp.exe", b"x", "text/plain", "bidirectional"),
    ("a" * 10000 + ".txt", b"x", "text/plain", "255 bytes"),
    ("..", b"x", "text/plain", "may not be"),
])
def test_bad_files_are_400_and_leave_nothing(people, channel, name, data, ctype, needle):
    alice = people["alice"]
    before = stored_files(alice.server)
    r = upload(alice, channel, name, data, ctype)
    assert r.status_code == 400, r.text
    errors = r.json()["file"]
    assert any(needle in e for e in errors), errors
    assert stored_files(alice.server) == before


@pytest.mark.parametrize("raw_name,needle", [
    (b"tab\there.txt", "control characters"),
    (b"nul\x00.txt", "control characters"),
    (b"\xff\xfe.txt", "UTF-8"),
])
def test_raw_names_with_control_bytes_are_400(people, channel, raw_name, needle):
    """Names as a client may send them unescaped (requests escapes what it can)."""
    boundary = b"RawBoundary"
    body = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            raw_name + b"\"\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + boundary + b"--\r\n")
    r = people["alice"].post(f"/api/channels/{channel}/attachments/", data=body,
                             headers={"Content-Type": "multipart/form-data; boundary=RawBoundary"})
    assert r.status_code == 400, r.text
    assert any(needle in e for e in r.json()["file"])


def test_oversized_upload_is_413_and_leaves_nothing(people, channel):
    alice = people["alice"]
    before = stored_files(alice.server)
    r = upload(alice, channel, "big.bin", b"\0" * (LIMIT + 1))
    assert r.status_code == 413
    assert "file" in r.json()
    r = upload(alice, channel, "huge.bin", b"\0" * (LIMIT + 200_000))
    assert r.status_code == 413
    assert stored_files(alice.server) == before
    spool = pathlib.Path(alice.server.data_dir) / "attachments" / "spool"
    assert not list(spool.iterdir())
    assert uploaded(alice, channel, "fits.bin", b"\1" * LIMIT)["size"] == LIMIT


def test_malformed_bodies(people, channel):
    alice = people["alice"]
    path = f"/api/channels/{channel}/attachments/"
    r = alice.post(path, json={"file": "x"})
    assert r.status_code == 415
    r = alice.post(path, files={"other": ("a.txt", b"a")})
    assert r.status_code == 400 and r.json() == {"file": ["No file was submitted."]}
    r = alice.post(path, data={"file": "not a file"})  # urlencoded, not multipart
    assert r.status_code == 415
    boundary = "XyZ"
    field = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
             f"text\r\n--{boundary}--\r\n").encode()
    r = alice.post(path, data=field,
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 400 and "not a file" in r.json()["file"][0]
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"t.txt\"\r\n\r\nno closing delimiter").encode()
    r = alice.post(path, data=body,
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 400 and "Truncated" in r.json()["file"][0]
    two = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
           f"a\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n"
           f"\r\nb\r\n--{boundary}--\r\n").encode()
    r = alice.post(path, data=two,
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 400 and "one file" in r.json()["file"][0]
