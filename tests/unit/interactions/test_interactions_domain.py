"""The interactions context's rules on its domain objects, without AWS (reference behaviour §2.3): likes, follows,
who may review what, what a review holds, and the rating statistics."""

from __future__ import annotations

from dataclasses import replace

import pytest
from interactions.domain import (
    Event,
    Person,
    RatingStats,
    check_can_follow,
    check_can_like,
    check_can_review,
    checked_review,
    checked_review_change,
    followed,
    liked,
    matches_search,
    organizer_roles,
    reviewed,
)
from kernel import events as kernel_events
from kernel.errors import Conflict, NotFound, ValidationFailed


def event(status: str = "PUBLISHED", collaborators: tuple[str, ...] = ("org2",)) -> Event:
    return Event("e1", "org1", collaborators, status, "Gig")


def fields_of(error: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.errors}


def test_a_draft_cannot_be_liked_anything_else_can():
    with pytest.raises(ValidationFailed, match="It is not possible to like a draft event"):
        check_can_like(event("DRAFT"))
    for status in ("PUBLISHED", "CANCELLED", "COMPLETED"):
        check_can_like(event(status))


def test_nobody_follows_themselves():
    with pytest.raises(Conflict, match="Cannot follow yourself"):
        check_can_follow("u1", "u1")
    check_can_follow("u1", "u2")


def test_a_draft_is_visible_to_its_creator_alone():
    assert event("DRAFT").visible_to("org1")
    assert not event("DRAFT").visible_to("org2") and not event("DRAFT").visible_to(None)
    assert event("PUBLISHED").visible_to(None)


def test_only_a_completed_event_is_reviewed():
    for status in ("DRAFT", "PUBLISHED", "CANCELLED"):
        with pytest.raises(ValidationFailed, match="not completed"):
            check_can_review(event(status), "u1", has_participated=True, has_reviewed=False)


@pytest.mark.parametrize("organizer", ["org1", "org2"])
def test_its_creator_and_its_collaborators_do_not_review_their_own_event(organizer):
    with pytest.raises(ValidationFailed, match="User cannot review their own event"):
        check_can_review(event("COMPLETED"), organizer, has_participated=True, has_reviewed=False)


def test_an_organization_merely_invited_may_review():
    check_can_review(event("COMPLETED", collaborators=()), "org2", has_participated=True, has_reviewed=False)


def test_only_a_participant_reviews_and_only_once():
    with pytest.raises(NotFound, match="has not participated"):
        check_can_review(event("COMPLETED"), "u1", has_participated=False, has_reviewed=False)
    with pytest.raises(Conflict, match="already reviewed"):
        check_can_review(event("COMPLETED"), "u1", has_participated=True, has_reviewed=True)
    check_can_review(event("COMPLETED"), "u1", has_participated=True, has_reviewed=False)


def test_the_review_checks_come_in_the_references_order():
    # a draft reviewed by its creator who never took part and reviewed already: the status is what is said
    with pytest.raises(ValidationFailed, match="not completed"):
        check_can_review(event("DRAFT"), "org1", has_participated=False, has_reviewed=True)
    with pytest.raises(ValidationFailed, match="own event"):
        check_can_review(event("COMPLETED"), "org1", has_participated=False, has_reviewed=True)
    with pytest.raises(NotFound):
        check_can_review(event("COMPLETED"), "u1", has_participated=False, has_reviewed=True)


def test_a_review_has_a_rating_from_1_to_5_a_title_and_an_optional_comment():
    review = checked_review(5, "  Great night ", "   ")
    assert (review.rating, review.title, review.comment) == (5, "Great night", None)  # a blank comment is none
    assert checked_review(1, "t", " fine ").comment == "fine"


def test_every_broken_review_rule_is_reported_at_once():
    with pytest.raises(ValidationFailed) as error:
        checked_review(6, " ", "x" * 2001)
    assert set(fields_of(error)) == {"rating", "title", "comment"}
    with pytest.raises(ValidationFailed) as error:
        checked_review(0, "x" * 101, None)
    assert set(fields_of(error)) == {"rating", "title"}


def test_a_change_replaces_rating_and_comment_and_cannot_break_them():
    assert checked_review_change(3, None) == (3, None)
    assert checked_review_change(4, " better ") == (4, "better")
    with pytest.raises(ValidationFailed) as error:
        checked_review_change(9, "x" * 2001)
    assert set(fields_of(error)) == {"rating", "comment"}


def test_the_creator_counts_once_even_when_also_listed_as_collaborator():
    assert organizer_roles("org1", ["org2", "org1"]) == {"org2": "collaborator", "org1": "creator"}


def test_statistics_average_with_two_decimals_distribute_and_add_up():
    stats = RatingStats(3, 11, {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}) + RatingStats(1, 1, {1: 1, 2: 0, 3: 0, 4: 0, 5: 0})
    assert (stats.total_reviews, stats.rating_sum, stats.average) == (4, 12, 3.0)
    assert RatingStats(3, 13, {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}).average == 4.33
    assert RatingStats().average == 0.0


def test_statistics_of_one_rating_only():
    stats = RatingStats(4, 14, {1: 0, 2: 0, 3: 1, 4: 2, 5: 1})
    four = stats.only(4)
    assert (four.total_reviews, four.rating_sum, four.average, four.distribution) == (
        2, 8, 4.0, {1: 0, 2: 0, 3: 0, 4: 2, 5: 0})
    assert stats.only(None) is stats


def test_search_matches_any_text_case_insensitively():
    assert matches_search("ROOF", ["Jazz on the roof", None])
    assert matches_search("ada", [None, "Lovelace", "ada_l"])
    assert not matches_search("club", ["Jazz", None])


# --- the domain events each change causes: what their consumers need, valid against events_schema/ --------------

ORG, MEMBER = "6d1f3d9e-0c52-4a8e-9a66-2f7d1c6b0a11", "0e7b0f6c-4d8e-4f0a-8b1e-7c9d2a3b4c5d"
AVATAR = f"http://127.0.0.1:3000/media/users/{MEMBER}/avatar.jpg"


def valid(event_type: str, payload: dict) -> dict:
    kernel_events.validate(kernel_events.envelope(event_type, "interactions", payload))
    return payload


def test_a_like_tells_the_organizer_who_liked_which_event():
    gig = Event("3b1d8e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", ORG, (), "PUBLISHED", None)
    event_type, payload = liked(gig, Person(MEMBER, "member", "ada", "Ada", AVATAR))
    assert event_type == "interactions.like.created"
    assert valid(event_type, payload) == {"eventId": gig.event_id, "creatorId": ORG, "userId": MEMBER,
                                          "userName": "Ada", "userAvatar": AVATAR}  # no name known: none sent
    with pytest.raises(ValidationFailed):
        liked(replace(gig, status="DRAFT"), Person(MEMBER, "member", "ada", "Ada", AVATAR))


def test_a_follow_tells_the_followed_who_follows_and_nobody_follows_themselves():
    ada, club = Person(MEMBER, "member", "ada", "Ada", AVATAR), Person(ORG, "organization", "club", "Club", None)
    event_type, payload = followed(ada, club)
    assert valid(event_type, payload)["followerName"] == "Ada" and payload["followedId"] == ORG
    with pytest.raises(Conflict):
        followed(ada, ada)


def test_a_review_tells_the_organizations_of_the_event():
    gig = Event("3b1d8e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", ORG, (), "COMPLETED", "Gig")
    review_id = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    event_type, payload = reviewed(gig, Person(MEMBER, "member", "ada", "Ada", AVATAR),
                                   checked_review(4, "Good", None), review_id)
    assert valid(event_type, payload)["rating"] == 4 and payload["collaboratorIds"] == []
    assert "comment" not in payload and payload["eventName"] == "Gig"
