#!/usr/bin/python3
"""Writes the seed inputs of every harness into corpus/<harness>/seed-*: small valid and
invalid examples of each format. Run once; libFuzzer adds what it finds next to them (kept
small with `make fuzz`, which merges)."""
import base64
import hashlib
import hmac
import json
import os
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
JWT_KEY = b"fuzzing-key-0123456789abcdef0123456789abcdef"  # as in jwt_fuzz.cpp


def write(harness, name, data):
    d = HERE / "corpus" / harness
    d.mkdir(parents=True, exist_ok=True)
    (d / f"seed-{name}").write_bytes(data if isinstance(data, bytes) else data.encode())


def client_frame(opcode, payload=b"", fin=True, rsv=0):
    head = bytes([(0x80 if fin else 0) | rsv << 4 | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    key = b"\x11\x22\x33\x44"
    return head + key + bytes(b ^ key[i & 3] for i, b in enumerate(payload))


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# ---------------------------------------------------------------- http_request
get = b"GET /api/servers/1/ HTTP/1.1\r\nHost: localhost\r\nCookie: access_token=abc; x=1\r\n\r\n"
write("http_request", "get", b"\x00" + get)
write("http_request", "get-chunked-reads", b"\x07" + get)
write("http_request", "pipelined", b"\x00" + get + b"POST /api/token/ HTTP/1.1\r\nHost: a\r\n"
      b"Content-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"a\":\"b\"}\r\n\r\n")
write("http_request", "chunked-body", b"\x00POST /api/token/ HTTP/1.1\r\nHost: a\r\n"
      b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
write("http_request", "upgrade", b"\x00GET /ws/1/2?after=5 HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
      b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      b"Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:5173\r\n\r\n")
write("http_request", "preflight", b"\x00OPTIONS /api/servers/1/ HTTP/1.1\r\nHost: a\r\n"
      b"Origin: https://chat.example\r\nAccess-Control-Request-Method: PATCH\r\n\r\n")
write("http_request", "static", b"\x00GET /assets/app%2E.js?v=1 HTTP/1.0\r\n\r\n")
write("http_request", "traversal", b"\x00GET /media/..%2f..%2fetc/passwd HTTP/1.1\r\nHost: a\r\n\r\n")
write("http_request", "bad-version", b"\x00GET / HTTP/9.9\r\n\r\n")
write("http_request", "bad-length", b"\x00POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
write("http_request", "too-big", b"\x00POST /api/token/ HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n")

# ---------------------------------------------------------------- cookies
write("cookies", "simple", "access_token\naccess_token=abc; refresh_token=def")
write("cookies", "quoted", 'sid\n a=1 ;sid="quoted=value"; b')
write("cookies", "no-pairs", "x\n;;;=;x;=x")
write("cookies", "bearer", "t\nBearer eyJhbGciOiJIUzI1NiJ9.e30.abc")
write("cookies", "empty", "")

# ---------------------------------------------------------------- multipart
body = ("--XyZ\r\nContent-Disposition: form-data; name=\"icon\"; filename=\"a \\\"b\\\".png\"\r\n"
        "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ\r\nContent-Disposition: form-data; "
        "name=name\r\n\r\nJazz\r\n--XyZ--\r\n")
write("multipart", "two-parts", "multipart/form-data; boundary=XyZ\n" + body)
write("multipart", "quoted-boundary", 'multipart/form-data; boundary="a b"\n--a b\r\n'
      'Content-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--')
write("multipart", "preamble", "multipart/form-data; boundary=B\npreamble\r\n--B\r\n\r\n\r\n--B--")
write("multipart", "truncated", "multipart/form-data; boundary=B\n--B\r\nContent-Disposition: form")
write("multipart", "not-multipart", "application/json\n{}")

# ---------------------------------------------------------------- jwt
header = json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode()
claims = {"token_type": "access", "exp": 1700000300, "iat": 1700000000, "jti": "0123abcd",
          "user_id": 1, "sid": 7}
payload = json.dumps(claims, separators=(",", ":")).encode()
signing = f"{b64(header)}.{b64(payload)}".encode()
token = signing + b"." + b64(hmac.new(JWT_KEY, signing, hashlib.sha256).digest()).encode()
write("jwt", "valid-token", b"T" + token)
write("jwt", "bad-signature", b"T" + token[:-2] + b"AA")
alg_none = b64(b'{"alg":"none"}')
write("jwt", "alg-none", b"T" + f"{alg_none}.{b64(payload)}.".encode())
write("jwt", "signed-access", b"S" + header + b"\n" + payload)
write("jwt", "signed-refresh-expired", b"S" + header + b"\n" + json.dumps(
    {**claims, "token_type": "refresh", "exp": 1}).encode())
write("jwt", "signed-crit", b"S" + b'{"alg":"HS256","crit":["x"]}\n' + payload)
write("jwt", "signed-big-numbers", b"S" + header + b"\n" + json.dumps(
    {**claims, "exp": 9223372036854775807, "user_id": 18446744073709551615}).encode())
write("jwt", "not-a-token", b"Tnot.a.token")

# ---------------------------------------------------------------- ws_frames (first byte: read size)
msg = json.dumps({"type": "message", "message": "hi κόσμε", "nonce": "n-1"}, ensure_ascii=False).encode()
write("ws_frames", "text", b"\x00" + client_frame(1, msg))
write("ws_frames", "fragmented-split-code-point", b"\x03" + client_frame(1, msg[:31], fin=False)
      + client_frame(9, b"ping") + client_frame(0, msg[31:]))
write("ws_frames", "invalid-utf8-fragment", b"\x00" + client_frame(1, "κόσμε".encode(), fin=False)
      + client_frame(0, b"\xf4\x90\x80\x80", fin=False) + client_frame(0, b"edited"))
write("ws_frames", "close-valid", b"\x00" + client_frame(8, struct.pack("!H", 1000) + b"bye"))
write("ws_frames", "close-bad-code", b"\x00" + client_frame(8, struct.pack("!H", 1005)))
write("ws_frames", "close-one-byte", b"\x00" + client_frame(8, b"\x03"))
write("ws_frames", "reserved-bits", b"\x00" + client_frame(1, b"x", rsv=1))
write("ws_frames", "long-16", b"\x05" + client_frame(2, b"\xff" * 300))
write("ws_frames", "long-64", b"\x00" + client_frame(1, b"a" * 65536))
write("ws_frames", "continuation-alone", b"\x00" + client_frame(0, b"x"))
write("ws_frames", "unmasked", b"\x00\x81\x02hi")

# ---------------------------------------------------------------- chat_frame
for name, frame in {
    "message": {"type": "message", "message": "hello", "nonce": "abc"},
    "message-int-nonce": {"type": "message", "message": "x", "nonce": 42},
    "typing": {"type": "typing"},
    "original": {"message": "hi"},
    "bad-nonce": {"type": "message", "message": "x", "nonce": [1]},
    "unknown": {"type": "dance"},
}.items():
    write("chat_frame", name, json.dumps(frame))
write("chat_frame", "not-an-object", "[1,2,3]")
write("chat_frame", "not-json", "hello")

# ---------------------------------------------------------------- upload
upload = ("--U\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
          "Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n--U--\r\n")
write("upload", "png", "multipart/form-data; boundary=U\n" + upload)
write("upload", "html-as-png", "multipart/form-data; boundary=U\n" + upload.replace(
    "\x89PNG\r\n\x1a\n", "<!DOCTYPE html><html></html>"))
write("upload", "escaped-name", "multipart/form-data; boundary=U\n" + upload.replace(
    "a.png", "..%2F%22x%0A.png"))
write("upload", "two-files", "multipart/form-data; boundary=U\n" + upload.replace("--U--", "--U") +
      upload[4:])
write("upload", "name-only", "bad\u202ename/..\\.txt")
write("upload", "truncated", "multipart/form-data; boundary=U\n--U\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t\"\r\n\r\nabc")

# ---------------------------------------------------------------- fixture_loader
fixture = {
    "users": [{"username": "fuzzer", "password": "fuzzer-pass-1"}],
    "categories": [{"name": "Games", "description": "about games"}],
    "servers": [{"name": "Arcade", "category": "Games", "owner": "fuzzer", "members": ["fuzzer"],
                 "description": "d", "channels": [{"name": "general", "topic": "t"}, {"name": "scores", "topic": "high"}]}],
    "messages": [{"server": "Arcade", "channel": "general", "sender": "fuzzer", "content": "hi"}],
}
write("fixture_loader", "small", json.dumps(fixture))
write("fixture_loader", "empty-lists", json.dumps({"users": [], "categories": [], "servers": [],
                                                   "messages": []}))
write("fixture_loader", "unknown-owner", json.dumps({**fixture, "users": []}))
write("fixture_loader", "bad-json", '{"users": [')
write("fixture_loader", "not-object", "[]")

# ---------------------------------------------------------------- emoji
for name, text in [("thumbs", "\U0001F44D"), ("heart-no-vs", "\u2764"), ("heart-vs", "\u2764\ufe0f"),
                   ("flag", "\U0001F1EB\U0001F1F7"), ("keycap", "#\ufe0f\u20e3"), ("digit", "1"),
                   ("skin-tone", "\U0001F44D\U0001F3FD"),
                   ("zwj-family", "\U0001F468\u200d\U0001F469\u200d\U0001F467"),
                   ("two", "\U0001F44D\U0001F44D"), ("text", "ok"), ("lone-ri", "\U0001F1EB")]:
    write("emoji", name, text)
write("emoji", "surrogate", b"\xed\xa0\x80")
write("emoji", "overlong", b"\xc0\xaf")

# ---------------------------------------------------------------- mentions
write("mentions", "user", "hi <@42> and <@7>, again <@42>")
write("mentions", "everyone", "@everyone look")
write("mentions", "here-in-word", "mail@here.org")
write("mentions", "huge-id", "<@99999999999999999999999>")
write("mentions", "zero", "<@0> <@-1> <@ 5>")
write("mentions", "unclosed", "<@123")

# ---------------------------------------------------------------- django_time
for name, text in [("sqlite", "2023-04-05 06:07:08.123456"), ("no-fraction", "2023-04-05 06:07:08"),
                   ("iso-z", "2023-04-05T06:07:08Z"), ("offset", "2023-04-05T06:07:08.5+05:30"),
                   ("leap", "2024-02-29 00:00:00"), ("not-leap", "2023-02-29 00:00:00"),
                   ("year-1", "0001-01-01 00:00:00-23:59"), ("year-9999", "9999-12-31T23:59:59.999999+00:00"),
                   ("long-fraction", "2023-04-05 06:07:08.1234567890123"), ("garbage", "yesterday")]:
    write("django_time", name, text)

# ---------------------------------------------------------------- iso8601
for name, text in [("api", "2026-11-28T09:50:12.345678Z"), ("space", "2026-11-28 09:50:12"),
                   ("offset", "2026-11-28T09:50:12+05:30"), ("offset-no-colon", "2026-11-28T09:50:12-0800"),
                   ("lower-z", "2026-11-28T09:50:12.5z"), ("feb-30", "2026-02-30T00:00:00Z"),
                   ("hour-24", "2026-11-28T24:00:00Z"), ("epoch-west", "1970-01-01T00:00:00+23:59"),
                   ("year-9999", "9999-12-31T23:59:59.999999-23:59"), ("empty-fraction", "2026-11-28T09:50:12.Z"),
                   ("long-fraction", "2026-11-28T09:50:12.123456789012345678Z"), ("garbage", "tomorrow")]:
    write("iso8601", name, text)

# ---------------------------------------------------------------- audit_reason
for name, text in [("plain", "spamming invites"), ("encoded", "spam%20%E2%80%94%20again"),
                   ("korean", "%EC%8A%A4%ED%8C%B8"), ("bad-utf8", "%C3%28"), ("bad-escape", "100%"),
                   ("half-escape", "%E2%80"), ("blank", "%20%09"), ("long", "x" * 513), ("nul", "a%00b")]:
    write("audit_reason", name, text)
