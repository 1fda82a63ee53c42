"""A raw RFC 6455 client for conformance tests: plain sockets, its own framing and masking,
so that it can send what no WebSocket library would (reserved bits, bad opcodes, unmasked or
malformed frames, text that is not UTF-8, fragments cut anywhere)."""
import base64
import hashlib
import os
import socket
import struct
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class Closed(Exception):
    """The server ended the TCP connection."""


class Frame:
    def __init__(self, fin, rsv, opcode, payload):
        self.fin, self.rsv, self.opcode, self.payload = fin, rsv, opcode, payload

    @property
    def close_code(self):
        assert self.opcode == CLOSE
        return struct.unpack("!H", self.payload[:2])[0] if len(self.payload) >= 2 else None

    def __repr__(self):
        return f"Frame(fin={self.fin}, rsv={self.rsv}, opcode={self.opcode:#x}, " \
               f"payload={self.payload[:60]!r}{'...' if len(self.payload) > 60 else ''})"


def frame_bytes(opcode, payload=b"", fin=True, rsv=0, mask=True, length=None):
    """One client frame. length overrides the encoded payload length (to lie about it)."""
    if isinstance(payload, str):
        payload = payload.encode()
    n = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    mask_bit = 0x80 if mask else 0
    if n < 126:
        head += bytes([mask_bit | n])
    elif n <= 0xFFFF:
        head += bytes([mask_bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    masked = bytes(b ^ key[i & 3] for i, b in enumerate(payload))
    return head + key + masked


class RawClient:
    def __init__(self, port, path, cookie, timeout=5):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   f"Sec-WebSocket-Version: 13\r\nCookie: {cookie}\r\n\r\n")
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Closed("closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        assert lines[0].startswith("HTTP/1.1 101"), head
        accept = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
        assert f"Sec-WebSocket-Accept: {accept}" in lines, head

    def close(self):
        self.sock.close()

    # ---------------------------------------------------------------- sending

    def send_raw(self, data, chunk=None, pause=0.0):
        """Bytes as they are, optionally in chunks of `chunk` bytes (each its own segment)."""
        if chunk is None:
            self.sock.sendall(data)
            return
        for i in range(0, len(data), chunk):
            self.sock.sendall(data[i:i + chunk])
            if pause:
                time.sleep(pause)

    def send(self, opcode, payload=b"", chunk=None, **kwargs):
        self.send_raw(frame_bytes(opcode, payload, **kwargs), chunk)

    # ---------------------------------------------------------------- receiving

    def _read(self, n, deadline):
        while len(self.buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"waited for {n} bytes, have {len(self.buffer)}")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise Closed(f"connection ended with {len(self.buffer)} bytes unread")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def recv_frame(self, timeout=5):
        """The next server frame (a server's own heartbeat pings are answered and skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            b0, b1 = self._read(2, deadline)
            assert not b1 & 0x80, "a server frame must not be masked"
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2, deadline))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8, deadline))[0]
            frame = Frame(bool(b0 & 0x80), (b0 >> 4) & 7, b0 & 0x0F, self._read(n, deadline))
            assert frame.rsv == 0, frame
            assert frame.fin, f"the server never fragments: {frame}"
            if frame.opcode == PING:
                self.send(PONG, frame.payload)
                continue
            return frame

    def expect_closed_connection(self, timeout=5):
        """After the close handshake the server ends the TCP connection."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                extra = self.recv_frame(max(0.01, deadline - time.monotonic()))
                raise AssertionError(f"frame after the close frame: {extra}")
        except Closed:
            return

    def expect_close(self, code, timeout=5, skip_text=False):
        """The server's close frame carries `code` (None: an empty close frame), and then the
        connection ends. Text frames before it are an error unless skip_text."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv_frame(max(0.01, deadline - time.monotonic()))
            if frame.opcode == TEXT and skip_text:
                continue
            assert frame.opcode == CLOSE, f"expected close {code}, got {frame}"
            assert frame.close_code == code, f"expected close {code}, got {frame.close_code}"
            if len(frame.payload) > 2:
                frame.payload[2:].decode("utf-8")  # a reason must be UTF-8 (raises otherwise)
            assert frame.close_code not in (1005, 1006, 1015), "forbidden on the wire"
            self.expect_closed_connection(max(0.01, deadline - time.monotonic()))
            return frame

    def expect_pong(self, payload, timeout=5, texts=None):
        """The pong for `payload`; text frames that arrive first go to `texts` if given."""
        if isinstance(payload, str):
            payload = payload.encode()
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv_frame(max(0.01, deadline - time.monotonic()))
            if frame.opcode == TEXT and texts is not None:
                texts.append(frame.payload)
                continue
            assert frame.opcode == PONG, f"expected a pong, got {frame}"
            assert frame.payload == payload, frame
            return

    def expect_alive(self, texts=None):
        """A ping answered with its own payload: the connection is open and every frame
        sent before the ping was read and accepted."""
        token = os.urandom(8).hex()
        self.send(PING, token)
        self.expect_pong(token, texts=texts)

    def expect_silence(self, seconds=0.3):
        try:
            frame = self.recv_frame(seconds)
            raise AssertionError(f"unexpected frame {frame}")
        except TimeoutError:
            pass
