"""The interactions consumer: every subscribed domain event is put on the bus twice (a redelivery), and what users
see after the second delivery is what they saw after the first. Late and out-of-order messages change nothing
they should not; deleted users and events take their likes, follows, reviews and participations with them,
with every count corrected (reference §12 items 25-27, fixed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interactions_world import Bus, World, new_id
from support.platform import Platform, User
from support.polling import eventually


def _copy(envelope: dict[str, Any]) -> dict[str, Any]:
    """The same fact under another eventId (a replay, a producer's retry): only the handler can tell."""
    return {**envelope, "eventId": new_id()}


def _twice(bus: Bus, envelope: dict[str, Any], seen: Callable[[], Any]) -> Any:
    """Deliver the envelope, look; deliver it again, and once more under another eventId: the same each time."""
    bus.put(envelope)
    first = seen()
    bus.put(envelope)
    assert seen() == first
    bus.put(_copy(envelope))
    assert seen() == first
    return first


def _get(platform: Platform, path: str, user: User | None = None) -> Any:
    response = platform.request("GET", path, user=user)
    return response.status, response.json


def _user_payload(user_id: str, username: str, name: str, role: str = "organization") -> dict[str, Any]:
    return {"id": user_id, "username": username, "name": name,
            "avatar": f"http://127.0.0.1:3000/media/users/{user_id}/avatar.jpg", "language": "en", "role": role}


def test_user_created_and_updated_keep_one_replica_and_ignore_older_news(platform: Platform, bus: Bus,
                                                                         world: World) -> None:
    fan = world.user()
    star_id, username = new_id(), f"star{new_id()[:8]}"

    def fans_view() -> Any:
        return _get(platform, f"/interactions/users/{fan.id}/following")[1]["items"], \
            _get(platform, f"/interactions/users/{star_id}")

    created = bus.envelope("user.created", "users", _user_payload(star_id, username, "Star"))
    bus.put(created)
    assert platform.request("POST", f"/interactions/users/{fan.id}/following", {"followedId": star_id},
                            user=fan).status == 201
    _twice(bus, created, fans_view)

    update = bus.envelope("user.updated", "users", _user_payload(star_id, username, "Superstar"))
    following, summary = _twice(bus, update, fans_view)
    assert following[0]["name"] == "Superstar" and summary == (200, {"userId": star_id, "totalFollowers": 1,
                                                                     "totalFollowing": 0})
    older = bus.envelope("user.updated", "users", _user_payload(star_id, username, "Has-been"),
                         occurred_at="2020-01-01T00:00:00.000Z")
    bus.put(older)
    assert fans_view()[0][0]["name"] == "Superstar"
    bus.put(_copy(created))  # a very late copy of the creation does not roll the name back either
    assert fans_view()[0][0]["name"] == "Superstar"


def test_user_deleted_removes_everything_of_the_user_and_corrects_every_count(platform: Platform, bus: Bus,
                                                                              world: World) -> None:
    organization = world.user("organization")
    leaving, staying, follower = world.user(), world.user(), world.user()
    liked = world.event(organization.id)
    reviewed = world.event(organization.id)
    for member in (leaving, staying):
        assert platform.request("POST", f"/interactions/events/{liked}/likes", user=member).status == 201
        world.order(member.id, reviewed)
    world.event_status(reviewed, organization.id, "COMPLETED")
    for member, rating in ((leaving, 1), (staying, 5)):
        assert platform.request("POST", f"/interactions/events/{reviewed}/reviews",
                                {"rating": rating, "title": "Review"}, user=member).status == 201
    assert platform.request("POST", f"/interactions/users/{leaving.id}/following", {"followedId": organization.id},
                            user=leaving).status == 201
    assert platform.request("POST", f"/interactions/users/{follower.id}/following", {"followedId": leaving.id},
                            user=follower).status == 201

    def everyone_sees() -> Any:
        return (_get(platform, f"/interactions/events/{liked}/likes"),
                _get(platform, f"/interactions/events/{reviewed}/reviews"),
                _get(platform, f"/interactions/events/{reviewed}/participants", organization),
                _get(platform, f"/interactions/organizations/{organization.id}/reviews/statistics"),
                _get(platform, f"/interactions/users/{organization.id}"),
                _get(platform, f"/interactions/users/{follower.id}"),
                _get(platform, f"/interactions/users/{leaving.id}"),
                _get(platform, f"/interactions/users/{leaving.id}/likes"))

    seen = _twice(bus, bus.envelope("user.deleted", "users", {"id": leaving.id}), everyone_sees)
    likes, reviews, participants, statistics, organization_summary, follower_summary, gone, gone_likes = seen
    assert likes[1]["totalLikes"] == 1 and [i["userId"] for i in likes[1]["items"]] == [staying.id]
    assert [r["userId"] for r in reviews[1]["items"]] == [staying.id]
    assert (reviews[1]["averageRating"], reviews[1]["totalReviews"]) == (5.0, 1)
    assert [p["userId"] for p in participants[1]["items"]] == [staying.id]
    assert (statistics[1]["averageRating"], statistics[1]["totalReviews"]) == (5.0, 1)
    assert organization_summary[1]["totalFollowers"] == 0
    assert follower_summary[1]["totalFollowing"] == 0
    assert gone[0] == 404 and gone_likes[0] == 404
    late = bus.envelope("user.updated", "users", _user_payload(leaving.id, leaving.username, "Back?", "member"))
    bus.put(late)
    assert _get(platform, f"/interactions/users/{leaving.id}")[0] == 404
    # nothing new can hang on a deleted user, even with a token still in hand
    again = platform.request("POST", f"/interactions/events/{liked}/likes", user=leaving)
    assert again.status == 404 and again.json["detail"] == "User not found"
    assert platform.request("POST", f"/interactions/users/{follower.id}/following", {"followedId": leaving.id},
                            user=follower).status == 404


def test_deleting_an_account_through_the_users_api_cleans_up_interactions(platform: Platform,
                                                                         world: World) -> None:
    organization = world.user("organization")
    member = world.user()
    event_id = world.event(organization.id)
    assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=member).status == 201
    assert platform.request("POST", f"/interactions/users/{member.id}/following", {"followedId": organization.id},
                            user=member).status == 201

    assert platform.request("DELETE", f"/users/{member.id}", user=member).status == 204
    eventually(lambda: platform.request("GET", f"/interactions/events/{event_id}/likes").json["totalLikes"] == 0,
               what="the deleted member's like to go")
    eventually(lambda: platform.request("GET", f"/interactions/users/{organization.id}").json["totalFollowers"] == 0,
               what="the deleted member's follow to go")


def test_event_created_updated_published_completed_are_each_applied_once(platform: Platform, bus: Bus,
                                                                       world: World) -> None:
    organization, partner = world.user("organization"), world.user("organization")
    fan = world.user()
    event_id = new_id()

    def fan_sees() -> Any:
        return (_get(platform, f"/interactions/events/{event_id}/likes"),
                _get(platform, f"/interactions/users/{fan.id}/participations?organizationId={partner.id}", fan),
                _get(platform, f"/interactions/users/{fan.id}/participations", fan))

    created = bus.envelope("event.created", "events", {"eventId": event_id, "creatorId": organization.id,
                                                       "status": "DRAFT", "name": "Secret Gig"})
    assert _twice(bus, created, fan_sees)[0][0] == 404  # a draft: nobody but its creator sees it

    published = bus.envelope("event.published", "events", {
        "eventId": event_id, "name": "Open Gig", "creatorId": organization.id, "creatorName": "Org",
        "collaboratorIds": [], "date": "2027-07-15T20:00:00", "timezone": "Europe/Rome",
        "startsAt": "2027-07-15T18:00:00Z"})
    assert _twice(bus, published, fan_sees)[0][0] == 200
    world.order(fan.id, event_id)

    updated = bus.envelope("event.updated", "events", {
        "eventId": event_id, "creatorId": organization.id, "collaboratorIds": [partner.id], "name": "Partner Gig",
        "status": "PUBLISHED", "tags": []})
    seen = _twice(bus, updated, fan_sees)
    assert [(i["eventId"], i["eventName"], i["eventStatus"]) for i in seen[1][1]["items"]] == \
        [(event_id, "Partner Gig", "PUBLISHED")]
    bus.put(_copy(created))  # a late copy of the creation neither hides the event again nor renames it
    assert fan_sees() == seen

    completed = bus.envelope("event.completed", "events", {"eventId": event_id, "creatorId": organization.id,
                                                           "name": "Partner Gig", "startsAt": "2027-07-15T18:00:00Z"})
    seen = _twice(bus, completed, fan_sees)
    assert seen[2][1]["items"][0]["eventStatus"] == "COMPLETED"
    bus.put(_copy(published))
    bus.put(_copy(updated))  # older news: the event stays completed
    assert fan_sees() == seen
    review = platform.request("POST", f"/interactions/events/{event_id}/reviews", {"rating": 5, "title": "Yes"},
                              user=fan)
    assert review.status == 201, review.raw


def test_event_cancelled_is_applied_once(platform: Platform, bus: Bus, world: World) -> None:
    organization = world.user("organization")
    fan = world.user()
    event_id = world.event(organization.id, name="Rain Dance")
    world.order(fan.id, event_id)
    cancelled = bus.envelope("event.cancelled", "events", {"eventId": event_id, "creatorId": organization.id,
                                                           "name": "Rain Dance"})
    seen = _twice(bus, cancelled, lambda: _get(platform, f"/interactions/users/{fan.id}/participations", fan))
    assert seen[1]["items"][0]["eventStatus"] == "CANCELLED"
    assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=fan).status == 201


def test_event_deleted_removes_its_likes_reviews_and_participations(platform: Platform, bus: Bus,
                                                                    world: World) -> None:
    organization = world.user("organization")
    ann, bob = world.user(), world.user()
    doomed, kept = world.event(organization.id), world.event(organization.id)
    for event_id in (doomed, kept):
        for member in (ann, bob):
            world.order(member.id, event_id)
        world.event_status(event_id, organization.id, "COMPLETED")
    for member in (ann, bob):
        assert platform.request("POST", f"/interactions/events/{doomed}/likes", user=member).status == 201
        assert platform.request("POST", f"/interactions/events/{doomed}/reviews", {"rating": 1, "title": "Bad"},
                                user=member).status == 201
    assert platform.request("POST", f"/interactions/events/{kept}/reviews", {"rating": 4, "title": "Good"},
                            user=ann).status == 201

    def everyone_sees() -> Any:
        return (_get(platform, f"/interactions/events/{doomed}/likes"),
                _get(platform, f"/interactions/users/{ann.id}/likes"),
                _get(platform, f"/interactions/users/{ann.id}/reviews"),
                _get(platform, f"/interactions/users/{bob.id}/participations", bob),
                _get(platform, f"/interactions/organizations/{organization.id}/reviews"))

    seen = _twice(bus, bus.envelope("event.deleted", "events", {"eventId": doomed}), everyone_sees)
    event_likes, ann_likes, ann_reviews, bob_participations, organization_reviews = seen
    assert event_likes[0] == 404
    assert ann_likes[1]["items"] == []
    assert [r["eventId"] for r in ann_reviews[1]["items"]] == [kept]
    assert (ann_reviews[1]["averageRating"], ann_reviews[1]["totalReviews"]) == (4.0, 1)
    assert [p["eventId"] for p in bob_participations[1]["items"]] == [kept]
    assert [r["eventId"] for r in organization_reviews[1]["items"]] == [kept]
    assert (organization_reviews[1]["averageRating"], organization_reviews[1]["totalReviews"]) == (4.0, 1)
    bus.publish("event.completed", "events", {"eventId": doomed, "creatorId": organization.id, "name": "Zombie",
                                              "startsAt": "2026-07-15T18:00:00Z"})
    world.order(ann.id, doomed)  # a late confirmation: no participation in a deleted event
    assert everyone_sees() == seen


def test_an_order_confirmation_delivered_twice_makes_one_participation(platform: Platform, bus: Bus,
                                                                       world: World) -> None:
    organization = world.user("organization")
    buyer = world.user()
    event_id = world.event(organization.id)
    confirmed = bus.envelope("payments.order.confirmed", "ticketing", {
        "orderId": f"order_{new_id()}", "userId": buyer.id, "eventId": event_id, "ticketCount": 3})
    seen = _twice(bus, confirmed, lambda: (
        _get(platform, f"/interactions/events/{event_id}/participants", organization),
        _get(platform, f"/interactions/users/{buyer.id}/participations", buyer)))
    assert [p["userId"] for p in seen[0][1]["items"]] == [buyer.id]
    assert [p["eventId"] for p in seen[1][1]["items"]] == [event_id]
