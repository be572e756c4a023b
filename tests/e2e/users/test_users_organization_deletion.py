"""An organization deletes its account with events still on sale (security review M8). Chosen behaviour: the
deletion goes through, and the events context, on `user.deleted`, cancels the organization's published events
(`event.cancelled`: ticketing refunds every paid order, as for any cancelled event), deletes its drafts, and
takes it off other organizations' events (collaborations and pending invitations). Nothing stays on sale with
nobody left to admit or refund its buyers."""

from __future__ import annotations

import sys
from pathlib import Path

from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ticketing"))  # the purchase helpers

from ticketing_e2e import created_event, order_in, ticket_type  # noqa: E402
from tickets_e2e import bought, ticket  # noqa: E402

DRAFT = {"title": "Still a draft", "status": "DRAFT"}
LOCATION = {"name": "Terrazza", "country": "Italy", "countryCode": "IT", "city": "Milano", "road": "Piazza Diaz",
            "postcode": "20123", "lat": 45.46, "lon": 9.19}


def _event(platform: Platform, creator: User, **fields: object) -> str:
    body = {"title": "Partner night", "description": "Shared.", "status": "PUBLISHED", "date": "2030-07-15T20:00:00",
            "timezone": "Europe/Rome", "location": LOCATION, **fields}
    created = eventually(lambda: (r := platform.request("POST", "/events", body, user=creator)).status == 201 and r,
                         what="the events context to know the organizations")
    return created.json["eventId"]


def _get(platform: Platform, event_id: str, user: User | None = None) -> dict:
    response = platform.request("GET", f"/events/{event_id}", user=user)
    assert response.status == 200, response.raw
    return response.json


def test_deleting_an_organization_cancels_its_events_and_refunds_their_buyers(
        platform: Platform, organization: User, other_organization: User, member: User) -> None:
    for user in (organization, other_organization, member):  # they publish and buy
        platform.verify_email(user)
    on_sale = created_event(platform, organization)
    order = bought(platform, member, ticket_type(platform, organization, on_sale, amount=2000)["id"])
    draft = _event(platform, organization, **DRAFT)
    shared = _event(platform, other_organization, collaboratorIds=[organization.id])
    assert platform.request("POST", f"/events/{shared}/invitation/accept", user=organization).status == 200
    pending = _event(platform, other_organization, collaboratorIds=[organization.id])

    with BusTap(platform.cloud, "events") as tap:
        assert platform.request("DELETE", f"/users/{organization.id}", user=organization).status == 204

        tap.wait_for("event.cancelled", eventId=on_sale, timeout=60)
        assert _get(platform, on_sale)["status"] == "CANCELLED"
        assert tap.wait_for("event.deleted", eventId=draft)["payload"] == {"eventId": draft}
        left = tap.wait_for("event.collaborator.left", eventId=shared, organizationId=organization.id)
        assert left["payload"]["collaboratorIds"] == []
    assert "collaboratorIds" not in _get(platform, shared)
    eventually(lambda: "invitedCollaboratorIds" not in _get(platform, pending, other_organization),
               what="the pending invitation to go")
    assert _get(platform, pending)["status"] == "PUBLISHED"  # the other organization's events stay on

    refunded = order_in(platform, member, order["id"], "CANCELLED", timeout=60)
    assert refunded["reason"] == "event_cancelled"
    assert ticket(platform, member, order["ticketIds"][0])["status"] == "REFUNDED"
