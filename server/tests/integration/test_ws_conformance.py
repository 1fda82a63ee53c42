"""RFC 6455 conformance of both chat socket paths and the gateway, walking the Autobahn|Testsuite's sections
1-7 and 9 in spirit with a raw client (ws_raw_client.py): framing, pings and pongs, reserved
bits, opcodes, fragmentation, UTF-8 (including invalid sequences split across fragments and
inside a code point, detected on the first bad fragment), close handling, and limits at this
server's 64 KiB message limit. Every case asserts the exact close code or the echo.

The server is a chat server, not an echo server: a text message is "echoed" when it is a chat
message ({"message": ...}) that comes back as the chat.message event, and a frame is
"accepted" when a ping sent after it is answered (the server reads in order). Non-JSON text is
answered with a bad_frame error on /ws/ and the gateway, and ignored on the original path."""
import json
import os
import shutil
import struct
import tempfile
import time

import pytest
import requests

from conftest import ParleyServer, load_demo
from realtime_helpers import channel_ids
from ws_raw_client import (BINARY, CLOSE, CONTINUATION, PING, PONG, TEXT, Closed, RawClient,
                           frame_bytes)

LIMIT = 64 * 1024  # the server's frame and message limit (SessionLimits::max_frame_bytes)


@pytest.fixture(scope="module")
def server():
    data_dir = tempfile.mkdtemp(prefix="parley-conformance-")
    load_demo(data_dir)
    # Many messages in a short time: the per-user rate limit is not what is tested here.
    server = ParleyServer(data_dir, ["--log-level", "warn", "--message-rate", "10000",
                                     "--message-burst", "10000"]).start()
    yield server
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cookie(server):
    r = requests.post(server.url("/api/token/"),
                      json={"username": "alice", "password": "alice-demo-pass-1"})
    assert r.status_code == 200, r.text
    return f"access_token={r.cookies['access_token']}"


@pytest.fixture(params=["parley", "original", "gateway"])
def protocol(request):
    return request.param


# The channel every chat message goes to. Channel sockets ignore the key; the gateway needs it.
CHANNEL = {"id": None}


@pytest.fixture
def connect(server, cookie, protocol):
    s, c = channel_ids(server, "Retro Arcade", "general")
    CHANNEL["id"] = c
    path = {"parley": f"/ws/{s}/{c}", "original": f"/{s}/{c}", "gateway": "/ws/gateway"}[protocol]
    clients = []

    def make():
        client = RawClient(server.port, path, cookie)
        clients.append(client)
        if protocol == "gateway":  # its first frame is ready; the cases start after it
            ready = json.loads(client.recv_frame(10).payload.decode("utf-8"))
            assert ready["type"] == "ready", ready
        return client

    yield make
    for client in clients:
        client.close()


def chat_json(text, size=None):
    """A chat message frame's payload; padded with JSON whitespace to exactly size bytes."""
    payload = json.dumps({"type": "message", "channel_id": CHANNEL["id"], "message": text},
                         ensure_ascii=False).encode()
    if size is not None:
        assert size >= len(payload)
        payload += b" " * (size - len(payload))
    return payload


def expect_echo(client, text, timeout=5):
    """The chat.message event of `text` (other events of the channel are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        frame = client.recv_frame(max(0.01, deadline - time.monotonic()))
        assert frame.opcode == TEXT, f"expected the echo, got {frame}"
        event = json.loads(frame.payload.decode("utf-8"))
        if event.get("type") == "chat.message" and event["new_message"]["content"] == text:
            return event


def expect_accepted_non_chat(client, protocol):
    """A frame that is not a chat message was read and refused politely: /ws/ answers a
    bad_frame error, the original path nothing; the connection stays open."""
    texts = []
    client.expect_alive(texts)
    if protocol in ("parley", "gateway"):
        assert len(texts) == 1, texts
        assert json.loads(texts[0])["code"] == "bad_frame", texts
    else:
        assert texts == []


def unique(label):
    return f"{label} {os.urandom(4).hex()}"


# ================================================================ 1. framing

@pytest.mark.parametrize("size", [70, 125, 126, 127, 128, 65535, LIMIT])
def test_1_1_text_messages_of_every_length_encoding(connect, size):
    client = connect()
    text = unique("1.1")
    client.send(TEXT, chat_json(text, size))
    expect_echo(client, text)


@pytest.mark.parametrize("chunk", [1, 997])
def test_1_1_8_text_message_in_small_tcp_chunks(connect, chunk):
    client = connect()
    text = unique("1.1.8")
    size = 4096 if chunk == 1 else LIMIT
    client.send(TEXT, chat_json(text, size), chunk=chunk)
    expect_echo(client, text, timeout=20)


def test_1_1_empty_text_frame(connect, protocol):
    client = connect()
    client.send(TEXT, b"")
    expect_accepted_non_chat(client, protocol)


@pytest.mark.parametrize("size", [0, 125, 126, 65535, LIMIT])
def test_1_2_binary_messages_are_read_and_refused(connect, protocol, size):
    client = connect()
    client.send(BINARY, os.urandom(size))
    expect_accepted_non_chat(client, protocol)


def test_1_unmasked_client_frame_is_a_protocol_error(connect):
    client = connect()
    client.send(TEXT, chat_json("unmasked"), mask=False)
    client.expect_close(1002)


def test_1_64_bit_length_with_top_bit_is_a_protocol_error(connect):
    client = connect()
    client.send_raw(bytes([0x81, 0x80 | 127]) + struct.pack("!Q", 1 << 63) + os.urandom(4))
    client.expect_close(1002)


# ================================================================ 2. pings and pongs

@pytest.mark.parametrize("payload", [b"", b"Hello, world!", bytes(range(256))[:125],
                                     b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff"])
def test_2_1_to_2_4_ping_is_answered_with_its_payload(connect, payload):
    client = connect()
    client.send(PING, payload)
    client.expect_pong(payload)


def test_2_5_ping_over_125_bytes_is_a_protocol_error(connect):
    client = connect()
    client.send(PING, b"*" * 126)
    client.expect_close(1002)


def test_2_6_ping_sent_a_byte_at_a_time(connect):
    client = connect()
    client.send(PING, b"*" * 125, chunk=1)
    client.expect_pong(b"*" * 125)


@pytest.mark.parametrize("payload", [b"", b"unsolicited pong payload"])
def test_2_7_2_8_unsolicited_pong_is_ignored(connect, payload):
    client = connect()
    client.send(PONG, payload)
    client.expect_alive()


def test_2_9_pong_then_ping(connect):
    client = connect()
    client.send(PONG, b"unsolicited")
    client.send(PING, b"ping payload")
    client.expect_pong(b"ping payload")


@pytest.mark.parametrize("chunk", [None, 1])
def test_2_10_2_11_ten_pings_are_answered_in_order(connect, chunk):
    client = connect()
    data = b"".join(frame_bytes(PING, f"payload-{i}") for i in range(10))
    client.send_raw(data, chunk=chunk)
    for i in range(10):
        client.expect_pong(f"payload-{i}")


# ================================================================ 3. reserved bits

@pytest.mark.parametrize("rsv", [1, 2, 3, 4, 5, 6, 7])
@pytest.mark.parametrize("opcode", [TEXT, BINARY, PING, CLOSE])
def test_3_reserved_bits_are_a_protocol_error(connect, rsv, opcode):
    client = connect()
    payload = struct.pack("!H", 1000) if opcode == CLOSE else b"reserved"
    client.send(opcode, payload, rsv=rsv)
    client.expect_close(1002)


def test_3_2_reserved_bits_after_a_good_message(connect):
    # The chat "echo" is the broadcast after the message is stored, so it may come after the
    # close: an observer on the channel sees that the good message was taken.
    observer, client = connect(), connect()
    text = unique("3.2")
    client.send(TEXT, chat_json(text))
    client.send(TEXT, chat_json("never read"), rsv=2)
    client.send(PING, b"never answered")
    client.expect_close(1002, skip_text=True)
    expect_echo(observer, text)


# ================================================================ 4. opcodes

@pytest.mark.parametrize("opcode", [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF])
def test_4_reserved_opcodes_are_a_protocol_error(connect, opcode):
    client = connect()
    client.send(opcode, b"reserved opcode")
    client.expect_close(1002)


@pytest.mark.parametrize("opcode", [5, 0xD])
def test_4_1_3_reserved_opcode_after_a_good_message(connect, opcode):
    observer, client = connect(), connect()
    text = unique("4.x.3")
    client.send_raw(frame_bytes(TEXT, chat_json(text)) + frame_bytes(opcode, b"x") +
                    frame_bytes(PING, b"never answered"))
    client.expect_close(1002, skip_text=True)
    expect_echo(observer, text)


# ================================================================ 5. fragmentation

@pytest.mark.parametrize("opcode", [PING, PONG])
def test_5_1_5_2_fragmented_control_frames_are_a_protocol_error(connect, opcode):
    client = connect()
    client.send(opcode, b"frag", fin=False)
    client.send(CONTINUATION, b"ment", fin=True)
    client.expect_close(1002)


@pytest.mark.parametrize("chunk", [None, 1])
def test_5_3_5_4_text_message_in_two_fragments(connect, chunk):
    client = connect()
    text = unique("5.3")
    payload = chat_json(text)
    data = frame_bytes(TEXT, payload[:10], fin=False) + frame_bytes(CONTINUATION, payload[10:])
    client.send_raw(data, chunk=chunk)
    expect_echo(client, text)


@pytest.mark.parametrize("chunk", [None, 1])
def test_5_6_to_5_8_ping_between_fragments(connect, chunk):
    client = connect()
    text = unique("5.6")
    payload = chat_json(text)
    data = (frame_bytes(TEXT, payload[:7], fin=False) + frame_bytes(PING, b"between") +
            frame_bytes(CONTINUATION, payload[7:]))
    client.send_raw(data, chunk=chunk)
    client.expect_pong(b"between")  # answered before the message is complete
    expect_echo(client, text)


def test_5_19_5_20_pings_between_fragments_sent_apart(connect):
    client = connect()
    text = unique("5.19")
    payload = chat_json(text)
    parts = [payload[i:i + 8] for i in range(0, len(payload), 8)]
    client.send(TEXT, parts[0], fin=False)
    for i, part in enumerate(parts[1:]):
        client.send(PING, f"pong-{i}")
        client.expect_pong(f"pong-{i}")
        client.send(CONTINUATION, part, fin=i == len(parts) - 2)
    expect_echo(client, text)


@pytest.mark.parametrize("fin", [True, False])
def test_5_9_to_5_14_continuation_without_a_start(connect, fin):
    client = connect()
    client.send(CONTINUATION, chat_json("orphan"), fin=fin)
    client.expect_close(1002)


def test_5_15_continuation_after_a_finished_message(connect):
    observer, client = connect(), connect()
    text = unique("5.15")
    payload = chat_json(text)
    client.send_raw(frame_bytes(TEXT, payload[:5], fin=False) +
                    frame_bytes(CONTINUATION, payload[5:]) +
                    frame_bytes(CONTINUATION, b"fragment3", fin=False) +
                    frame_bytes(CONTINUATION, b"fragment4"))
    client.expect_close(1002, skip_text=True)
    expect_echo(observer, text)


@pytest.mark.parametrize("second", [TEXT, BINARY])
def test_5_18_new_data_frame_during_a_fragmented_message(connect, second):
    client = connect()
    client.send(TEXT, b'{"type":', fin=False)
    client.send(second, b"interleaved")
    client.expect_close(1002)


def test_5_fragmented_binary_message_is_read_and_refused(connect, protocol):
    client = connect()
    client.send(BINARY, b"\x00\x01", fin=False)
    client.send(CONTINUATION, b"\x02\x03", fin=False)
    client.send(CONTINUATION, b"\x04")
    expect_accepted_non_chat(client, protocol)


# ================================================================ 6. UTF-8

KOSME = "κόσμε".encode()  # \xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5

VALID = {
    "ascii": b"Hello, world",
    "autobahn_6_2": "Hello-µ@ßöäüàá-UTF-8!!".encode(),
    "kosme": KOSME,
    "first_of_each_length": b"\x00" + b"\xc2\x80" + b"\xe0\xa0\x80" + b"\xf0\x90\x80\x80",
    "last_of_each_length": b"\x7f" + b"\xdf\xbf" + b"\xef\xbf\xbf" + b"\xf4\x8f\xbf\xbf",
    "around_surrogates": b"\xed\x9f\xbf" + b"\xee\x80\x80",
    "non_characters": b"\xef\xbf\xbe\xef\xbf\xbf" + b"\xf0\x9f\xbf\xbe",
    "emoji": "😀 🎉 👩‍💻".encode(),
    "replacement_char": b"\xef\xbf\xbd",
}

INVALID = {
    "kosme_then_surrogate": KOSME + b"\xed\xa0\x80" + b"edited",
    "above_10ffff": KOSME + b"\xf4\x90\x80\x80" + b"edited",
    "five_byte": b"\xf8\x88\x80\x80\x80",
    "six_byte": b"\xfc\x84\x80\x80\x80\x80",
    "lone_continuation_80": b"\x80",
    "lone_continuation_bf": b"\xbf",
    "continuations_in_a_row": bytes(range(0x80, 0xC0)),
    "lonely_start_2": b"\xc0 \xc1 \xdf ",
    "lonely_start_3": b"\xe0 \xef ",
    "lonely_start_4": b"\xf0 \xf7 ",
    "last_byte_missing_2": b"\xc2",
    "last_byte_missing_3": b"\xe0\xa0",
    "last_byte_missing_4": b"\xf0\x90\x80",
    "impossible_fe": b"\xfe",
    "impossible_ff": b"\xff",
    "impossible_fefeffff": b"\xfe\xfe\xff\xff",
    "overlong_slash_2": b"\xc0\xaf",
    "overlong_slash_3": b"\xe0\x80\xaf",
    "overlong_slash_4": b"\xf0\x80\x80\xaf",
    "max_overlong_2": b"\xc1\xbf",
    "max_overlong_3": b"\xe0\x9f\xbf",
    "max_overlong_4": b"\xf0\x8f\xbf\xbf",
    "overlong_nul": b"\xc0\x80",
    "surrogate_d800": b"\xed\xa0\x80",
    "surrogate_dfff": b"\xed\xbf\xbf",
    "surrogate_pair": b"\xed\xa0\x80\xed\xb0\x80",
    "ascii_then_bad": b"abcdefghijklmnop\xe2\x82",
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_6_valid_utf8_whole_and_split_at_every_byte_is_accepted(connect, protocol, name):
    client = connect()
    text = VALID[name]
    client.send(TEXT, text)
    expect_accepted_non_chat(client, protocol)
    # Every byte its own fragment: code points split across fragments are fine.
    for i, byte in enumerate(text):
        opcode = TEXT if i == 0 else CONTINUATION
        client.send(opcode, bytes([byte]), fin=i == len(text) - 1)
    expect_accepted_non_chat(client, protocol)


@pytest.mark.parametrize("name", ["autobahn_6_2", "kosme", "emoji", "last_of_each_length"])
def test_6_2_valid_utf8_chat_message_split_inside_code_points_is_echoed(connect, name):
    client = connect()
    text = VALID[name].decode() + unique("")
    if name == "last_of_each_length":
        text = text[1:]  # U+007F is fine in JSON, but keep the message printable
    payload = chat_json(text)
    fragments = [payload[i:i + 1] for i in range(len(payload))]
    for i, fragment in enumerate(fragments):
        client.send(TEXT if i == 0 else CONTINUATION, fragment, fin=i == len(fragments) - 1)
    expect_echo(client, text)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_6_invalid_utf8_in_one_frame_is_1007(connect, name):
    client = connect()
    client.send(TEXT, INVALID[name])
    client.expect_close(1007)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_6_invalid_utf8_a_byte_per_fragment_is_1007(connect, name):
    client = connect()
    text = INVALID[name]
    data = b"".join(frame_bytes(TEXT if i == 0 else CONTINUATION, bytes([b]),
                                fin=i == len(text) - 1) for i, b in enumerate(text))
    client.send_raw(data)
    client.expect_close(1007)


def test_6_invalid_utf8_inside_a_json_chat_message_is_1007(connect):
    client = connect()
    client.send(TEXT, b'{"type":"message","message":"bad \xed\xa0\x80 surrogate"}')
    client.expect_close(1007)


def test_6_4_1_fails_fast_on_the_fragment_that_makes_the_text_invalid(connect):
    client = connect()
    client.send(TEXT, KOSME, fin=False)
    client.send(CONTINUATION, b"\xf4\x90\x80\x80", fin=False)
    # The close comes now, before the last fragment is even sent.
    client.expect_close(1007, timeout=2)


def test_6_4_2_fails_fast_inside_a_code_point_split_across_fragments(connect):
    client = connect()
    client.send(TEXT, KOSME + b"\xf4", fin=False)  # F4 could still start U+10xxxx
    client.expect_silence(0.3)
    client.send(CONTINUATION, b"\x90", fin=False)  # F4 90: above U+10FFFF
    client.expect_close(1007, timeout=2)


@pytest.mark.parametrize("split", [len(KOSME) + 2, len(KOSME) + 4])
def test_6_4_3_6_4_4_fails_fast_inside_one_frame_still_arriving(connect, split):
    client = connect()
    data = frame_bytes(TEXT, KOSME + b"\xf4\x90\x80\x80" + b"edited")
    head = 6  # 2 + masking key
    client.send_raw(data[:head + split])
    # The frame is not complete, but its text can no longer be UTF-8: closed right away.
    client.expect_close(1007, timeout=2)


def test_6_message_ending_inside_a_code_point_is_1007(connect):
    client = connect()
    client.send(TEXT, b"abc\xe2\x82", fin=False)
    client.expect_silence(0.2)
    client.send(CONTINUATION, b"", fin=True)
    client.expect_close(1007)


def test_6_invalid_second_message_after_a_valid_one(connect):
    client = connect()
    text = unique("6.x")
    client.send(TEXT, chat_json(text))
    expect_echo(client, text)
    client.send(TEXT, b"\xce\xba\xe1", fin=False)
    client.send(CONTINUATION, b"\xbd", fin=False)  # fine so far: E1 BD needs one more byte
    client.expect_silence(0.2)
    client.send(CONTINUATION, b"\xb9\xc0", fin=True)
    client.expect_close(1007)


# ================================================================ 7. close handling

def test_7_1_1_message_then_clean_close(connect):
    client = connect()
    text = unique("7.1.1")
    client.send(TEXT, chat_json(text))
    expect_echo(client, text)
    client.send(CLOSE, struct.pack("!H", 1000))
    client.expect_close(1000)


@pytest.mark.parametrize("after", [
    frame_bytes(CLOSE, struct.pack("!H", 1000)),
    frame_bytes(PING, b"after close"),
    frame_bytes(TEXT, chat_json("after close")),
    frame_bytes(TEXT, b"\xff"),  # not even read: no 1007
])
def test_7_1_2_to_7_1_4_nothing_after_a_close_is_answered(connect, after):
    client = connect()
    client.send_raw(frame_bytes(CLOSE, struct.pack("!H", 1000)) + after)
    client.expect_close(1000)


def test_7_1_5_close_in_the_middle_of_a_fragmented_message(connect):
    client = connect()
    client.send(TEXT, b'{"type":"message",', fin=False)
    client.send(CLOSE, struct.pack("!H", 1000))
    client.send(CONTINUATION, b'"message":"never"}')
    client.expect_close(1000)


def test_7_1_6_close_after_many_messages(connect):
    client = connect()
    texts = [unique(f"7.1.6 #{i}") for i in range(50)]
    client.send_raw(b"".join(frame_bytes(TEXT, chat_json(t)) for t in texts))
    for t in texts:
        expect_echo(client, t)
    client.send(CLOSE, struct.pack("!H", 1000))
    client.expect_close(1000)


def test_7_3_1_empty_close_is_answered_with_an_empty_close(connect):
    client = connect()
    client.send(CLOSE, b"")
    frame = client.expect_close(None)
    assert frame.payload == b""


def test_7_3_2_one_byte_close_payload_is_a_protocol_error(connect):
    client = connect()
    client.send(CLOSE, b"\x03")
    client.expect_close(1002)


@pytest.mark.parametrize("reason", [b"", b"Hello World!", "bye κόσμε".encode(), b"*" * 123])
def test_7_3_3_to_7_3_5_close_is_echoed_with_its_reason(connect, reason):
    client = connect()
    client.send(CLOSE, struct.pack("!H", 1000) + reason)
    frame = client.expect_close(1000)
    assert frame.payload[2:] == reason


def test_7_3_6_close_payload_over_125_bytes_is_a_protocol_error(connect):
    client = connect()
    client.send(CLOSE, struct.pack("!H", 1000) + b"*" * 124)
    client.expect_close(1002)


@pytest.mark.parametrize("reason", [KOSME + b"\xed\xa0\x80edited", b"\xff", b"cut \xe2\x82"])
def test_7_5_1_close_reason_that_is_not_utf8_is_a_protocol_error(connect, reason):
    client = connect()
    client.send(CLOSE, struct.pack("!H", 1000) + reason)
    client.expect_close(1002)


@pytest.mark.parametrize("code", [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012,
                                  1013, 1014, 3000, 3999, 4000, 4999])
def test_7_7_valid_close_codes_are_echoed(connect, code):
    client = connect()
    client.send(CLOSE, struct.pack("!H", code))
    client.expect_close(code)


@pytest.mark.parametrize("code", [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999,
                                  5000, 65535])
def test_7_9_invalid_close_codes_fail_the_connection(connect, code):
    client = connect()
    client.send(CLOSE, struct.pack("!H", code))
    client.expect_close(1002)


# ================================================================ 9. limits (64 KiB)

def test_9_1_text_message_at_the_limit_in_one_frame(connect):
    client = connect()
    text = unique("9.1")
    client.send(TEXT, chat_json(text, LIMIT))
    expect_echo(client, text)


@pytest.mark.parametrize("opcode", [TEXT, BINARY])
def test_9_1_frame_over_the_limit_is_1009(connect, opcode):
    client = connect()
    client.send(opcode, b" " * (LIMIT + 1))
    client.expect_close(1009)


def test_9_1_oversized_frame_is_refused_from_its_header(connect):
    client = connect()
    # Only the header of a 16 MiB frame: the server must not wait for the payload.
    client.send_raw(frame_bytes(TEXT, b"", length=16 << 20)[:14])
    client.expect_close(1009)


@pytest.mark.parametrize("fragment", [64, 1024, 16 * 1024])
def test_9_2_fragmented_message_at_the_limit(connect, fragment):
    client = connect()
    text = unique("9.2")
    payload = chat_json(text, LIMIT)
    parts = [payload[i:i + fragment] for i in range(0, len(payload), fragment)]
    data = b"".join(frame_bytes(TEXT if i == 0 else CONTINUATION, part, fin=i == len(parts) - 1)
                    for i, part in enumerate(parts))
    client.send_raw(data)
    expect_echo(client, text, timeout=20)


def test_9_2_fragmented_message_over_the_limit_is_1009(connect):
    client = connect()
    payload = chat_json("over", LIMIT + 1)
    half = len(payload) // 2
    client.send(TEXT, payload[:half], fin=False)
    client.send(CONTINUATION, payload[half:])
    client.expect_close(1009)


@pytest.mark.parametrize("chunk", [64, 4096, 65536])
def test_9_5_9_6_message_at_the_limit_in_tcp_chunks(connect, chunk):
    client = connect()
    text = unique("9.5")
    client.send(TEXT, chat_json(text, LIMIT), chunk=chunk)
    expect_echo(client, text, timeout=20)


def test_9_7_many_small_messages_in_one_write(connect):
    client = connect()
    texts = [unique(f"9.7 #{i}") for i in range(200)]
    client.send_raw(b"".join(frame_bytes(TEXT, chat_json(t)) for t in texts))
    for t in texts:
        expect_echo(client, t)


def test_9_8_many_pings_in_one_write(connect):
    client = connect()
    client.send_raw(b"".join(frame_bytes(PING, f"{i}") for i in range(1000)))
    for i in range(1000):
        client.expect_pong(f"{i}")
