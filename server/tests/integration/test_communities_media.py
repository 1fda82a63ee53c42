"""Icon and banner uploads: formats, lies, truncation, bombs, re-encoding, replacement and
serving under /media/."""
import io
import pathlib
import struct
import zlib

import pytest
import requests
from PIL import Image


def image_bytes(fmt, width, height, mode="RGB", **save):
    buf = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 60) if mode == "RGB" else None).save(
        buf, fmt, **save)
    return buf.getvalue()


def png_bytes(width, height):
    return image_bytes("PNG", width, height)


def png_bomb(width, height):
    """A valid PNG header claiming a huge canvas, with a tiny compressed body."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) +
            chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def owned(demo_server):
    alice = demo_server.login("alice")
    s = alice.post(demo_server.url("/api/servers/"),
                   json={"name": "Media Lab", "category": "science"}).json()
    return alice, s["id"]


def put(session, server, sid, slot, name, data, ctype):
    return session.put(server.url(f"/api/servers/{sid}/{slot}/"),
                       files={"file": (name, data, ctype)})


def fetch(server, url_path):
    return requests.get(server.url(url_path), timeout=10)


@pytest.mark.parametrize("fmt,name,ctype", [
    ("PNG", "a.png", "image/png"), ("JPEG", "a.jpg", "image/jpeg"),
    ("GIF", "a.gif", "image/gif"), ("WEBP", "a.webp", "image/webp"),
])
def test_icon_formats_become_square_webp(demo_server, owned, fmt, name, ctype):
    alice, sid = owned
    r = put(alice, demo_server, sid, "icon", name, image_bytes(fmt, 640, 400), ctype)
    assert r.status_code == 200, r.text
    icon = r.json()["icon"]
    assert icon.startswith(f"/media/server/{sid}/") and icon.endswith(".webp")
    got = fetch(demo_server, icon)
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "image/webp"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    img = Image.open(io.BytesIO(got.content))
    assert img.size == (256, 256)


def test_small_icon_stays_small_and_square(demo_server, owned):
    alice, sid = owned
    r = put(alice, demo_server, sid, "icon", "s.png", png_bytes(100, 60), "image/png")
    img = Image.open(io.BytesIO(fetch(demo_server, r.json()["icon"]).content))
    assert img.size == (60, 60)


def test_banner_width_capped_and_metadata_stripped(demo_server, owned):
    alice, sid = owned
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    buf = io.BytesIO()
    Image.new("RGB", (3000, 600), (10, 20, 30)).save(buf, "JPEG", exif=exif.tobytes())
    assert b"SecretCam" in buf.getvalue()
    r = put(alice, demo_server, sid, "banner", "b.jpeg", buf.getvalue(), "image/jpeg")
    assert r.status_code == 200, r.text
    data = fetch(demo_server, r.json()["banner"]).content
    assert b"SecretCam" not in data
    img = Image.open(io.BytesIO(data))
    assert img.size == (1920, 384)
    assert 0x010F not in img.getexif() and "exif" not in img.info


def test_replacing_removes_old_file_and_delete_clears(demo_server, owned):
    alice, sid = owned
    first = put(alice, demo_server, sid, "icon", "1.png", png_bytes(50, 50), "image/png").json()
    second = put(alice, demo_server, sid, "icon", "2.png", png_bytes(70, 70), "image/png").json()
    assert first["icon"] != second["icon"]
    assert fetch(demo_server, first["icon"]).status_code == 404
    assert fetch(demo_server, second["icon"]).status_code == 200
    r = alice.delete(demo_server.url(f"/api/servers/{sid}/icon/"))
    assert r.status_code == 200 and r.json()["icon"] is None
    assert fetch(demo_server, second["icon"]).status_code == 404


@pytest.mark.parametrize("name,data,ctype", [
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "image/svg+xml"),
    ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/png"),
    ("x.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("x.png", b"<html><script>alert(1)</script></html>", "image/png"),
    ("x.png", b"", "image/png"),
    ("x.jpg", None, "image/jpeg"),           # a PNG named .jpg
    ("x.png", None, "image/jpeg"),           # a PNG declared as JPEG
    ("x.png", "truncated", "image/png"),
    ("x.jpg", "truncated-jpeg", "image/jpeg"),
    ("x.png", "bomb", "image/png"),
    ("x.bmp", "bmp", "image/bmp"),
])
def test_bad_uploads_are_400(demo_server, owned, name, data, ctype):
    alice, sid = owned
    if data is None:
        data = png_bytes(40, 40)
    elif data == "truncated":
        full = image_bytes("PNG", 400, 400, "RGB")
        data = full[: len(full) // 2]
    elif data == "truncated-jpeg":
        full = image_bytes("JPEG", 400, 400, quality=95)
        data = full[: len(full) // 2]
    elif data == "bomb":
        data = png_bomb(100000, 100000)
    elif data == "bmp":
        data = image_bytes("BMP", 20, 20)
    r = put(alice, demo_server, sid, "icon", name, data, ctype)
    assert r.status_code == 400, (name, r.status_code, r.text)
    assert list(r.json()) == ["file"] and isinstance(r.json()["file"], list)


def test_upload_limits_and_permissions(demo_server, owned):
    alice, sid = owned
    bob = demo_server.login("bob")
    assert put(bob, demo_server, sid, "icon", "a.png", png_bytes(10, 10),
               "image/png").status_code == 403
    assert put(alice, demo_server, 999999, "icon", "a.png", png_bytes(10, 10),
               "image/png").status_code == 404
    assert requests.put(demo_server.url(f"/api/servers/{sid}/icon/"),
                        files={"file": ("a.png", png_bytes(10, 10))}).status_code == 401
    big = png_bytes(10, 10) + b"\0" * (5 * 1024 * 1024 + 10)
    r = put(alice, demo_server, sid, "icon", "a.png", big, "image/png")
    assert r.status_code == 413
    huge = b"\0" * (9 * 1024 * 1024)
    r = put(alice, demo_server, sid, "icon", "a.png", huge, "image/png")
    assert r.status_code == 413
    r = alice.put(demo_server.url(f"/api/servers/{sid}/icon/"), json={"file": "x"})
    assert r.status_code == 415
    r = alice.put(demo_server.url(f"/api/servers/{sid}/icon/"),
                  files={"other": ("a.png", png_bytes(10, 10), "image/png")})
    assert r.status_code == 400 and "file" in r.json()
    r = alice.put(demo_server.url(f"/api/servers/{sid}/icon/"),
                  data=b"--xx\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
                  headers={"Content-Type": "multipart/form-data; boundary=xx"})
    assert r.status_code == 400 and "file" in r.json()


def test_media_files_are_not_guessable_and_listed_as_url_paths(demo_server, owned):
    alice, sid = owned
    r = put(alice, demo_server, sid, "banner", "b.png", png_bytes(300, 100), "image/png")
    banner = r.json()["banner"]
    assert len(pathlib.PurePosixPath(banner).stem.split("-", 1)[1]) >= 32
    listed = requests.get(demo_server.url(f"/api/server/select/?by_serverid={sid}")).json()[0]
    assert listed["banner"] == banner
