"""Door staff (issue 15): the event's creator grants the right to scan its tickets, at that event only, to a
member or to an organization that collaborates on it, and takes it back; only the creator manages it."""

from __future__ import annotations

import uuid

from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, ticket_type
from tickets_e2e import TONIGHT, bought, ticket, verify


def staff_path(event_id: str, user_id: str | None = None) -> str:
    return f"/ticketing/events/{event_id}/door-staff" + (f"/{user_id}" if user_id else "")


def granted(platform: Platform, creator: User, event_id: str, user: User) -> dict:
    """The right, once ticketing knows the user (from user.created)."""
    answer = eventually(lambda: (r := platform.request("PUT", staff_path(event_id, user.id), user=creator)).status
                        == 200 and r, what=f"ticketing to know {user.username}")
    return answer.json


def collaborating(platform: Platform, creator: User, event_id: str, partner: User) -> None:
    publish(platform.cloud, "event.collaborator.accepted", {
        "eventId": event_id, "creatorId": creator.id, "organizationId": partner.id,
        "collaboratorIds": [partner.id]}, "events")


def test_a_granted_member_scans_at_that_event_only_until_the_right_is_taken_back(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT, title="Jazz Tonight")
    other_event = announce_event(platform, organization, days=TONIGHT)
    kind = ticket_type(platform, organization, event_id)
    first, second, third = bought(platform, other_member, kind["id"], count=3)["ticketIds"]
    elsewhere = bought(platform, other_member, ticket_type(platform, organization, other_event)["id"])["ticketIds"][0]

    right = granted(platform, organization, event_id, member)
    assert right == {"eventId": event_id, "userId": member.id, "username": member.username, "role": "member",
                     "grantedAt": right["grantedAt"]}
    listed = platform.request("GET", staff_path(event_id), user=organization)
    assert listed.json == {"items": [right], "nextCursor": None}
    again = platform.request("PUT", staff_path(event_id, member.id), user=organization)
    assert again.json == right  # a repeat changes nothing

    scanned = verify(platform, member, event_id, first)
    assert scanned.status == 200, scanned.raw
    assert (scanned.json["result"], scanned.json["eventTitle"]) == ("admitted", "Jazz Tonight")
    assert platform.request("GET", f"/ticketing/events/{event_id}/checkins", user=member).json["admitted"] == 1
    assert verify(platform, member, other_event, elsewhere).status == 403  # not their door
    duties = platform.request("GET", f"/ticketing/users/{member.id}/door-events", user=member)
    assert [(d["eventId"], d["eventTitle"]) for d in duties.json["items"]] == [(event_id, "Jazz Tonight")]
    # door staff see the figures, not the attendees' names
    assert platform.request("GET", f"/ticketing/events/{event_id}/attendees", user=member).status == 403

    assert platform.request("DELETE", staff_path(event_id, member.id), user=organization).status == 204
    assert verify(platform, member, event_id, second).status == 403
    assert ticket(platform, other_member, second)["status"] == "ACTIVE"
    assert platform.request("GET", staff_path(event_id), user=organization).json["items"] == []
    assert platform.request("DELETE", staff_path(event_id, member.id), user=organization).status == 404
    assert verify(platform, organization, event_id, third).json["result"] == "admitted"


def test_an_organization_is_granted_only_while_it_collaborates(platform: Platform, organization: User,
                                                               other_organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    first, second = bought(platform, member, ticket_type(platform, organization, event_id)["id"], 2)["ticketIds"]
    path = staff_path(event_id, other_organization.id)
    refused = eventually(lambda: (r := platform.request("PUT", path, user=organization)).status == 400 and
                         "collaborate" in r.json["errors"][0]["message"] and r, what="a refusal for a stranger")
    assert refused.json["errors"][0]["field"] == "userId"

    collaborating(platform, organization, event_id, other_organization)
    eventually(lambda: platform.request("PUT", path, user=organization).status == 200, what="the collaborator")
    assert verify(platform, other_organization, event_id, first).json["result"] == "admitted"
    publish(platform.cloud, "event.collaborator.left", {
        "eventId": event_id, "creatorId": organization.id, "organizationId": other_organization.id,
        "collaboratorIds": []}, "events")
    figures = f"/ticketing/events/{event_id}/checkins"
    eventually(lambda: platform.request("GET", figures, user=other_organization).status == 403,
               what="the right to lapse with the collaboration")
    assert verify(platform, other_organization, event_id, second).status == 403
    assert ticket(platform, member, second)["status"] == "ACTIVE"


def test_who_manages_door_staff(platform: Platform, organization: User, other_organization: User,
                                member: User, other_member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    granted(platform, organization, event_id, member)
    for path, method in ((staff_path(event_id), "GET"), (staff_path(event_id, other_member.id), "PUT"),
                         (staff_path(event_id, member.id), "DELETE")):
        assert platform.request(method, path).status == 401, (method, path)
        for someone in (member, other_organization):  # the door staff themselves, another organization
            answer = platform.request(method, path, user=someone)
            assert answer.status == 403, (method, path, answer.raw)
            assert answer.headers["content-type"] == "application/problem+json"
        unknown = path.replace(event_id, str(uuid.uuid4()))
        assert platform.request(method, unknown, user=organization).status == 404, (method, unknown)
    draft = announce_event(platform, organization, status="DRAFT")
    assert platform.request("GET", staff_path(draft), user=other_organization).status == 404  # unseen draft
    assert platform.request("GET", staff_path(event_id), user=organization).json["items"][0]["userId"] == member.id

    for nobody in (str(uuid.uuid4()), organization.id):  # unknown to ticketing, the creator itself
        answer = platform.request("PUT", staff_path(event_id, nobody), user=organization)
        assert answer.status == 400, (nobody, answer.raw)
        assert answer.json["errors"][0]["field"] == "userId"
    assert platform.request("PUT", staff_path(event_id, "x" * 300), user=organization).status == 404  # no id
    assert platform.request("GET", f"/ticketing/users/{other_member.id}/door-events", user=member).status == 403
    assert platform.request("GET", staff_path(event_id) + "?cursor=forged", user=organization).status == 400
