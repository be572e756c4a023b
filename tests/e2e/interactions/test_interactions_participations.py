"""Participations: made only by confirmed orders (ticketing's `payments.order.confirmed`), one per user and event;
the reads with the reference's filters. A purchase history is private: a user's participations only to
themself, an event's participants only to its organizer."""

from __future__ import annotations

from interactions_world import World, new_id
from support.platform import Platform, User


def _participations(platform: Platform, user: User, query: str = "") -> list[str]:
    response = platform.request("GET", f"/interactions/users/{user.id}/participations{query}", user=user)
    assert response.status == 200, response.raw
    return [item["eventId"] for item in response.json["items"]]


def test_a_confirmed_order_makes_a_participant_and_a_second_one_changes_nothing(platform: Platform,
                                                                               world: World) -> None:
    organization = world.user("organization")
    buyer = world.user()
    event_id = world.event(organization.id)
    assert platform.request("GET", f"/interactions/users/{buyer.id}/participations/{event_id}", user=buyer).json \
        == {"hasParticipated": False, "hasReviewed": False}

    world.order(buyer.id, event_id, tickets=2)
    world.order(buyer.id, event_id)  # bought more later: not an error, still one participation
    assert platform.request("GET", f"/interactions/users/{buyer.id}/participations/{event_id}", user=buyer).json \
        == {"hasParticipated": True, "hasReviewed": False}
    assert _participations(platform, buyer) == [event_id]
    participants = platform.request("GET", f"/interactions/events/{event_id}/participants", user=organization).json
    assert [p["userId"] for p in participants["items"]] == [buyer.id]
    assert participants["items"][0]["username"] == buyer.username


def test_participations_cannot_be_made_through_the_api(platform: Platform, world: World) -> None:
    buyer = world.user()
    response = platform.request("POST", f"/interactions/users/{buyer.id}/participations",
                                {"eventId": new_id()}, user=buyer)
    assert response.status in (404, 405)


def test_participation_filters(platform: Platform, world: World) -> None:
    club, partner = world.user("organization"), world.user("organization")
    fan = world.user()
    techno = world.event(club.id, name="Techno Cellar")
    shared = world.event(partner.id, collaborators=(club.id,), name="Summer Jazz")
    other = world.event(partner.id, name="Rooftop Party")
    for event_id in (techno, shared, other):
        world.order(fan.id, event_id)
    world.event_status(techno, club.id, "COMPLETED", name="Techno Cellar")
    world.event_status(other, partner.id, "CANCELLED", name="Rooftop Party")
    assert platform.request("POST", f"/interactions/events/{techno}/reviews", {"rating": 4, "title": "Loud"},
                            user=fan).status == 201

    assert _participations(platform, fan) == [other, shared, techno]
    assert _participations(platform, fan, "?order=asc") == [techno, shared, other]
    assert _participations(platform, fan, f"?organizationId={club.id}") == [shared, techno]
    assert _participations(platform, fan, f"?organizationId={partner.id}") == [other, shared]
    assert _participations(platform, fan, "?reviewed=true") == [techno]
    assert _participations(platform, fan, "?reviewed=false") == [other, shared]
    assert _participations(platform, fan, "?eventStatus=COMPLETED") == [techno]
    assert _participations(platform, fan, "?eventStatus=PUBLISHED") == [shared]
    assert _participations(platform, fan, "?eventStatus=CANCELLED&organizationId=" + partner.id) == [other]
    assert _participations(platform, fan, "?title=jazz") == [shared]
    items = platform.request("GET", f"/interactions/users/{fan.id}/participations?title=techno", user=fan).json["items"]
    assert items == [{"eventId": techno, "reviewed": True, "participatedAt": items[0]["participatedAt"],
                      "eventStatus": "COMPLETED", "eventName": "Techno Cellar"}]

    for bad in ("order=newest", "reviewed=yes", "eventStatus=OVER", "limit=0"):
        assert platform.request("GET", f"/interactions/users/{fan.id}/participations?{bad}", user=fan).status == 400
    assert platform.request("GET", f"/interactions/users/{fan.id}/participations/{new_id()}", user=fan).status == 404


def test_a_purchase_history_is_the_buyers_own(platform: Platform, world: World) -> None:
    organization, buyer, stranger = world.user("organization"), world.user(), world.user()
    event_id = world.event(organization.id)
    world.order(buyer.id, event_id)
    for path in (f"/interactions/users/{buyer.id}/participations",
                 f"/interactions/users/{buyer.id}/participations/{event_id}"):
        assert platform.request("GET", path).status == 401, path
        for other in (stranger, organization):  # not even the organizer of the event bought for
            response = platform.request("GET", path, user=other)
            assert response.status == 403, (path, response.raw)
            assert response.headers["content-type"].startswith("application/problem+json")
        assert platform.request("GET", path, user=buyer).status == 200, path


def test_only_the_events_organizer_sees_who_bought_tickets(platform: Platform, world: World) -> None:
    organization, collaborator = world.user("organization"), world.user("organization")
    buyer, stranger = world.user(), world.user()
    event_id = world.event(organization.id, collaborators=(collaborator.id,))
    draft_id = world.event(organization.id, status="DRAFT")
    world.order(buyer.id, event_id)
    path = f"/interactions/events/{event_id}/participants"

    assert platform.request("GET", path).status == 401
    for other in (stranger, buyer, collaborator):
        response = platform.request("GET", path, user=other)
        assert response.status == 403, response.raw
    assert platform.request("GET", f"/interactions/events/{draft_id}/participants", user=stranger).status == 404
    assert platform.request("GET", f"/interactions/events/{new_id()}/participants", user=organization).status == 404
    listed = platform.request("GET", path, user=organization)
    assert listed.status == 200 and [p["userId"] for p in listed.json["items"]] == [buyer.id]
