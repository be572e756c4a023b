"""Collaborators consent (security review M7): an organization the creator names is invited, sees the invitation
once the event is published, and only when it accepts is it listed on the event, found in its own searches
and told to interactions; it may decline, and later leave. Nobody else answers for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from events_e2e import Events, ids
from support.bus import BusTap
from support.platform import Platform, User


@pytest.fixture
def tap(platform: Platform) -> Iterator[BusTap]:
    with BusTap(platform.cloud, "events") as bus_tap:
        yield bus_tap


def test_a_named_organization_is_a_collaborator_only_once_it_accepts(events: Events, platform: Platform,
                                                                     org: User) -> None:
    partner, stranger = events.organization(), events.organization()
    event_id = events.created(org, collaboratorIds=[partner.id])["eventId"]

    public = events.get(event_id).json
    assert "collaboratorIds" not in public and "invitedCollaboratorIds" not in public
    assert "invitedCollaboratorIds" not in events.get(event_id, partner).json  # pending invitations: the creator's
    assert events.get(event_id, org).json["invitedCollaboratorIds"] == [partner.id]
    assert event_id not in ids(events.found(organizationId=partner.id))  # not listed on the partner's page
    assert event_id in events.invitations(partner) and event_id not in events.invitations(stranger)

    # nobody answers for the partner: not the stranger, not the creator
    assert events.answer(event_id, stranger, "accept").status == 404
    assert events.answer(event_id, org, "accept").status == 404
    accepted = events.answer(event_id, partner, "accept")
    assert accepted.status == 200, accepted.raw
    assert accepted.json["collaboratorIds"] == [partner.id]
    assert events.get(event_id).json["collaboratorIds"] == [partner.id]
    assert "invitedCollaboratorIds" not in events.get(event_id, org).json
    assert event_id in ids(events.found(organizationId=partner.id))
    assert event_id not in events.invitations(partner)
    assert events.answer(event_id, partner, "accept").status == 404  # nothing pending any more

    # and it may leave again
    assert events.answer(event_id, stranger, "leave").status == 404
    gone = events.answer(event_id, partner, "leave")
    assert gone.status == 200 and "collaboratorIds" not in gone.json
    assert event_id not in ids(events.found(organizationId=partner.id))
    assert events.answer(event_id, partner, "leave").status == 404


def test_a_declined_invitation_is_gone_and_the_creator_may_invite_again(events: Events, org: User) -> None:
    partner = events.organization()
    event_id = events.created(org, collaboratorIds=[partner.id])["eventId"]
    declined = events.answer(event_id, partner, "decline")
    assert declined.status == 200 and "collaboratorIds" not in declined.json
    assert "invitedCollaboratorIds" not in events.get(event_id, org).json
    assert event_id not in events.invitations(partner)
    assert events.answer(event_id, partner, "accept").status == 404
    assert events.answer(event_id, partner, "decline").status == 404
    # naming it again is a new invitation, still not a collaboration
    again = events.update(event_id, org, {"status": "PUBLISHED", "collaboratorIds": [partner.id]})
    assert again.status == 200 and "collaboratorIds" not in again.json
    assert again.json["invitedCollaboratorIds"] == [partner.id]
    assert event_id in events.invitations(partner)


def test_a_drafts_invitations_show_once_it_is_published(events: Events, org: User) -> None:
    partner = events.organization()
    draft = events.created(org, status="DRAFT", collaboratorIds=[partner.id])["eventId"]
    assert draft not in events.invitations(partner)
    assert events.answer(draft, partner, "accept").status == 404  # a draft is its creator's alone
    assert events.update(draft, org, {"status": "PUBLISHED"}).status == 200
    assert draft in events.invitations(partner)
    assert draft not in ids(events.found(organizationId=partner.id))
    assert events.answer(draft, partner, "accept").status == 200
    assert draft in ids(events.found(organizationId=partner.id))


def test_the_creator_keeps_who_accepted_and_removing_them_unlists_the_event(events: Events, org: User) -> None:
    partner, late = events.organization(), events.organization()
    event_id = events.created(org, collaboratorIds=[partner.id])["eventId"]
    assert events.answer(event_id, partner, "accept").status == 200
    both = events.update(event_id, org, {"status": "PUBLISHED", "collaboratorIds": [partner.id, late.id]}).json
    assert both["collaboratorIds"] == [partner.id] and both["invitedCollaboratorIds"] == [late.id]
    removed = events.update(event_id, org, {"status": "PUBLISHED", "collaboratorIds": []}).json
    assert "collaboratorIds" not in removed and "invitedCollaboratorIds" not in removed
    assert event_id not in ids(events.found(organizationId=partner.id))
    assert event_id not in events.invitations(late)


def test_a_cancelled_events_invitation_can_be_declined_not_accepted(events: Events, platform: Platform,
                                                                     org: User) -> None:
    partner = events.organization()
    event_id = events.created(org, collaboratorIds=[partner.id])["eventId"]
    assert platform.request("DELETE", f"/events/{event_id}", user=org).status == 200  # published: cancelled
    assert event_id not in events.invitations(partner)
    refused = events.answer(event_id, partner, "accept")
    assert refused.status == 409 and refused.json["status"] == 409
    assert events.answer(event_id, partner, "decline").status == 200


def test_the_invitation_routes_need_a_caller(events: Events, platform: Platform, org: User) -> None:
    event_id = events.created(org)["eventId"]
    assert platform.request("GET", "/events/invitations").status == 401
    for action in ("accept", "decline", "leave"):
        assert events.answer(event_id, None, action).status == 401
    assert platform.request("GET", "/events/invitations?limit=0", user=org).status == 400
    assert platform.request("GET", "/events/invitations?cursor=bogus", user=org).status == 400


def test_each_answer_is_a_domain_event(events: Events, org: User, tap: BusTap) -> None:
    partner, other = events.organization(), events.organization()
    event_id = events.created(org, collaboratorIds=[partner.id, other.id])["eventId"]
    invited = tap.wait_for("event.collaborator.invited", eventId=event_id, organizationId=partner.id)["payload"]
    assert invited == {"eventId": event_id, "creatorId": org.id, "creatorName": org.username,
                       "organizationId": partner.id, "collaboratorIds": [], "name": "Jazz on the Roof",
                       "startsAt": invited["startsAt"]}
    tap.wait_for("event.collaborator.invited", eventId=event_id, organizationId=other.id)
    created = tap.wait_for("event.created", eventId=event_id)["payload"]
    assert created["collaboratorIds"] == []  # nobody accepted yet

    events.answer(event_id, partner, "accept")
    accepted = tap.wait_for("event.collaborator.accepted", eventId=event_id)["payload"]
    assert accepted["organizationId"] == partner.id and accepted["collaboratorIds"] == [partner.id]
    events.answer(event_id, other, "decline")
    declined = tap.wait_for("event.collaborator.declined", eventId=event_id)["payload"]
    assert declined["organizationId"] == other.id and declined["collaboratorIds"] == [partner.id]
    events.answer(event_id, partner, "leave")
    left = tap.wait_for("event.collaborator.left", eventId=event_id)["payload"]
    assert left["organizationId"] == partner.id and left["collaboratorIds"] == []


def test_the_api_document_describes_the_invitation_routes_as_secured(platform: Platform) -> None:
    paths = platform.request("GET", "/events/openapi.json").json["paths"]
    for path, method in (("/events/invitations", "get"), ("/events/{eventId}/invitation/accept", "post"),
                         ("/events/{eventId}/invitation/decline", "post"),
                         ("/events/{eventId}/collaboration/leave", "post")):
        assert paths[path][method].get("security"), (method, path)
