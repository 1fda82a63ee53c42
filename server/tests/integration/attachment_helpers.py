"""Images made with PIL and uploads for the attachment tests (SPEC §12)."""
import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt, width=64, height=48, exif=None, **save):
    buf = io.BytesIO()
    image = Image.new("RGB", (width, height), (30, 120, 200))
    if exif is not None:
        save["exif"] = exif
    image.save(buf, fmt, **save)
    return buf.getvalue()


def camera_exif(model="ParleyCam 9000"):
    exif = Image.Exif()
    exif[0x0110] = model        # Model
    exif[0x010F] = "Leaky Optics"  # Make
    return exif


def png_bomb(width, height):
    """A valid PNG header claiming a huge canvas, with a tiny compressed body."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def upload(user, channel_id, name, data, ctype="application/octet-stream"):
    return user.post(f"/api/channels/{channel_id}/attachments/",
                     files={"file": (name, data, ctype)})


def uploaded(user, channel_id, name, data, ctype="application/octet-stream"):
    r = upload(user, channel_id, name, data, ctype)
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()


def stored_files(server):
    """Every blob file under the data dir's attachment store (not the spool)."""
    import pathlib
    root = pathlib.Path(server.data_dir) / "attachments"
    return sorted(p for p in root.rglob("*") if p.is_file() and "spool" not in p.parts)
