"""Participations: made only by confirmed orders (ticketing's `payments.order.confirmed`), one per user and event;
the reads with the reference's filters."""

from __future__ import annotations

from interactions_world import World, new_id
from support.platform import Platform


def _participations(platform: Platform, user_id: str, query: str = "") -> list[str]:
    response = platform.request("GET", f"/interactions/users/{user_id}/participations{query}")
    assert response.status == 200, response.raw
    return [item["eventId"] for item in response.json["items"]]


def test_a_confirmed_order_makes_a_participant_and_a_second_one_changes_nothing(platform: Platform,
                                                                               world: World) -> None:
    organization = world.user("organization")
    buyer = world.user()
    event_id = world.event(organization.id)
    assert platform.request("GET", f"/interactions/users/{buyer.id}/participations/{event_id}").json == \
        {"hasParticipated": False, "hasReviewed": False}

    world.order(buyer.id, event_id, tickets=2)
    world.order(buyer.id, event_id)  # bought more later: not an error, still one participation
    assert platform.request("GET", f"/interactions/users/{buyer.id}/participations/{event_id}").json == \
        {"hasParticipated": True, "hasReviewed": False}
    assert _participations(platform, buyer.id) == [event_id]
    participants = platform.request("GET", f"/interactions/events/{event_id}/participants").json
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

    assert _participations(platform, fan.id) == [other, shared, techno]
    assert _participations(platform, fan.id, "?order=asc") == [techno, shared, other]
    assert _participations(platform, fan.id, f"?organizationId={club.id}") == [shared, techno]
    assert _participations(platform, fan.id, f"?organizationId={partner.id}") == [other, shared]
    assert _participations(platform, fan.id, "?reviewed=true") == [techno]
    assert _participations(platform, fan.id, "?reviewed=false") == [other, shared]
    assert _participations(platform, fan.id, "?eventStatus=COMPLETED") == [techno]
    assert _participations(platform, fan.id, "?eventStatus=PUBLISHED") == [shared]
    assert _participations(platform, fan.id, "?eventStatus=CANCELLED&organizationId=" + partner.id) == [other]
    assert _participations(platform, fan.id, "?title=jazz") == [shared]
    items = platform.request("GET", f"/interactions/users/{fan.id}/participations?title=techno").json["items"]
    assert items == [{"eventId": techno, "reviewed": True, "participatedAt": items[0]["participatedAt"],
                      "eventStatus": "COMPLETED", "eventName": "Techno Cellar"}]

    for bad in ("order=newest", "reviewed=yes", "eventStatus=OVER", "limit=0"):
        assert platform.request("GET", f"/interactions/users/{fan.id}/participations?{bad}").status == 400, bad
    assert platform.request("GET", f"/interactions/users/{new_id()}/participations").status == 404
    assert platform.request("GET", f"/interactions/users/{fan.id}/participations/{new_id()}").status == 404
