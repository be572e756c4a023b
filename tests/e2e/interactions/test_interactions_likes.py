"""Likes through the HTTP gateway: who may like what, once; unlike; the lists, the counts and their pages."""

from __future__ import annotations

from interactions_world import World, all_pages, new_id
from support.platform import Platform


def _problem(response, status: int, detail: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert response.status == status, response.raw
    assert response.headers["content-type"].startswith("application/problem+json")
    if detail is not None:
        assert response.json["detail"] == detail, response.json


def test_a_member_likes_a_published_event_once_and_it_shows_everywhere(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    member = world.user()
    event_id = world.event(organization.id)

    liked = platform.request("POST", f"/interactions/events/{event_id}/likes", user=member)
    assert liked.status == 201, liked.raw
    assert liked.json["eventId"] == event_id and liked.json["userId"] == member.id

    again = platform.request("POST", f"/interactions/events/{event_id}/likes", user=member)
    _problem(again, 409, "Already liked this event")

    likers = platform.request("GET", f"/interactions/events/{event_id}/likes")
    assert likers.status == 200
    assert likers.json["totalLikes"] == 1
    assert likers.json["items"] == [{"userId": member.id, "name": member.username, "username": member.username,
                                     "avatar": likers.json["items"][0]["avatar"]}]
    assert likers.json["nextCursor"] is None
    assert platform.request("GET", f"/interactions/users/{member.id}/likes/{event_id}").json == {"hasLiked": True}
    assert platform.request("GET", f"/interactions/users/{organization.id}/likes/{event_id}").json == \
        {"hasLiked": False}
    liked_events = platform.request("GET", f"/interactions/users/{member.id}/likes").json["items"]
    assert [item["eventId"] for item in liked_events] == [event_id]


def test_liking_needs_a_token_and_a_known_event(platform: Platform, world: World) -> None:
    member = world.user()
    organization = world.user("organization")
    event_id = world.event(organization.id)
    _problem(platform.request("POST", f"/interactions/events/{event_id}/likes"), 401)
    _problem(platform.request("POST", f"/interactions/events/{new_id()}/likes", user=member), 404, "Event not found")
    _problem(platform.request("POST", f"/interactions/events/{event_id}/likes",
                              headers={"authorization": "Bearer not-a-token"}), 401)


def test_drafts_cannot_be_liked_and_stay_hidden_from_others(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    member = world.user()
    draft = world.event(organization.id, status="DRAFT")

    _problem(platform.request("POST", f"/interactions/events/{draft}/likes", user=organization), 400,
             "It is not possible to like a draft event")
    _problem(platform.request("POST", f"/interactions/events/{draft}/likes", user=member), 404, "Event not found")
    _problem(platform.request("GET", f"/interactions/events/{draft}/likes"), 404)
    assert platform.request("GET", f"/interactions/events/{draft}/likes", user=organization).status == 200

    world.event_status(draft, organization.id, "PUBLISHED")
    assert platform.request("POST", f"/interactions/events/{draft}/likes", user=member).status == 201


def test_only_the_liker_can_take_a_like_back(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    member, other = world.user(), world.user()
    event_id = world.event(organization.id)
    assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=member).status == 201

    _problem(platform.request("DELETE", f"/interactions/events/{event_id}/likes/{member.id}", user=other), 403)
    _problem(platform.request("DELETE", f"/interactions/events/{event_id}/likes/{member.id}"), 401)
    assert platform.request("GET", f"/interactions/events/{event_id}/likes").json["totalLikes"] == 1

    unliked = platform.request("DELETE", f"/interactions/events/{event_id}/likes/{member.id}", user=member)
    assert unliked.status == 204, unliked.raw
    _problem(platform.request("DELETE", f"/interactions/events/{event_id}/likes/{member.id}", user=member), 404,
             "Like not found")
    likers = platform.request("GET", f"/interactions/events/{event_id}/likes").json
    assert likers["totalLikes"] == 0 and likers["items"] == []
    assert platform.request("GET", f"/interactions/users/{member.id}/likes/{event_id}").json == {"hasLiked": False}
    assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=member).status == 201


def test_lists_page_with_cursors_newest_first(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    likers = [world.user() for _ in range(5)]
    event_id = world.event(organization.id)
    for member in likers:
        assert platform.request("POST", f"/interactions/events/{event_id}/likes", user=member).status == 201

    first = platform.request("GET", f"/interactions/events/{event_id}/likes?limit=2")
    assert first.status == 200 and len(first.json["items"]) == 2 and first.json["nextCursor"]
    everyone = [item["userId"] for item in all_pages(platform, f"/interactions/events/{event_id}/likes", limit=2)]
    assert everyone == [member.id for member in reversed(likers)]

    for bad in ("limit=0", "limit=101", "limit=abc", "cursor=%%%", "cursor=eyJhIjoxfQ"):
        _problem(platform.request("GET", f"/interactions/events/{event_id}/likes?{bad}"), 400)
    other_event = world.event(organization.id)
    _problem(platform.request("GET", f"/interactions/events/{other_event}/likes?cursor={first.json['nextCursor']}"),
             400)


def test_reads_of_unknown_users_and_events_are_404(platform: Platform, world: World) -> None:
    member = world.user()
    for path in (f"/interactions/events/{new_id()}/likes", f"/interactions/users/{new_id()}/likes",
                 f"/interactions/users/{member.id}/likes/{new_id()}", f"/interactions/users/{new_id()}"):
        _problem(platform.request("GET", path), 404)


def test_an_idempotency_key_replays_the_first_like(platform: Platform, world: World) -> None:
    organization = world.user("organization")
    member = world.user()
    event_id = world.event(organization.id)
    key = {"idempotency-key": new_id()}
    first = platform.request("POST", f"/interactions/events/{event_id}/likes", user=member, headers=key)
    retry = platform.request("POST", f"/interactions/events/{event_id}/likes", user=member, headers=key)
    assert first.status == retry.status == 201
    assert first.json == retry.json
    assert platform.request("GET", f"/interactions/events/{event_id}/likes").json["totalLikes"] == 1
