"""GET /metrics on --metrics-listen (SPEC §16), parsed with the Prometheus client's own parser."""
import asyncio
import json
import time

import pytest
import requests

from conftest import free_port
from realtime_helpers import channel_ids, connect, cookie_for

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
