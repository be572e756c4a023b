"""Ticket types through the platform's HTTP API: only the event's creator manages them, the rules of the
reference (kinds, price 0-1000 in minor units, quantity), and `ticket-type.*` on the bus for the events context."""

from __future__ import annotations

import uuid

from support.bus import BusTap, publish, send
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, create_type, get_type, price, ticket_type
from tickets_e2e import queue_drained


def test_the_creator_defines_a_ticket_type_and_the_events_context_hears_of_it(
        platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization)
    with BusTap(platform.cloud, "ticketing") as tap:
        created = ticket_type(platform, organization, event_id, kind="VIP", quantity=25, amount=4900,
                              description="Front row", maxPerOrder=4)
        assert created["id"].startswith("ett_")
        assert created == {"id": created["id"], "eventId": event_id, "type": "VIP", "description": "Front row",
                           "price": price(4900), "availableQuantity": 25, "soldQuantity": 0, "totalQuantity": 25,
                           "isSoldOut": False, "maxPerOrder": 4}
        published = tap.wait_for("ticket-type.created", ticketTypeId=created["id"])
    assert published["payload"] == {"eventId": event_id, "ticketTypeId": created["id"], "price": price(4900)}
    assert get_type(platform, created["id"]) == created  # public once the event is published
    listed = platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").json
    assert listed == {"items": [created], "nextCursor": None}


def test_only_the_creator_manages_types_and_others_are_told_apart(
        platform: Platform, organization: User, other_organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    assert create_type(platform, other_organization, event_id).status == 403
    assert create_type(platform, member, event_id).status == 403
    assert platform.request("POST", f"/ticketing/events/{event_id}/ticket-types",
                            {"type": "VIP", "price": price(), "quantity": 1}).status == 401
    assert create_type(platform, organization, str(uuid.uuid4())).status == 404
    created = ticket_type(platform, organization, event_id)
    change = {"price": price(2000), "quantity": 5}
    assert platform.request("PUT", f"/ticketing/ticket-types/{created['id']}", change,
                            user=other_organization).status == 403
    assert platform.request("DELETE", f"/ticketing/ticket-types/{created['id']}", user=member).status == 403
    assert platform.request("DELETE", f"/ticketing/ticket-types/{created['id']}").status == 401
    assert get_type(platform, created["id"]) == created  # nothing changed


def test_a_drafts_types_are_the_creators_business_only(platform: Platform, organization: User,
                                                        member: User) -> None:
    event_id = announce_event(platform, organization, status="DRAFT")
    created = ticket_type(platform, organization, event_id)
    assert get_type(platform, created["id"], organization) == created
    assert platform.request("GET", f"/ticketing/ticket-types/{created['id']}", user=member).status == 404
    assert platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").status == 404
    assert create_type(platform, member, event_id, kind="VIP").status == 404  # may not know it exists


def test_invalid_ticket_types_are_refused_and_nothing_is_written(platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization)
    path = f"/ticketing/events/{event_id}/ticket-types"
    for body in ({"type": "GOLD", "price": price(), "quantity": 1},
                 {"type": "VIP", "price": price(100_001), "quantity": 1},
                 {"type": "VIP", "price": price(-1), "quantity": 1},
                 {"type": "VIP", "price": {"amount": 15.5, "currency": "EUR"}, "quantity": 1},
                 {"type": "VIP", "price": {"amount": "1500", "currency": "EUR"}, "quantity": 1},
                 {"type": "VIP", "price": price(currency="eur"), "quantity": 1},
                 {"type": "VIP", "price": price(), "quantity": 0},
                 {"type": "VIP", "price": price(), "quantity": 2.5},
                 {"type": "VIP", "price": price(), "quantity": 1, "maxPerOrder": 0},
                 {"type": "VIP", "price": price(), "quantity": 1, "description": ""},
                 {"type": "VIP", "price": price(), "quantity": 1, "sold": 3},
                 {"type": "VIP", "price": price()}):
        response = platform.request("POST", path, body, user=organization)
        assert response.status == 400, (body, response.raw)
        assert response.json["errors"], body
    assert platform.request("POST", path, "not json", user=organization, ).status in (400, 415)
    assert platform.request("GET", path).json["items"] == []


def test_a_price_change_and_a_deletion_reach_the_bus(platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization)
    created = ticket_type(platform, organization, event_id, quantity=10)
    with BusTap(platform.cloud, "ticketing") as tap:
        changed = platform.request("PUT", f"/ticketing/ticket-types/{created['id']}",
                                   {"price": price(2500), "quantity": 40, "description": "Now with a drink"},
                                   user=organization)
        assert changed.status == 200, changed.raw
        assert changed.json["price"] == price(2500)
        assert (changed.json["availableQuantity"], changed.json["totalQuantity"]) == (40, 40)
        assert changed.json["description"] == "Now with a drink"
        assert "maxPerOrder" not in changed.json
        assert tap.wait_for("ticket-type.updated", ticketTypeId=created["id"])["payload"]["price"] == price(2500)
        deleted = platform.request("DELETE", f"/ticketing/ticket-types/{created['id']}", user=organization)
        assert deleted.status == 204
        assert tap.wait_for("ticket-type.deleted", ticketTypeId=created["id"])["payload"]["eventId"] == event_id
    assert platform.request("GET", f"/ticketing/ticket-types/{created['id']}").status == 404
    assert create_type(platform, organization, event_id).status == 201  # the kind is free again


def test_no_new_types_once_the_event_is_cancelled(platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization)
    publish(platform.cloud, "event.cancelled", {"eventId": event_id, "creatorId": organization.id,
                                                "name": "Jazz on the Roof"}, "events")
    # guests see only published events: the cancellation has arrived when the guest's view is gone
    eventually(lambda: platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").status == 404,
               what="the cancellation to reach ticketing")
    refused = create_type(platform, organization, event_id, kind="VIP")
    assert refused.status == 409 and "cancelled" in refused.json["detail"]
    assert platform.request("GET", f"/ticketing/events/{event_id}/ticket-types", user=organization).json["items"] \
        == []


def test_a_deleted_event_takes_its_ticket_types_along(platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization, status="DRAFT")
    types = [ticket_type(platform, organization, event_id, kind=kind) for kind in ("STANDARD", "VIP")]
    with BusTap(platform.cloud, "ticketing") as tap:
        envelope = publish(platform.cloud, "event.deleted", {"eventId": event_id}, "events")
        for created in types:
            assert tap.wait_for("ticket-type.deleted", ticketTypeId=created["id"])["payload"]["eventId"] == event_id
        send(platform.cloud, envelope)  # the same message again
        publish(platform.cloud, "event.deleted", {"eventId": event_id}, "events")  # and told twice
        queue_drained(platform)
        # a later change of ours as a marker: the outbox relays in order, so a second deletion would be seen first
        marker = ticket_type(platform, organization, announce_event(platform, organization))
        tap.wait_for("ticket-type.created", ticketTypeId=marker["id"])
        for created in types:
            assert len(tap.about("ticket-type.deleted", ticketTypeId=created["id"])) == 1
    for created in types:
        assert platform.request("GET", f"/ticketing/ticket-types/{created['id']}", user=organization).status == 404
    assert create_type(platform, organization, event_id).status == 404  # the event is gone for ticketing too
