"""Issue 15: the web client and Swagger UI are served with a strict Content-Security-Policy
(scripts and styles only from the site, no inline script or eval, images from the site, data:
and blob:, connections to the site and its WebSocket, no plugins, no framing, no <base>),
X-Content-Type-Options: nosniff and a Referrer-Policy."""
import base64
import hashlib
import pathlib

import pytest
import requests

NODE_MODULES = pathlib.Path(__file__).resolve().parents[2] / "docs-ui" / "node_modules"


def directives(policy):
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            assert words[0] not in out, f"{words[0]} twice in {policy}"
            out[words[0]] = words[1:]
    return out


def assert_strict(headers, host):
    policy = directives(headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    # Inline <style> only when empty (emotion fills empty style elements through CSSOM).
    empty = base64.b64encode(hashlib.sha256(b"").digest()).decode()
    assert policy["style-src"] == ["'self'", f"'sha256-{empty}'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["connect-src"] == ["'self'", f"ws://{host}", f"wss://{host}"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    everything = " ".join(" ".join(v) for v in policy.values())
    assert "unsafe" not in everything  # no 'unsafe-inline', no 'unsafe-eval'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.fixture
def web_server(make_server, tmp_path):
    root = tmp_path / "web"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(
        '<!doctype html><html><head><script type="module" src="/assets/app.js"></script>'
        "</head><body><div id=root></div></body></html>")
    (root / "assets" / "app.js").write_text("console.log('parley');")
    return make_server(demo=False, args=["--web-root", str(root)]).start()


@pytest.mark.parametrize("path", ["/", "/login", "/servers/1/channels/2", "/assets/app.js"])
def test_web_client_is_served_with_a_strict_policy(web_server, path):
    r = requests.get(web_server.url(path))
    assert r.status_code == 200
    assert_strict(r.headers, f"127.0.0.1:{web_server.port}")


def test_revalidated_page_keeps_the_policy(web_server):
    first = requests.get(web_server.url("/"))
    again = requests.get(web_server.url("/"), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_strict(again.headers, f"127.0.0.1:{web_server.port}")


def test_websocket_origin_follows_the_host_header(web_server):
    r = requests.get(web_server.url("/"), headers={"Host": "chat.example:8443"})
    assert_strict(r.headers, "chat.example:8443")


@pytest.mark.parametrize("host", ["evil.example; script-src *", "a b", "x'y", ""])
def test_a_crafted_host_cannot_extend_the_policy(web_server, host):
    r = requests.get(web_server.url("/"), headers={"Host": host})
    policy = directives(r.headers["Content-Security-Policy"])
    assert policy["connect-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]


def test_api_answers_are_not_pages(web_server):
    r = requests.get(web_server.url("/api/servers/"))
    assert "Content-Security-Policy" not in r.headers


@pytest.mark.skipif(not (NODE_MODULES / "swagger-ui-dist").exists(),
                    reason="run scripts/build-docs-ui to install Swagger UI")
@pytest.mark.parametrize("path", ["", "parley-init.js", "swagger-ui-bundle.js", "swagger-ui.css"])
def test_swagger_ui_is_served_with_the_same_policy(demo_server, path):
    r = requests.get(demo_server.url("/api/docs/schema/ui/" + path))
    assert r.status_code == 200
    assert_strict(r.headers, f"127.0.0.1:{demo_server.port}")
    if path == "":
        assert "<script>" not in r.text  # the initializer is a file, not inline
