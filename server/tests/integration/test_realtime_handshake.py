"""SPEC §3 handshake: 4001 unauthenticated, 4004 unknown server/channel, 403 foreign Origin."""
import pytest
import websockets

from realtime_helpers import channel_ids, close_code_of, connect, cookie_for, recv_json, run


def _close_code(server, path, cookie=None):
    async def scenario():
        async with connect(server, path, cookie) as ws:
            return await close_code_of(ws)
    return run(scenario())


@pytest.mark.parametrize("prefix", ["/ws", ""])
def test_unauthenticated_is_accepted_then_closed_4001(demo_server, prefix):
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    path = f"{prefix}/{s}/{c}"
    assert _close_code(demo_server, path) == 4001
    assert _close_code(demo_server, path, "access_token=not.a.jwt") == 4001
    assert _close_code(demo_server, path, "garbage-without-equals; ;=;a=b=c") == 4001


@pytest.mark.parametrize("prefix", ["/ws", ""])
def test_unknown_server_or_foreign_channel_closes_4004(demo_server, prefix):
    alice = cookie_for(demo_server, "alice")
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    other_s, other_c = channel_ids(demo_server, "Speedrunners", "general")
    for path in (f"{prefix}/99999/{c}", f"{prefix}/{s}/99999", f"{prefix}/{s}/{other_c}",
                 f"{prefix}/abc/{c}", f"{prefix}/{s}/-1"):
        assert _close_code(demo_server, path, alice) == 4004, path
    assert other_s != s


def test_bearer_header_authenticates_too(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    token = cookie_for(demo_server, "bob").split("=", 1)[1]

    async def scenario():
        async with websockets.connect(demo_server.ws_url(f"/ws/{s}/{c}"),
                                      extra_headers={"Authorization": f"Bearer {token}"}) as ws:
            await ws.send('{"type":"message","message":"bearer works"}')
            return await recv_json(ws)

    assert run(scenario())["new_message"]["sender"] == "bob"


def test_foreign_origin_is_refused_with_403_before_the_upgrade(demo_server):
    s, c = channel_ids(demo_server, "Retro Arcade", "general")
    alice = cookie_for(demo_server, "alice")

    async def scenario(origin):
        async with connect(demo_server, f"/ws/{s}/{c}", alice, origin=origin) as ws:
            await ws.send('{"type":"message","message":"same site"}')
            return await recv_json(ws)

    with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
        run(scenario("http://evil.example"))
    assert refused.value.status_code == 403
    # This site's own origin is fine.
    assert run(scenario(demo_server.base))["type"] == "chat.message"
