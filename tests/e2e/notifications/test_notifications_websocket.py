"""The WebSocket API: $connect authenticates the access token of the query string, connections are recorded and
removed, `ping` answers `pong`, and a like reaches the organizer's open sockets live."""

from __future__ import annotations

import uuid

import pytest
from notifications_e2e import Socket, Table, known_to_interactions, like, notifications, published_event, socket_url
from support.platform import Platform, User
from support.polling import eventually
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


@pytest.mark.parametrize("token", [None, "", "not-a-jwt"])
def test_a_socket_without_a_valid_token_is_refused(platform: Platform, token: str | None) -> None:
    with pytest.raises(InvalidStatus) as refused, connect(socket_url(platform, token), open_timeout=20):
        pass
    assert refused.value.response.status_code == 401


def test_a_revoked_token_is_refused(platform: Platform) -> None:
    user = platform.register("member")
    assert platform.request("POST", "/users/logout", {"refreshToken": user.refresh_token}, user=user).status == 204
    with pytest.raises(InvalidStatus) as refused, connect(socket_url(platform, user.access_token), open_timeout=20):
        pass
    assert refused.value.response.status_code == 401


def test_ping_is_answered_pong(platform: Platform, member: User) -> None:
    with Socket(platform, member) as socket:
        socket.send({"action": "ping"})
        assert socket.wait_for("pong") == {"type": "pong"}


def test_a_connection_is_recorded_while_open_and_removed_when_closed(platform: Platform, member: User) -> None:
    table = Table(platform)
    with Socket(platform, member):
        eventually(lambda: len(table.connections_of(member.id)) == 1, what="the connection recorded")
    eventually(lambda: table.connections_of(member.id) == [], what="$disconnect removing the connection")


def test_a_like_reaches_every_open_socket_of_the_organizer(platform: Platform, organization: User,
                                                          member: User) -> None:
    platform.verify_email(organization)  # it publishes
    event = published_event(platform, organization)
    known_to_interactions(platform, member)
    with Socket(platform, organization) as first_tab, Socket(platform, organization) as second_tab:
        like(platform, member, event["eventId"])
        for tab in (first_tab, second_tab):
            frame = tab.wait_for("like", metadata__eventId=event["eventId"])
            assert frame["data"]["metadata"]["userId"] == member.id
            assert frame["data"]["read"] is False
    stored = notifications(platform, organization).json["items"]
    assert [(n["type"], n["metadata"]["eventId"]) for n in stored] == [("like", event["eventId"])]
    assert stored[0]["id"] == frame["data"]["id"]


def test_a_connection_whose_socket_is_gone_is_removed_when_a_push_finds_it(platform: Platform, organization: User,
                                                                          member: User) -> None:
    platform.verify_email(organization)  # it publishes
    table = Table(platform)
    stale = f"stale{uuid.uuid4().hex[:8]}"
    table.add_stale_connection(organization.id, stale)
    event = published_event(platform, organization)
    known_to_interactions(platform, member)
    with Socket(platform, organization) as tab:
        like(platform, member, event["eventId"])
        tab.wait_for("like", metadata__eventId=event["eventId"])  # the live socket still gets it
        eventually(lambda: stale not in table.connections_of(organization.id), what="the gone connection removed")
        assert len(table.connections_of(organization.id)) == 1
