"""Presence: a user is online while one connection is open (several tabs count once); followers hear
`user-online` when the first opens and `user-offline` when the last closes; anyone signed in may ask is-online."""

from __future__ import annotations

from notifications_e2e import Socket, Table, follow, is_online, known_to_interactions
from support.platform import Platform, User
from support.polling import eventually


def test_followers_hear_the_first_connection_open_and_the_last_close(platform: Platform, organization: User,
                                                                   member: User) -> None:
    for user in (organization, member):
        known_to_interactions(platform, user)
    follow(platform, member, organization)
    table = Table(platform)
    eventually(lambda: table.follower(organization.id, member.id) == {"active": True}, what="the follow replica")
    assert is_online(platform, member, organization.id) is False
    with Socket(platform, member) as follower_tab:
        first_tab = Socket(platform, organization)
        online = follower_tab.wait_for("user-online", userId=organization.id)
        assert set(online["data"]) == {"userId", "timestamp"}
        assert is_online(platform, member, organization.id) is True
        second_tab = Socket(platform, organization)
        eventually(lambda: len(table.connections_of(organization.id)) == 2, what="the second tab recorded")
        first_tab.close()
        eventually(lambda: len(table.connections_of(organization.id)) == 1, what="the first tab's $disconnect")
        assert is_online(platform, member, organization.id) is True
        second_tab.close()
        follower_tab.wait_for("user-offline", userId=organization.id)
        assert is_online(platform, member, organization.id) is False
        # one announcement each way, however many tabs
        assert [f["data"]["userId"] for f in follower_tab.received("user-online")] == [organization.id]
        assert [f["data"]["userId"] for f in follower_tab.received("user-offline")] == [organization.id]


def test_is_online_of_an_unknown_or_malformed_user(platform: Platform, member: User) -> None:
    assert is_online(platform, member, "6f1c1f4e-0000-4000-8000-000000000000") is False
    response = platform.request("GET", "/notifications/users/not-a-user/is-online", user=member)
    assert response.status == 400, response.raw
