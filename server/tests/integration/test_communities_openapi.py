"""The OpenAPI document (/api/docs/schema/) and Swagger UI (/api/docs/schema/ui/)."""
import json
import pathlib
import re
import subprocess

import pytest
import requests
import yaml

from conftest import REPO

DOCS_UI = REPO / "server" / "docs-ui"
NODE_MODULES = DOCS_UI / "node_modules"

# Every route of SPEC §1 and §2 and docs/API.md.
ROUTES = {
    "/api/register/": ["post"], "/api/token/": ["post"], "/api/token/refresh/": ["post"],
    "/api/logout/": ["post"], "/api/account/": ["get"], "/api/account/me/": ["get"],
    "/api/server/category/": ["get", "post"],
    "/api/server/category/{id}/": ["patch", "delete"],
    "/api/server/category/{id}/icon/": ["put"],
    "/api/server/select/": ["get"],
    "/api/membership/{server_id}/membership/": ["post"],
    "/api/membership/{server_id}/membership/remove_member/": ["delete"],
    "/api/membership/{server_id}/membership/is_member/": ["get"],
    "/api/messages/": ["get"],
    "/api/servers/": ["post"], "/api/servers/{id}/": ["patch", "delete"],
    "/api/servers/{id}/icon/": ["put", "delete"], "/api/servers/{id}/banner/": ["put", "delete"],
    "/api/servers/{id}/channels/": ["post"],
    "/api/servers/{id}/channels/{channel_id}/": ["patch", "delete"],
    "/api/docs/schema/": ["get"],
    "/api/channels/{id}/messages/": ["get", "post"],
    "/api/channels/{id}/messages/{message_id}/": ["patch", "delete"],
    "/api/channels/{id}/messages/{message_id}/reactions/{emoji}/@me/": ["put", "delete"],
    "/api/channels/{id}/messages/{message_id}/reactions/{emoji}/": ["get"],
    "/api/channels/{id}/events/": ["get"],
}


def test_schema_yaml_and_json_agree(demo_server):
    r = requests.get(demo_server.url("/api/docs/schema/"))
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/vnd.oai.openapi")
    doc = yaml.safe_load(r.text)
    j = requests.get(demo_server.url("/api/docs/schema/?format=json"))
    assert j.status_code == 200 and "json" in j.headers["Content-Type"]
    assert j.json() == doc
    assert doc["openapi"].startswith("3.")
    assert doc["components"]["securitySchemes"]["cookieAuth"] == {
        "type": "apiKey", "in": "cookie", "name": "access_token"}


def test_schema_covers_every_route(demo_server):
    doc = requests.get(demo_server.url("/api/docs/schema/?format=json")).json()
    for path, methods in ROUTES.items():
        assert path in doc["paths"], path
        for method in methods:
            op = doc["paths"][path].get(method)
            assert op and op["responses"], (path, method)
    select = doc["paths"]["/api/server/select/"]["get"]
    names = {p["name"] for p in select["parameters"]}
    assert names == {"category", "by_user", "by_serverid", "by_server_id", "with_num_members", "qty"}
    messages = {p["name"] for p in doc["paths"]["/api/messages/"]["get"]["parameters"]}
    assert messages == {"channel_id", "before", "after", "around", "limit"}


def test_every_documented_route_is_served(demo_server):
    """No documented path answers 404 for an unknown route (405/401/400/200 are fine)."""
    doc = requests.get(demo_server.url("/api/docs/schema/?format=json")).json()
    for path, item in doc["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in item:
            if method == "parameters":
                continue
            r = requests.request(method.upper(), demo_server.url(concrete), timeout=10)
            body = r.text
            assert not (r.status_code == 404 and "Not found." in body and method == "post"
                        and "membership" not in path), (method, path)
            assert r.status_code != 405, (method, path)


@pytest.mark.skipif(not (NODE_MODULES / "@apidevtools" / "swagger-parser").exists(),
                    reason="run scripts/build-docs-ui to install the OpenAPI validator")
def test_schema_validates_as_openapi(demo_server, tmp_path):
    path = tmp_path / "schema.json"
    path.write_text(requests.get(demo_server.url("/api/docs/schema/?format=json")).text)
    out = subprocess.run(["node", str(DOCS_UI / "validate.js"), str(path)], capture_output=True,
                         text=True, timeout=60, cwd=DOCS_UI)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "valid:" in out.stdout


@pytest.mark.skipif(not (NODE_MODULES / "swagger-ui-dist").exists(),
                    reason="run scripts/build-docs-ui to install Swagger UI")
def test_swagger_ui_served_locally(demo_server):
    r = requests.get(demo_server.url("/api/docs/schema/ui/"))
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "//" not in re.sub(r"<!doctype[^>]*>", "", r.text).replace("http://", "")
    srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert srcs and all(not s.startswith(("http:", "https:", "//")) for s in srcs)
    for src in srcs:
        asset = requests.get(demo_server.url("/api/docs/schema/ui/" + src))
        assert asset.status_code == 200, src
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    js = requests.get(demo_server.url("/api/docs/schema/ui/swagger-ui-bundle.js"))
    assert "javascript" in js.headers["Content-Type"]


def test_swagger_ui_missing_assets_say_how_to_install(make_server, tmp_path):
    server = make_server(args=["--docs-root", str(tmp_path / "nothing")]).start()
    r = requests.get(server.url("/api/docs/schema/ui/swagger-ui.css"))
    assert r.status_code == 404
