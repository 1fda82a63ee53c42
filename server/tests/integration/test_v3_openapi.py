"""SPEC Part II: the read-state routes (§8) are in the OpenAPI document."""
import re

import requests

V3_READ_STATE_ROUTES = {
    "/api/channels/{}/ack/": {"post"},
    "/api/users/@me/read-states/": {"get"},
}


def test_the_schema_documents_the_read_state_routes(demo_server):
    doc = requests.get(demo_server.url("/api/docs/schema/"), params={"format": "json"},
                       timeout=10).json()
    documented = {re.sub(r"\{[^}]*\}", "{}", path): {m for m in ops if m != "parameters"}
                  for path, ops in doc["paths"].items()}
    for path, methods in V3_READ_STATE_ROUTES.items():
        assert path in documented, path
        assert methods <= documented[path], (path, documented[path])
    state = doc["components"]["schemas"]["ReadState"]
    assert set(state["required"]) == {"channel_id", "last_read_id", "mention_count"}
