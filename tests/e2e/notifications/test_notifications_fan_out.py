"""new_event: an organization publishes, every follower hears it on every open connection; follows come from the
replica that interactions.follow.* keep; a follow is itself a notification to the followed user."""

from __future__ import annotations

from notifications_e2e import (
    MARKER_TYPE,
    Socket,
    Table,
    follow,
    known_to_interactions,
    notifications,
    published_event,
    settled,
    unread_count,
)
from support.platform import Platform, User
from support.polling import eventually


def test_a_follower_with_two_open_connections_gets_new_event_on_both(platform: Platform, organization: User,
                                                                    member: User, other_member: User) -> None:
    platform.verify_email(organization)  # it publishes
    for user in (organization, member, other_member):
        known_to_interactions(platform, user)
    with Socket(platform, organization) as organization_tab:
        follow(platform, member, organization)
        follow(platform, other_member, organization)
        frame = organization_tab.wait_for("follow", metadata__followerId=member.id)
        assert frame["data"]["metadata"]["followerUsername"] == member.username
    # the replica must know both follows before the event goes out: the follow notifications show it has them
    eventually(lambda: unread_count(platform, organization) == 2, what="both follows known to notifications")
    with Socket(platform, member) as tab1, Socket(platform, member) as tab2, Socket(platform, other_member) as tab3:
        event = published_event(platform, organization, title="Opening Night")
        for tab in (tab1, tab2, tab3):
            data = tab.wait_for("new_event", metadata__eventId=event["eventId"])["data"]
            assert data["metadata"] == {"creatorId": organization.id, "eventId": event["eventId"],
                                        "eventName": "Opening Night", "creatorName": data["metadata"]["creatorName"],
                                        "startsAt": event["startsAt"], "endsAt": event["endsAt"]}
        assert tab1.wait_for("new_event")["data"]["id"] == tab2.wait_for("new_event")["data"]["id"]
    stored = notifications(platform, member).json["items"]
    assert [(n["type"], n["metadata"]["eventId"]) for n in stored] == [("new_event", event["eventId"])]


def test_an_unfollowed_organization_no_longer_tells_its_former_follower(platform: Platform, organization: User,
                                                                       member: User, other_member: User) -> None:
    platform.verify_email(organization)  # it publishes
    for user in (organization, member, other_member):
        known_to_interactions(platform, user)
    follow(platform, member, organization)
    follow(platform, other_member, organization)
    eventually(lambda: unread_count(platform, organization) == 2, what="both follows known to notifications")
    response = platform.request("DELETE", f"/interactions/users/{other_member.id}/following/{organization.id}",
                                user=other_member)
    assert response.status == 204, response.raw
    table = Table(platform)
    eventually(lambda: table.follower(organization.id, other_member.id) == {"active": False},
               what="the unfollow applied to the follow replica")
    with Socket(platform, member) as stays, Socket(platform, other_member) as left:
        event = published_event(platform, organization, title="After the unfollow")
        stays.wait_for("new_event", metadata__eventId=event["eventId"])
        settled(platform, left)
        assert left.received("new_event") == []
    assert [n["type"] for n in notifications(platform, other_member).json["items"] if n["type"] != MARKER_TYPE] == []
