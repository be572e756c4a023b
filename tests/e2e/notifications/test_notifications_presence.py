"""Presence: a user is online while one connection is open (several tabs count once); mutual follows and
conversation partners hear `user-online` when the first opens and `user-offline` when the last closes, and only
they (and the user) may ask is-online: following someone alone shows nothing (L7)."""

from __future__ import annotations

from notifications_e2e import Socket, Table, follow, is_online, known_to_interactions, settled
from support.platform import Platform, User
from support.polling import eventually


def following_each_other(platform: Platform, one: User, other: User) -> None:
    for user in (one, other):
        known_to_interactions(platform, user)
    follow(platform, one, other)
    follow(platform, other, one)
    table = Table(platform)
    eventually(lambda: table.follower(other.id, one.id) == {"active": True} == table.follower(one.id, other.id),
               what="the follow replicas")


def chatted(platform: Platform, member: User, organization: User) -> None:
    def started() -> bool:
        response = platform.request("POST", f"/chat/users/{member.id}/conversations",
                                    {"recipientId": organization.id, "content": "Are you open tonight?"}, user=member)
        assert response.status in (201, 404), response.raw  # 404 while chat has not heard of one of them yet
        return response.status == 201

    eventually(started, timeout=30, what="chat to know both")
    eventually(lambda: Table(platform).partners(organization.id, member.id), what="the partners noted")


def test_mutual_follows_hear_the_first_connection_open_and_the_last_close(platform: Platform, organization: User,
                                                                          member: User) -> None:
    following_each_other(platform, member, organization)
    table = Table(platform)
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
        settled(platform, follower_tab)
        assert [f["data"]["userId"] for f in follower_tab.received("user-online")] == [organization.id]
        assert [f["data"]["userId"] for f in follower_tab.received("user-offline")] == [organization.id]


def test_presence_is_only_for_mutual_follows_and_conversation_partners(platform: Platform, organization: User,
                                                                       member: User) -> None:
    fan, stranger, chatter = (platform.register("member") for _ in range(3))
    following_each_other(platform, member, organization)
    known_to_interactions(platform, fan)
    follow(platform, fan, organization)  # one way only
    eventually(lambda: Table(platform).follower(organization.id, fan.id) == {"active": True}, what="the fan's follow")
    chatted(platform, chatter, organization)
    chatted(platform, member, organization)  # a partner and a mutual follow: told once

    for outsider in (fan, stranger):
        response = platform.request("GET", f"/notifications/users/{organization.id}/is-online", user=outsider)
        assert response.status == 403, response.raw
        assert response.headers["content-type"].startswith("application/problem+json")
    assert platform.request("GET", f"/notifications/users/{fan.id}/is-online", user=organization).status == 403
    for insider in (member, chatter, organization):
        assert is_online(platform, insider, organization.id) is False
    assert is_online(platform, organization, chatter.id) is False  # both ways

    with Socket(platform, fan) as fan_tab, Socket(platform, member) as member_tab, \
            Socket(platform, chatter) as chatter_tab:
        with Socket(platform, organization):
            member_tab.wait_for("user-online", userId=organization.id)
            chatter_tab.wait_for("user-online", userId=organization.id)
            assert is_online(platform, chatter, organization.id) is True
        chatter_tab.wait_for("user-offline", userId=organization.id)
        member_tab.wait_for("user-offline", userId=organization.id)
        settled(platform, fan_tab, member_tab)
        assert fan_tab.received("user-online") == [] and fan_tab.received("user-offline") == []
        assert len(member_tab.received("user-online")) == 1


def test_is_online_of_an_unknown_or_malformed_user(platform: Platform, member: User) -> None:
    response = platform.request("GET", "/notifications/users/6f1c1f4e-0000-4000-8000-000000000000/is-online",
                                user=member)
    assert response.status == 403, response.raw  # nobody one knows
    response = platform.request("GET", "/notifications/users/not-a-user/is-online", user=member)
    assert response.status == 404, response.raw  # an id out of format names nothing (kernel.inputs)
