"""GET /metrics on --metrics-listen (SPEC §16), parsed with the Prometheus client's own parser."""
import asyncio
import json
import socket
import time

import pytest
import requests

from conftest import free_port
from realtime_helpers import (channel_ids, close_code_of, connect, cookie_for, recv_json,
                              send_message)

parser = pytest.importorskip("prometheus_client.parser",
                             reason="python3-prometheus-client (Debian) parses the exposition")

SPEC_FAMILIES = {
    "parley_http_requests": "counter",
    "parley_http_request_duration_seconds": "histogram",
    "parley_http_connections": "gauge",
    "parley_websockets": "gauge",
    "parley_messages_committed": "counter",
    "parley_commit_duration_seconds": "histogram",
    "parley_deliveries": "counter",
    "parley_ws_closed_slow": "counter",
    "parley_throttled": "counter",
    "process_cpu_seconds": "counter",
    "process_resident_memory_bytes": "gauge",
    "process_open_fds": "gauge",
}


class Scrape:
    """One parsed exposition: families by name, and sample lookups by labels."""

    def __init__(self, text):
        self.families = {f.name: f for f in parser.text_string_to_metric_families(text)}

    def value(self, sample_name, **labels):
        total = 0.0
        for family in self.families.values():
            for s in family.samples:
                if s.name == sample_name and all(s.labels.get(k) == v for k, v in labels.items()):
                    total += s.value
        return total

    def label_values(self, sample_name, label):
        return {s.labels[label] for f in self.families.values() for s in f.samples
                if s.name == sample_name and label in s.labels}


def scrape(metrics_port):
    r = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return Scrape(r.text)


@pytest.fixture
def served(make_server):
    port = free_port()
    server = make_server(["--metrics-listen", f"127.0.0.1:{port}",
                          "--login-failures-per-minute", "2"]).start()
    return server, port


def test_exposition_has_every_spec_family_with_its_type(served):
    server, port = served
    page = scrape(port)
    for name, kind in SPEC_FAMILIES.items():
        assert name in page.families, name
        assert page.families[name].type == kind, name
    assert page.value("process_cpu_seconds_total") > 0
    assert page.value("process_resident_memory_bytes") > 1 << 20
    assert page.value("process_open_fds") >= 3
    assert page.label_values("parley_websockets", "kind") >= {"parley", "original"}
    assert page.label_values("parley_throttled_total", "what") >= {"login", "register", "message"}


def test_http_counters_move_and_use_route_patterns(served):
    server, port = served
    before = scrape(port)
    for _ in range(3):
        assert requests.get(server.url("/api/server/category/")).status_code == 200
    alice = server.login("alice")
    assert alice.patch(server.url("/api/servers/987654/"), json={"name": "x"}).status_code == 404
    assert requests.get(server.url("/api/no/such/route/")).status_code == 404
    after = scrape(port)

    route = "/api/server/category/"
    assert after.value("parley_http_requests_total", route=route, status="200") - \
        before.value("parley_http_requests_total", route=route, status="200") == 3
    assert after.value("parley_http_request_duration_seconds_count", route=route) - \
        before.value("parley_http_request_duration_seconds_count", route=route) == 3
    assert after.value("parley_http_request_duration_seconds_bucket", route=route, le="+Inf") == \
        after.value("parley_http_request_duration_seconds_count", route=route)
    assert after.value("parley_http_requests_total", route="/api/servers/{id}/", status="404") >= 1
    assert after.value("parley_http_requests_total", route="unmatched", status="404") >= 1
    routes = after.label_values("parley_http_requests_total", "route")
    assert not any("987654" in r or "no/such" in r for r in routes), routes
    assert after.value("parley_http_connections") >= 0


def test_login_throttle_is_counted(served):
    server, port = served
    before = scrape(port).value("parley_throttled_total", what="login")
    statuses = [requests.post(server.url("/api/token/"),
                              json={"username": "alice", "password": "wrong-password"}).status_code
                for _ in range(4)]
    assert 429 in statuses
    after = scrape(port)
    assert after.value("parley_throttled_total", what="login") - before == statuses.count(429)
    assert after.value("parley_http_requests_total", route="/api/token/", status="429") >= 1


def test_websocket_message_counters(served):
    server, port = served
    server_id, channel_id = channel_ids(server, "Retro Arcade", "general")
    before = scrape(port)

    async def chat():
        async with connect(server, f"/ws/{server_id}/{channel_id}", cookie_for(server, "alice")) as a, \
                connect(server, f"/{server_id}/{channel_id}", cookie_for(server, "bob")) as b:
            during = scrape(port)
            await a.send(json.dumps({"type": "message", "message": "counted"}))
            for ws in (a, b):
                frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                assert frame["new_message"]["content"] == "counted"
            return during

    during = asyncio.run(chat())

    async def gateway():
        async with connect(server, "/ws/gateway", cookie_for(server, "carol")) as g:
            assert json.loads(await asyncio.wait_for(g.recv(), 5))["type"] == "ready"
            return scrape(port).value("parley_websockets", kind="gateway")
    assert asyncio.run(gateway()) - before.value("parley_websockets", kind="gateway") == 1
    assert during.value("parley_websockets", kind="parley") - \
        before.value("parley_websockets", kind="parley") == 1
    assert during.value("parley_websockets", kind="original") - \
        before.value("parley_websockets", kind="original") == 1
    after = scrape(port)
    assert after.value("parley_messages_committed_total") - \
        before.value("parley_messages_committed_total") == 1
    assert after.value("parley_commit_duration_seconds_count") - \
        before.value("parley_commit_duration_seconds_count") == 1
    assert after.value("parley_deliveries_total") - before.value("parley_deliveries_total") == 2
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        now = scrape(port)
        if now.value("parley_websockets", kind="parley") == before.value(
                "parley_websockets", kind="parley"):
            break
        time.sleep(0.05)
    assert now.value("parley_websockets", kind="parley") == \
        before.value("parley_websockets", kind="parley")
    assert now.value("parley_websockets", kind="original") == \
        before.value("parley_websockets", kind="original")


def test_main_port_never_serves_metrics_and_metrics_port_serves_nothing_else(served):
    server, port = served
    r = requests.get(server.url("/metrics"))
    assert r.status_code == 404
    assert "parley_http_requests_total" not in r.text
    assert requests.get(f"http://127.0.0.1:{port}/").status_code == 404
    assert requests.get(f"http://127.0.0.1:{port}/api/server/category/").status_code == 404
    assert requests.post(f"http://127.0.0.1:{port}/metrics").status_code == 405


def test_metrics_are_off_by_default(make_server):
    server = make_server().start()
    assert "metrics.listening" not in server.log()
    assert requests.get(server.url("/metrics")).status_code == 404


def test_open_http_connections_gauge(served):
    server, port = served
    before = scrape(port).value("parley_http_connections")
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
    try:
        deadline = time.monotonic() + 5
        while scrape(port).value("parley_http_connections") < before + 3:
            assert time.monotonic() < deadline, "three idle connections never counted"
            time.sleep(0.05)
    finally:
        for s in idle:
            s.close()
    deadline = time.monotonic() + 5
    while scrape(port).value("parley_http_connections") > before:
        assert time.monotonic() < deadline, "closed connections still counted"
        time.sleep(0.05)


def test_message_throttle_and_slow_consumer_are_counted(make_server):
    port = free_port()
    server = make_server(["--metrics-listen", f"127.0.0.1:{port}", "--message-rate", "100000",
                          "--message-burst", "100000", "--ws-queue-messages", "64",
                          "--ws-queue-bytes", "262144"]).start()
    s, c = channel_ids(server, "Retro Arcade", "general")
    alice, bob = cookie_for(server, "alice"), cookie_for(server, "bob")
    before = scrape(port)
    text = "x" * 3900

    async def scenario():
        async with connect(server, f"/ws/{s}/{c}", bob, max_queue=1, read_limit=4096,
                           ping_interval=None) as slow, \
                connect(server, f"/ws/{s}/{c}", alice, ping_interval=None) as sender:
            slow.transport.pause_reading()  # stops reading: kernel buffers, then its queue, fill
            for first in range(0, 4000, 50):
                for i in range(first, first + 50):
                    await send_message(sender, f"{i} {text}")
                for _ in range(50):
                    assert (await recv_json(sender, 10))["type"] == "chat.message"
                if scrape(port).value("parley_ws_closed_slow_total") > \
                        before.value("parley_ws_closed_slow_total"):
                    break
            slow.transport.resume_reading()
            return await close_code_of(slow, 20)

    assert asyncio.run(scenario()) == 1008
    assert scrape(port).value("parley_ws_closed_slow_total") - \
        before.value("parley_ws_closed_slow_total") == 1

    # The chat send rate: a server with a burst of 2 refuses the third quick message.
    port2 = free_port()
    strict = make_server(["--metrics-listen", f"127.0.0.1:{port2}", "--message-rate", "0.1",
                          "--message-burst", "2"]).start()
    s2, c2 = channel_ids(strict, "Retro Arcade", "general")

    async def burst():
        async with connect(strict, f"/ws/{s2}/{c2}", cookie_for(strict, "alice")) as ws:
            codes = []
            for i in range(4):
                await send_message(ws, f"burst {i}")
                frame = await recv_json(ws, 5)
                codes.append(frame.get("code") or frame["type"])
            return codes

    codes = asyncio.run(burst())
    assert codes.count("rate_limited") == 2, codes
    assert scrape(port2).value("parley_throttled_total", what="message") == 2
