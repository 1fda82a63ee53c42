"""SPEC §14 on PostgreSQL: while the database is down Parley refuses, and says so (REST 503
with Retry-After, an `unavailable` error frame, a 503 to a WebSocket upgrade, /readyz 503),
never acknowledging what it did not store; once the database is back it works again by itself."""
import asyncio
import shutil
import tempfile
import time

import pytest
import websockets

from conftest import DEMO, ParleyServer, run_parley
from postgres_helpers import PrivatePostgres
from realtime_helpers import run
from v2_helpers import FAST, Api, channel_of, first_frame, gateway, gateway_send, ready_of


@pytest.fixture
def postgres():
    cluster = PrivatePostgres().start()
    yield cluster
    cluster.destroy()


def to_thread(function, *args, **kwargs):
    return asyncio.get_running_loop().run_in_executor(None, lambda: function(*args, **kwargs))


def test_an_outage_is_refused_honestly_and_recovered_from_by_itself(postgres):
    data_dir = tempfile.mkdtemp(prefix="parley-test-")
    loaded = run_parley("load", "--data-dir", data_dir, "--database", postgres.url, str(DEMO),
                        timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    server = ParleyServer(data_dir, ["--database", postgres.url, "--log-level", "warn",
                                     *FAST]).start()
    try:
        alice = Api(server, "alice")
        sid, general = channel_of(server, "Retro Arcade", "general")
        messages = f"/api/channels/{general}/messages/"
        assert alice.post(messages, json={"content": "before the outage"}).status_code == 201

        async def during_the_outage():
            async with gateway(server, alice.cookie) as ws:
                await ready_of(ws)
                postgres.stop()
                listing = await to_thread(alice.session.get, server.url("/api/server/select/"))
                posted = await to_thread(alice.session.post, server.url(messages),
                                         json={"content": "during, over REST"})
                ready = await to_thread(alice.session.get, server.url("/readyz"))
                await gateway_send(ws, general, "during, over the gateway", nonce="n1")
                error = await first_frame(ws, lambda f: f["type"] == "error")
                with pytest.raises(websockets.exceptions.InvalidStatusCode) as upgrade:
                    async with gateway(server, alice.cookie):
                        pass
                return listing, posted, ready, error, upgrade.value.status_code

        listing, posted, ready, error, upgrade_status = run(during_the_outage())
        assert listing.status_code == 503
        assert listing.headers["Retry-After"] == "1"
        assert set(listing.json()) == {"detail"}
        assert posted.status_code == 503
        assert ready.status_code == 503
        assert (error["code"], error["channel_id"], error["nonce"]) == ("unavailable", general, "n1")
        assert upgrade_status == 503

        postgres.start()
        deadline = time.monotonic() + 20
        while alice.session.get(server.url("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "not ready again 20 s after the database came back"
            time.sleep(0.1)
        assert alice.session.get(server.url("/api/server/select/")).status_code == 200
        assert alice.post(messages, json={"content": "after the outage"}).status_code == 201
        history = [m["content"] for m in alice.get(messages, params={"limit": 200}).json()]
        assert "before the outage" in history and "after the outage" in history
        assert not [text for text in history if text.startswith("during")]
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
