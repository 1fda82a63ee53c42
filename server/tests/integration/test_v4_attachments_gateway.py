"""SPEC §12 over the gateway: a `message` frame names uploads; everyone in the channel gets the
attachment objects in the chat.message frame; a bad list is a bad_frame error and posts nothing."""
import pytest

from attachment_helpers import image_bytes, uploaded
from realtime_helpers import run
from v2_helpers import (Api, content_of, fast_server, first_frame, gateway, gateway_send,
                        new_channel, ready_of)

__all__ = ["fast_server"]


@pytest.fixture(scope="module")
def people(fast_server):
    return {name: Api(fast_server, name) for name in ("alice", "bob")}


def test_gateway_message_with_attachments(fast_server, people):
    alice, bob = people["alice"], people["bob"]
    _, channel = new_channel(alice, "Retro Arcade")
    a = uploaded(alice, channel, "shot.png", image_bytes("PNG", 50, 40), "image/png")
    bobs = uploaded(bob, channel, "bob.txt", b"bob's")

    async def scenario():
        async with gateway(fast_server, alice.cookie) as sender, \
                gateway(fast_server, bob.cookie) as reader:
            await ready_of(sender)
            await ready_of(reader)
            await gateway_send(sender, channel, "look", nonce="n1", attachments=[a["id"]])
            frame = await first_frame(reader, content_of("look"))
            assert frame["new_message"]["attachments"] == [a]
            await gateway_send(sender, channel, "not mine", nonce="n2",
                               attachments=[bobs["id"]])
            error = await first_frame(sender, lambda f: f.get("type") == "error")
            assert error["code"] == "bad_frame" and error["nonce"] == "n2"
            await gateway_send(sender, channel, "eleven", nonce="n3", attachments=list(range(1, 12)))
            error = await first_frame(sender, lambda f: f.get("type") == "error")
            assert error["code"] == "bad_frame" and error["nonce"] == "n3"

    run(scenario())
    contents = [m["content"] for m in bob.messages(channel)]
    assert contents == ["look"]
