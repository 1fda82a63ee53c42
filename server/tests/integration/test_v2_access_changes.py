"""REST changes to a channel answer from who the caller is *now*: the server remembers a
reader's access for a second (chat/access_cache), and every membership or deletion on the node
forgets it at once, so a join, a leave or a deleted channel is never answered from before."""
from v2_helpers import FAST, FORBIDDEN, NOT_FOUND, Api, channel_of, new_channel, reaction_path


def test_joining_and_leaving_change_what_reactions_are_allowed_at_once(make_server):
    server = make_server(args=FAST).start()
    alice, dave = Api(server, "alice"), Api(server, "dave")
    sid, general = channel_of(server, "Retro Arcade", "general")
    membership = f"/api/membership/{sid}/membership/"
    message = alice.send(general, "react to me")["id"]
    path = reaction_path(general, message, "👍") + "@me/"

    for _ in range(3):  # each answer is remembered, then forgotten by the next change
        assert dave.put(path).status_code == 403
        assert dave.put(path).json() == FORBIDDEN
        assert dave.post(membership).status_code == 200
        assert dave.put(path).status_code == 204
        assert dave.delete(path).status_code == 204
        assert dave.delete(membership + "remove_member/").status_code == 200
        assert dave.put(path).status_code == 403


def test_a_deleted_channel_is_not_found_at_once(make_server):
    server = make_server(args=FAST).start()
    alice, bob = Api(server, "alice"), Api(server, "bob")
    sid, channel = new_channel(alice, "Retro Arcade", "short-lived")
    message = bob.send(channel, "soon gone")["id"]
    path = reaction_path(channel, message, "🔥") + "@me/"
    assert bob.put(path).status_code == 204  # bob's access to it is now remembered
    assert alice.delete(f"/api/servers/{sid}/channels/{channel}/").status_code == 204
    response = bob.delete(path)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
