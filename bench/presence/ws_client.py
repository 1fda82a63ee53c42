"""A small RFC 6455 client on asyncio streams, enough for gateway load: the handshake, masked
text frames out, pongs to pings, and a callback per text frame in (the payload is not decoded
unless the callback does it, so that thousands of sockets cost little client CPU)."""
import asyncio
import base64
import os
import struct


class Gateway:
    def __init__(self, on_text):
        self.on_text = on_text
        self.reader = None
        self.writer = None
        self.task = None
        self.ready = asyncio.Event()

    async def open(self, port, path, cookie):
        self.ready = asyncio.Event()
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Cookie: {cookie}\r\n\r\n").encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"handshake refused: {head[:80]!r}")
        self.task = asyncio.create_task(self._read())

    async def _read(self):
        """Reads what is there and takes every complete frame out of it: one system call and
        one wake-up for many frames, which is what keeps a thousand sockets cheap here."""
        reader = self.reader
        buffer = bytearray()
        first = True
        try:
            while True:
                chunk = await reader.read(1 << 16)
                if not chunk:
                    return
                buffer += chunk
                start = 0
                while len(buffer) - start >= 2:
                    b0, b1 = buffer[start], buffer[start + 1]
                    size, head = b1 & 0x7F, 2
                    if size == 126:
                        if len(buffer) - start < 4:
                            break
                        size, head = struct.unpack_from("!H", buffer, start + 2)[0], 4
                    elif size == 127:
                        if len(buffer) - start < 10:
                            break
                        size, head = struct.unpack_from("!Q", buffer, start + 2)[0], 10
                    if len(buffer) - start < head + size:
                        break
                    payload = bytes(buffer[start + head:start + head + size])
                    start += head + size
                    opcode = b0 & 0x0F
                    if opcode == 0x1:
                        if first:
                            first = False
                            self.ready.set()
                        self.on_text(payload)
                    elif opcode == 0x9:
                        self._send(0xA, payload)
                    elif opcode == 0x8:
                        return
                del buffer[:start]
        except (ConnectionError, OSError):
            return

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        size = len(payload)
        if size < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        stream = (mask * (size // 4 + 1))[:size]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(stream, "big")).to_bytes(
            size, "big") if size else b""
        self.writer.write(head + mask + masked)

    def send_text(self, text):
        self._send(0x1, text.encode())

    async def close(self):
        """A close frame, then the TCP connection goes (a page reload, as a browser does it)."""
        try:
            self._send(0x8, struct.pack("!H", 1000))
            self.writer.close()
        except (ConnectionError, OSError, RuntimeError):
            pass
        if self.task:
            self.task.cancel()
