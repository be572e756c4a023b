"""An event is cancelled: its paid, ACTIVE tickets are refunded through Stripe and become REFUNDED, and
`payments.order.refunded` (reason event_cancelled) tells the notifications context - once per order, however
often the cancellation arrives. Used and unpaid tickets are left as they are."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from support.bus import BusTap, publish, send
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checked_out, order_in, pay, ticket_type
from tickets_e2e import TONIGHT, bought, queue_drained, queue_url, stripe_get, stripe_post, ticket, verify


def cancellation(organization: User, event_id: str) -> dict:
    return {"eventId": event_id, "creatorId": organization.id, "name": "Jazz on the Roof"}


def test_cancelling_an_event_refunds_its_active_tickets_once(platform: Platform, organization: User, member: User,
                                                             other_member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    vip = ticket_type(platform, organization, event_id, kind="VIP", amount=2500)
    first = bought(platform, member, vip["id"], count=2)
    second = bought(platform, other_member, vip["id"])
    unpaid = checked_out(platform, other_member, vip["id"])
    marker = ticket_type(platform, organization, announce_event(platform, organization))
    used, kept = first["ticketIds"]
    assert verify(platform, organization, event_id, used).json["result"] == "admitted"

    with BusTap(platform.cloud, "ticketing") as tap:
        cancelled = publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        refunded = tap.wait_for("payments.order.refunded", orderId=first["id"])
        assert refunded["payload"] == {"orderId": first["id"], "userId": member.id, "eventId": event_id,
                                       "ticketIds": [kept], "amount": {"amount": 2500, "currency": "EUR"},
                                       "reason": "event_cancelled"}
        assert tap.wait_for("payments.order.refunded", orderId=second["id"])["payload"]["amount"] == \
            {"amount": 2500, "currency": "EUR"}

        send(platform.cloud, cancelled)  # the same message again
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")  # told twice
        queue_drained(platform)
        queue_drained(platform, "RefundFunction")
        # a later change of ours as a marker: the outbox relays in order, so a second refund would be seen first
        assert platform.request("PUT", f"/ticketing/ticket-types/{marker['id']}",
                                {"price": {"amount": 1600, "currency": "EUR"}, "quantity": 10},
                                user=organization).status == 200
        tap.wait_for("ticket-type.updated", ticketTypeId=marker["id"])
        assert len(tap.about("payments.order.refunded", orderId=first["id"])) == 1
        assert len(tap.about("payments.order.refunded", orderId=second["id"])) == 1
        assert not tap.about("payments.order.refunded", orderId=unpaid["orderId"])

    assert ticket(platform, member, used)["status"] == "USED"
    assert ticket(platform, member, kept)["status"] == "REFUNDED"
    assert ticket(platform, other_member, second["ticketIds"][0])["status"] == "REFUNDED"
    for buyer, order in ((member, first), (other_member, second)):
        now = order_in(platform, buyer, order["id"], "CANCELLED")
        assert now["reason"] == "event_cancelled"
        intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
        charge = stripe_get(platform, f"charges/{intent['latest_charge']}")
        assert charge["amount_refunded"] == 2500  # the used ticket is not refunded, nothing is refunded twice
    assert verify(platform, organization, event_id, kept).status == 409


def test_free_tickets_of_a_cancelled_event_are_marked_refunded_without_a_payment(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    free = ticket_type(platform, organization, event_id, amount=0)
    order = bought_free(platform, member, free["id"])

    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        refunded = tap.wait_for("payments.order.refunded", orderId=order["id"])
    assert refunded["payload"]["amount"] == {"amount": 0, "currency": "EUR"}
    assert ticket(platform, member, order["ticketIds"][0])["status"] == "REFUNDED"


def bought_free(platform: Platform, buyer: User, ticket_type_id: str, count: int = 1) -> dict:
    started = checked_out(platform, buyer, ticket_type_id, count)
    return order_in(platform, buyer, started["orderId"], "COMPLETED")


def test_an_organization_cancels_its_event_through_the_events_api_and_the_buyer_is_refunded(
        platform: Platform, organization: User, member: User) -> None:
    platform.verify_email(organization)  # it publishes through the events API
    starts = (datetime.now(UTC) + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%S")
    body = {"title": "Roof Concert", "description": "One night only.", "status": "PUBLISHED", "tags": ["Live Music"],
            "date": starts, "timezone": "Europe/Rome",
            "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}}
    created = eventually(lambda: (r := platform.request("POST", "/events", body, user=organization)).status == 201
                         and r.json, what="the events context to know the organization")
    event_id = created["eventId"]
    eventually(lambda: platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").status == 200,
               what="ticketing to know the published event")
    order = bought(platform, member, ticket_type(platform, organization, event_id, amount=4000)["id"])

    with BusTap(platform.cloud, "ticketing") as tap:
        cancelled = platform.request("DELETE", f"/events/{event_id}", user=organization)
        assert cancelled.status == 200 and cancelled.json["status"] == "CANCELLED"
        refunded = tap.wait_for("payments.order.refunded", orderId=order["id"])
    assert refunded["payload"]["amount"] == {"amount": 4000, "currency": "EUR"}
    assert ticket(platform, member, order["ticketIds"][0])["status"] == "REFUNDED"
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["refunded"] is True


def test_an_order_paid_after_its_event_was_cancelled_is_refunded_too(platform: Platform, organization: User,
                                                                     member: User) -> None:
    event_id = announce_event(platform, organization)
    started = checked_out(platform, member, ticket_type(platform, organization, event_id, amount=1200)["id"])
    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        eventually(lambda: platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").status == 404,
                   what="ticketing to know the event is cancelled")
        assert pay(started["redirectUrl"])[0] == 303  # the buyer was still on the hosted page
        tap.wait_for("payments.order.confirmed", orderId=started["orderId"])
        refunded = tap.wait_for("payments.order.refunded", orderId=started["orderId"])
    assert refunded["payload"]["amount"] == {"amount": 1200, "currency": "EUR"}
    assert refunded["payload"]["reason"] == "event_cancelled"
    order = order_in(platform, member, started["orderId"], "CANCELLED")
    assert ticket(platform, member, order["ticketIds"][0])["status"] == "REFUNDED"
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 1200


def test_a_payment_already_refunded_in_stripes_dashboard_is_recorded_not_retried_forever(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    order = bought(platform, member, ticket_type(platform, organization, event_id, amount=900)["id"])
    by_hand = stripe_post(platform, "refunds", {"payment_intent": order["paymentIntentId"]})
    assert by_hand["status"] == "succeeded"

    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        refunded = tap.wait_for("payments.order.refunded", orderId=order["id"])
    assert refunded["payload"]["amount"] == {"amount": 900, "currency": "EUR"}
    assert ticket(platform, member, order["ticketIds"][0])["status"] == "REFUNDED"
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 900  # once


def test_a_cancelled_event_with_many_orders_refunds_every_order_once_a_message_per_order(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    """The refund queue reads the event's tickets a page (25) at a time and refunds each order in a message of
    its own: 16 orders, 32 tickets, two pages (free orders of two tickets each, so an order's tickets may lie on
    both pages and must still be refunded once; it was 30 free orders of one ticket, twice the checkouts for the
    same two pages)."""
    event_id = announce_event(platform, organization)
    vip = ticket_type(platform, organization, event_id, kind="VIP", amount=1500, quantity=10)
    free = ticket_type(platform, organization, event_id, amount=0, quantity=100)
    # 10 tickets each at most
    buyers = [member, other_member, *(platform.register("member", verified=True) for _ in range(3))]
    paid = [bought(platform, buyer, vip["id"], count=2) for buyer in buyers[:3]]
    given = [bought_free(platform, buyers[n % len(buyers)], free["id"], count=2) for n in range(13)]

    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        for order in paid + given:
            tap.wait_for("payments.order.refunded", orderId=order["id"], timeout=60)
        queue_drained(platform, "RefundFunction")
        queue_drained(platform)
        for order in paid + given:
            assert len(tap.about("payments.order.refunded", orderId=order["id"])) == 1, order["id"]
    assert dead_letters(platform, "RefundDeadLetters") == 0
    for order in paid:
        intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
        assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 3000
    assert all(ticket(platform, member, t)["status"] == "REFUNDED" for t in given[0]["ticketIds"])


def test_a_redelivered_order_message_does_not_refund_twice(platform: Platform, organization: User,
                                                           member: User) -> None:
    event_id = announce_event(platform, organization)
    order = bought(platform, member, ticket_type(platform, organization, event_id, amount=2000)["id"])
    live_event = announce_event(platform, organization)
    kept = bought(platform, member, ticket_type(platform, organization, live_event, amount=700)["id"])
    sqs, refund_queue = platform.cloud.client("sqs"), queue_url(platform, "RefundFunction")

    def order_message(order_id: str) -> None:  # what the refund queue's page of tickets sends for one order
        sqs.send_message(QueueUrl=refund_queue, MessageBody=json.dumps({"kind": "order", "orderId": order_id}))

    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation(organization, event_id), "events")
        for _ in range(3):  # SQS delivers at least once: copies, at the same time as the original
            order_message(order["id"])
        tap.wait_for("payments.order.refunded", orderId=order["id"])
        order_message(order["id"])  # and once more after it was refunded
        order_message(kept["id"])  # an order of an event that is not cancelled: nobody may refund it this way
        queue_drained(platform)
        queue_drained(platform, "RefundFunction")
        assert len(tap.about("payments.order.refunded", orderId=order["id"])) == 1
        assert not tap.about("payments.order.refunded", orderId=kept["id"])
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 2000
    assert order_in(platform, member, kept["id"], "COMPLETED")
    intent = stripe_get(platform, f"payment_intents/{kept['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 0


def dead_letters(platform: Platform, queue: str) -> int:
    """How many messages a dead-letter queue of the ticketing context holds."""
    sqs = platform.cloud.client("sqs")
    url = next(u for u in sqs.list_queues(QueueNamePrefix="eventonight-TicketingContext")["QueueUrls"]
               if u.endswith(f"-{queue}"))
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return sum(int(v) for v in attributes.values())
