"""Reviews through the HTTP gateway: who may review what, validation, update and delete of one's own review, the
lists (event, user with search, organization by role) and statistics that follow every change at once."""

from __future__ import annotations

from interactions_world import World, all_pages, new_id
from support.platform import Platform, User


def _review(platform: Platform, user: User, event_id: str, rating: object = 4, title: str = "Great night",
            **extra: object):  # type: ignore[no-untyped-def]
    return platform.request("POST", f"/interactions/events/{event_id}/reviews",
                            {"rating": rating, "title": title, **extra}, user=user)


def _stats(body: dict) -> tuple[float, int, dict]:
    return body["averageRating"], body["totalReviews"], body["ratingDistribution"]


def _participants(world: World, organization: User, count: int, collaborators: tuple[str, ...] = ()
                  ) -> tuple[str, list[User]]:
    members = [world.user() for _ in range(count)]
    event_id = world.event(organization.id, collaborators=collaborators)
    for member in members:
        world.order(member.id, event_id)
    world.event_status(event_id, organization.id, "COMPLETED")
    return event_id, members


def test_a_participant_reviews_a_completed_event_once(platform: Platform, world: World) -> None:
    organization, participant, event_id = world.completed_event_with_participant()

    created = _review(platform, participant, event_id, rating=5, title="  Unforgettable  ", comment="Loved it",
                      userId=participant.id)
    assert created.status == 201, created.raw
    review = created.json
    assert (review["rating"], review["title"], review["comment"]) == (5, "Unforgettable", "Loved it")
    assert review["eventId"] == event_id and review["userId"] == participant.id
    assert review["creatorId"] == organization.id and review["user"]["username"] == participant.username

    again = _review(platform, participant, event_id)
    assert again.status == 409 and again.json["detail"] == "You have already reviewed this event"

    listed = platform.request("GET", f"/interactions/events/{event_id}/reviews").json
    assert [r["id"] for r in listed["items"]] == [review["id"]]
    assert _stats(listed) == (5.0, 1, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})
    mine = platform.request("GET", f"/interactions/users/{participant.id}/reviews/{event_id}")
    assert mine.status == 200 and mine.json["id"] == review["id"]
    assert platform.request("GET", f"/interactions/users/{participant.id}/participations/{event_id}",
                            user=participant).json == {"hasParticipated": True, "hasReviewed": True}


def test_who_may_review(platform: Platform, world: World) -> None:
    collaborator = world.user("organization")
    organization = world.user("organization")
    participant, outsider = world.user(), world.user()
    event_id = world.event(organization.id, collaborators=(collaborator.id,))
    for user in (participant, organization, collaborator):
        world.order(user.id, event_id)

    not_completed = _review(platform, participant, event_id)
    assert not_completed.status == 400
    assert not_completed.json["detail"] == "It is not possible to review an event that is not completed"

    world.event_status(event_id, organization.id, "COMPLETED")
    for own in (organization, collaborator):
        refused = _review(platform, own, event_id)
        assert refused.status == 400 and refused.json["detail"] == "User cannot review their own event"
    absent = _review(platform, outsider, event_id)
    assert absent.status == 404
    assert absent.json["detail"] == f"User with ID {outsider.id} has not participated in event {event_id}"
    assert platform.request("POST", f"/interactions/events/{event_id}/reviews", {"rating": 4, "title": "x"}).status \
        == 401
    assert _review(platform, participant, event_id, userId=outsider.id).status == 403
    assert _review(platform, participant, new_id()).status == 404
    assert _stats(platform.request("GET", f"/interactions/events/{event_id}/reviews").json)[1] == 0

    assert _review(platform, participant, event_id).status == 201


def test_a_review_is_validated_before_anything_is_written(platform: Platform, world: World) -> None:
    _, participant, event_id = world.completed_event_with_participant()
    cases = [({"rating": 0}, "rating"), ({"rating": 6}, "rating"), ({"rating": 3.5}, "rating"),
             ({"rating": "5"}, "rating"), ({"rating": True}, "rating"), ({"title": "   "}, "title"),
             ({"title": "x" * 101}, "title"), ({"comment": "y" * 2001}, "comment"), ({"stars": 5}, "stars")]
    for change, field in cases:
        refused = _review(platform, participant, event_id, **{"rating": 4, "title": "Fine", **change})
        assert refused.status == 400, (change, refused.raw)
        assert any(field in error["field"] for error in refused.json["errors"]), (change, refused.json)
    missing_title = platform.request("POST", f"/interactions/events/{event_id}/reviews", {"rating": 3},
                                     user=participant)
    assert missing_title.status == 400
    too_big = _review(platform, participant, event_id, comment="z" * (1024 * 1024))
    assert too_big.status == 413
    not_json = platform.request("POST", f"/interactions/events/{event_id}/reviews", b"rating=5&title=Hi",
                                user=participant, headers={"content-type": "application/x-www-form-urlencoded"})
    assert not_json.status == 415
    assert platform.request("GET", f"/interactions/events/{event_id}/reviews").json["totalReviews"] == 0
    assert _review(platform, participant, event_id, title="t" * 100, comment="c" * 2000).status == 201


def test_statistics_follow_review_updates_and_deletes_at_once(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    event_id, (ann, bob, cid) = _participants(world, organization, 3)
    for member, rating in ((ann, 5), (bob, 4), (cid, 2)):
        assert _review(platform, member, event_id, rating=rating).status == 201

    def event_stats() -> tuple:
        return _stats(platform.request("GET", f"/interactions/events/{event_id}/reviews").json)

    def organization_stats() -> tuple:
        return _stats(platform.request("GET",
                                       f"/interactions/organizations/{organization.id}/reviews/statistics").json)

    assert event_stats() == (3.67, 3, {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1})
    assert organization_stats() == event_stats()

    updated = platform.request("PUT", f"/interactions/events/{event_id}/reviews/{cid.id}", {"rating": 5},
                               user=cid)
    assert updated.status == 200, updated.raw
    assert updated.json["rating"] == 5 and updated.json["title"] == "Great night"
    assert event_stats() == (4.67, 3, {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2})
    assert organization_stats() == event_stats()
    assert _stats(platform.request("GET", f"/interactions/users/{cid.id}/reviews").json) == \
        (5.0, 1, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})

    deleted = platform.request("DELETE", f"/interactions/events/{event_id}/reviews/{bob.id}", user=bob)
    assert deleted.status == 204, deleted.raw
    assert event_stats() == (5.0, 2, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 2})
    assert organization_stats() == event_stats()
    assert _stats(platform.request("GET", f"/interactions/users/{bob.id}/reviews").json)[1] == 0
    assert platform.request("GET", f"/interactions/users/{bob.id}/participations/{event_id}", user=bob).json == \
        {"hasParticipated": True, "hasReviewed": False}
    assert platform.request("GET", f"/interactions/users/{bob.id}/reviews/{event_id}").status == 404

    assert _review(platform, bob, event_id, rating=1).status == 201  # deleted, so it can be written again
    assert event_stats() == (3.67, 3, {"1": 1, "2": 0, "3": 0, "4": 0, "5": 2})


def test_updating_and_deleting_are_for_the_owner_of_an_existing_review(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    event_id, (ann, bob) = _participants(world, organization, 2)
    assert _review(platform, ann, event_id, rating=4, comment="Nice").status == 201
    path = f"/interactions/events/{event_id}/reviews/{ann.id}"

    assert platform.request("PUT", path, {"rating": 2}, user=bob).status == 403
    assert platform.request("DELETE", path, user=bob).status == 403
    assert platform.request("PUT", path, {"rating": 2}).status == 401
    unchanged = platform.request("GET", f"/interactions/users/{ann.id}/reviews/{event_id}").json
    assert (unchanged["rating"], unchanged["comment"]) == (4, "Nice")  # refused before anything was written
    assert platform.request("PUT", path, {"rating": 2, "title": "New title"}, user=ann).status == 400
    assert platform.request("PUT", path, {"rating": 9}, user=ann).status == 400
    missing = platform.request("PUT", f"/interactions/events/{event_id}/reviews/{bob.id}", {"rating": 2}, user=bob)
    assert missing.status == 404 and missing.json["detail"] == "Review not found"
    assert platform.request("DELETE", f"/interactions/events/{event_id}/reviews/{bob.id}", user=bob).status == 404

    replaced = platform.request("PUT", path, {"rating": 3}, user=ann)
    assert replaced.status == 200 and "comment" not in replaced.json  # a full replacement: no comment, none kept
    assert platform.request("GET", f"/interactions/users/{ann.id}/reviews/{event_id}").json["rating"] == 3


def test_event_reviews_are_newest_first_and_filter_by_rating(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    event_id, members = _participants(world, organization, 4)
    for member, rating in zip(members, (5, 3, 5, 1), strict=True):
        assert _review(platform, member, event_id, rating=rating).status == 201

    everyone = list(all_pages(platform, f"/interactions/events/{event_id}/reviews", limit=3))
    assert [r["userId"] for r in everyone] == [m.id for m in reversed(members)]
    fives = platform.request("GET", f"/interactions/events/{event_id}/reviews?rating=5").json
    assert [r["userId"] for r in fives["items"]] == [members[2].id, members[0].id]
    assert _stats(fives) == (5.0, 2, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 2})
    assert platform.request("GET", f"/interactions/events/{event_id}/reviews?rating=6").status == 400


def test_organization_reviews_by_role(platform: Platform, world: World) -> None:
    host, partner = world.user("organization"), world.user("organization")
    own_event, (ann,) = _participants(world, host, 1)
    # the partner created this one with the host as collaborator (and listed itself too: it still counts once)
    shared_event, (bob,) = _participants(world, partner, 1, collaborators=(host.id, partner.id))
    assert _review(platform, ann, own_event, rating=5).status == 201
    assert _review(platform, bob, shared_event, rating=3).status == 201

    def reviews(organization: User, query: str = "") -> dict:
        response = platform.request("GET", f"/interactions/organizations/{organization.id}/reviews{query}")
        assert response.status == 200, response.raw
        return response.json

    as_creator = reviews(host, "?role=creator")
    assert [r["eventId"] for r in as_creator["items"]] == [own_event] and as_creator["items"][0]["role"] == "creator"
    assert _stats(as_creator)[:2] == (5.0, 1)
    as_collaborator = reviews(host, "?role=collaborator")
    assert [r["eventId"] for r in as_collaborator["items"]] == [shared_event]
    assert _stats(as_collaborator)[:2] == (3.0, 1)
    both = reviews(host)
    assert [r["eventId"] for r in both["items"]] == [shared_event, own_event]
    assert _stats(both) == (4.0, 2, {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1})
    assert [r["eventId"] for r in reviews(host, "?rating=3")["items"]] == [shared_event]
    assert _stats(reviews(partner)) == (3.0, 1, {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0})
    assert reviews(partner, "?role=collaborator")["items"] == []

    statistics = platform.request("GET", f"/interactions/organizations/{host.id}/reviews/statistics?role=creator")
    assert _stats(statistics.json) == (5.0, 1, {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})
    filtered = platform.request("GET", f"/interactions/organizations/{host.id}/reviews/statistics?rating=3").json
    assert _stats(filtered)[:2] == (3.0, 1)
    assert platform.request("GET", f"/interactions/organizations/{host.id}/reviews?role=owner").status == 400
    assert platform.request("GET", f"/interactions/organizations/{ann.id}/reviews").status == 404
    assert platform.request("GET", f"/interactions/organizations/{new_id()}/reviews/statistics").status == 404


def test_a_users_reviews_with_search(platform: Platform, world: World) -> None:
    jazz_club, rock_club = world.user("organization"), world.user("organization")
    fan = world.user()
    jazz = world.event(jazz_club.id, name="Jazz on the Roof")
    rock = world.event(rock_club.id, name="Rock Marathon")
    for event_id, club in ((jazz, jazz_club), (rock, rock_club)):
        world.order(fan.id, event_id)
        world.event_status(event_id, club.id, "COMPLETED", name="Jazz on the Roof" if event_id == jazz else
                           "Rock Marathon")
    assert _review(platform, fan, jazz, rating=5).status == 201
    assert _review(platform, fan, rock, rating=2).status == 201

    def search(text: str) -> list[str]:
        response = platform.request("GET", f"/interactions/users/{fan.id}/reviews?search={text}")
        assert response.status == 200, response.raw
        return [r["eventId"] for r in response.json["items"]]

    assert search("") == [rock, jazz]
    assert search("jAzZ") == [jazz]
    assert search(rock_club.username.upper()) == [rock]
    assert search("nothing-like-this") == []
    body = platform.request("GET", f"/interactions/users/{fan.id}/reviews").json
    assert _stats(body) == (3.5, 2, {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1})
    assert {r["eventName"] for r in body["items"]} == {"Jazz on the Roof", "Rock Marathon"}
    assert platform.request("GET", f"/interactions/users/{new_id()}/reviews").status == 404
