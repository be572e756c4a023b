"""Only accepted collaborators count (security review M7): an organization the creator merely invited is not the
event's organizer to interactions - it may review the event and no review counts in its statistics - while one
that accepted may not review it and has every review counted as a collaborator; leaving undoes that.

The event is created and answered through the events API (its event.* messages reach interactions through the
bus); orders and the completion are played on the bus as ticketing and the events sweep publish them."""

from __future__ import annotations

from interactions_world import World
from support.platform import Platform, Response, User
from support.polling import eventually


def _review(platform: Platform, user: User, event_id: str, rating: int = 4) -> Response:
    return platform.request("POST", f"/interactions/events/{event_id}/reviews",
                            {"rating": rating, "title": "Great night"}, user=user)


def _is_organizer(platform: Platform, participant: User, organization: User, event_id: str) -> bool:
    """Whether interactions takes the organization as one of the event's organizers: a participation filtered by
    organizationId matches the event's creator and its collaborators, as the replica holds them now."""
    response = platform.request(  # a purchase history is its buyer's own
        "GET", f"/interactions/users/{participant.id}/participations?organizationId={organization.id}",
        user=participant)
    assert response.status == 200, response.raw
    return event_id in [item["eventId"] for item in response.json["items"]]


def _collaborator_total(platform: Platform, organization: User) -> int:
    response = platform.request(
        "GET", f"/interactions/organizations/{organization.id}/reviews/statistics?role=collaborator")
    assert response.status == 200, response.raw
    return response.json["totalReviews"]


def _answer(platform: Platform, organization: User, event_id: str, path: str) -> None:
    response = platform.request("POST", f"/events/{event_id}/{path}", user=organization)
    assert response.status == 200, response.raw


def test_only_accepted_collaborators_are_organizers_and_counted(platform: Platform, world: World) -> None:
    creator = world.user("organization", verified=True)  # it publishes
    invited, partner, leaver = (world.user("organization") for _ in range(3))
    member = world.user()
    body = {"title": "Jazz on the Roof", "description": "Three bands.", "status": "PUBLISHED",
            "date": "2030-07-15T20:00:00", "timezone": "Europe/Rome", "collaboratorIds": [invited.id, partner.id,
                                                                                          leaver.id],
            "location": {"name": "Terrazza", "country": "Italy", "countryCode": "IT", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.46, "lon": 9.19}}
    created = eventually(lambda: (r := platform.request("POST", "/events", body, user=creator)).status == 201 and r,
                         what="the events context to know the organizations")
    event_id = created.json["eventId"]
    eventually(lambda: platform.request("GET", f"/interactions/events/{event_id}/reviews").status == 200,
               what="the interactions replica of the event")
    for user in (member, invited, leaver):
        world.order(user.id, event_id)
    assert _is_organizer(platform, member, creator, event_id)

    _answer(platform, partner, event_id, "invitation/accept")
    _answer(platform, leaver, event_id, "invitation/accept")
    eventually(lambda: _is_organizer(platform, member, partner, event_id)
               and _is_organizer(platform, member, leaver, event_id), what="interactions to hear of the acceptances")
    _answer(platform, leaver, event_id, "collaboration/leave")
    eventually(lambda: not _is_organizer(platform, member, leaver, event_id),
               what="interactions to hear that it left")
    assert not _is_organizer(platform, member, invited, event_id)  # invited, never accepted
    world.event_status(event_id, creator.id, "COMPLETED")

    # the merely invited and the one that left are reviewers like anyone who was there; the partner is not
    assert _review(platform, invited, event_id, rating=2).status == 201
    assert _review(platform, leaver, event_id, rating=3).status == 201
    assert _review(platform, member, event_id, rating=5).status == 201
    refused = _review(platform, partner, event_id)
    assert refused.status == 400 and refused.json["detail"] == "User cannot review their own event"

    assert _collaborator_total(platform, partner) == 3
    assert _collaborator_total(platform, invited) == 0 and _collaborator_total(platform, leaver) == 0
    creator_stats = platform.request(
        "GET", f"/interactions/organizations/{creator.id}/reviews/statistics?role=creator").json
    assert creator_stats["totalReviews"] == 3
