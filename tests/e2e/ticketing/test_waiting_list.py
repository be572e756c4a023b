"""The waiting list of a sold-out ticket type through the platform: members join and leave; when tickets come
back (a hold released, the organizer's larger total) the first in line gets an offer - a PENDING order holding
one ticket - and an in-app notification; an offer not paid in time passes to the next; a release of five tickets
racing makes exactly five offers, in the order the members joined."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checked_out, get_order, get_type, order_in, pay, ticket_type
from waiting_e2e import entries, entry, join, offer_overdue, offered


def _cancel(platform: Platform, buyer: User, order_id: str) -> None:
    response = platform.request("POST", f"/ticketing/orders/{order_id}/cancel", user=buyer)
    assert response.status == 200, response.raw


def test_a_member_waits_gets_the_released_ticket_as_an_offer_and_pays_it(platform: Platform, organization: User,
                                                                        member: User, other_member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=1)
    assert join(platform, member, standard["id"]).status == 409  # not sold out: buy instead
    buyer = platform.register("member", verified=True)
    held = checked_out(platform, buyer, standard["id"])

    assert join(platform, None, standard["id"]).status == 401
    joined = join(platform, member, standard["id"], "Ada Lovelace")
    assert joined.status == 201, joined.raw
    assert joined.json["status"] == "WAITING" and joined.json["attendeeName"] == "Ada Lovelace"
    assert join(platform, member, standard["id"]).status == 409  # once
    assert join(platform, other_member, standard["id"], "Grace").status == 201
    assert join(platform, member, "ett_00000000-0000-4000-8000-000000000000").status == 404
    assert platform.request("GET", f"/ticketing/users/{member.id}/waiting-list", user=other_member).status == 403

    _cancel(platform, buyer, held["orderId"])  # the ticket comes back: to the first in line
    offer = offered(platform, member, standard["id"])
    assert entry(platform, other_member, standard["id"])["status"] == "WAITING"
    assert get_type(platform, standard["id"])["availableQuantity"] == 0  # held for the offer, not for sale
    order = get_order(platform, member, offer["orderId"])
    assert (order["status"], order["amount"]["amount"]) == ("PENDING", 1500)
    assert order["expiresAt"] == offer["offerExpiresAt"]
    note = eventually(lambda: next((n for n in platform.request("GET", "/notifications", user=member).json["items"]
                                    if n["type"] == "waiting_list_offer"), None), what="the in-app notification")
    assert note["metadata"]["orderId"] == offer["orderId"]
    mail = platform.mailbox.wait_for(member.email, "is held for you")  # and by e-mail
    assert mail["subject"] == "A ticket for Jazz on the Roof is held for you"

    # leaving is for a waiting entry; the offer is someone else's to pay
    assert platform.request("DELETE", f"/ticketing/ticket-types/{standard['id']}/waiting-list",
                            user=member).status == 409
    pay_offer = f"/ticketing/orders/{offer['orderId']}/checkout"
    assert platform.request("POST", pay_offer, {}, user=other_member).status == 404
    assert platform.request("POST", pay_offer, {"successUrl": "https://evil.example/"}, user=member).status == 400
    started = platform.request("POST", pay_offer, {}, user=member)
    assert started.status == 201, started.raw
    again = platform.request("POST", pay_offer, {}, user=member)
    assert again.json["sessionId"] == started.json["sessionId"]  # the same page
    assert pay(started.json["redirectUrl"])[0] == 303
    order_in(platform, member, offer["orderId"], "COMPLETED")
    eventually(lambda: entry(platform, member, standard["id"])["status"] == "TAKEN", what="the offer taken")
    assert entry(platform, other_member, standard["id"])["status"] == "WAITING"  # nothing came back for her

    left = platform.request("DELETE", f"/ticketing/ticket-types/{standard['id']}/waiting-list", user=other_member)
    assert left.status == 204
    assert entry(platform, other_member, standard["id"]) is None


def test_an_offer_not_paid_in_time_passes_to_the_next_in_line(platform: Platform, organization: User,
                                                              member: User, other_member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=1)
    buyer = platform.register("member", verified=True)
    held = checked_out(platform, buyer, standard["id"])
    assert join(platform, member, standard["id"]).status == 201
    assert join(platform, other_member, standard["id"], "Grace").status == 201
    _cancel(platform, buyer, held["orderId"])
    first = offered(platform, member, standard["id"])

    offer_overdue(platform, first["orderId"], int(time.time()) - 3600)  # the day of the offer is over
    assert order_in(platform, member, first["orderId"], "CANCELLED")["reason"] == "expired"
    second = offered(platform, other_member, standard["id"])
    assert entry(platform, member, standard["id"])["status"] == "PASSED"
    assert get_order(platform, other_member, second["orderId"])["status"] == "PENDING"
    assert get_type(platform, standard["id"])["availableQuantity"] == 0


def test_a_larger_total_makes_offers(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=1)
    checked_out(platform, platform.register("member", verified=True), standard["id"])
    assert join(platform, member, standard["id"]).status == 201
    changed = platform.request("PUT", f"/ticketing/ticket-types/{standard['id']}",
                               {"price": {"amount": 1500, "currency": "EUR"}, "quantity": 2}, user=organization)
    assert changed.status == 200, changed.raw
    offered(platform, member, standard["id"])
    assert get_type(platform, standard["id"])["availableQuantity"] == 0


def test_five_tickets_released_at_once_make_five_offers_to_the_first_five_of_ten(platform: Platform,
                                                                                 organization: User) -> None:
    """Ten in line (it was twenty): five offers and as many left waiting behind them show the line's order as
    well, for half the registrations, joins and entries read at every probe of the wait."""
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        buyers = list(pool.map(lambda _: platform.register("member", verified=True), range(5)))
        waiting = list(pool.map(lambda _: platform.register("member"), range(10)))  # they only wait
    holds = [checked_out(platform, buyer, standard["id"]) for buyer in buyers]
    for member in waiting:  # one after the other: the line's order
        assert join(platform, member, standard["id"]).status == 201
    with ThreadPoolExecutor(max_workers=5) as pool:  # five releases, five consumers' messages at once
        list(pool.map(lambda pair: _cancel(platform, *pair), [(b, h["orderId"]) for b, h in zip(buyers, holds,
                                                                                                 strict=True)]))

    def statuses() -> list[str]:
        return [(entry(platform, m, standard["id"]) or {}).get("status", "?") for m in waiting]

    eventually(lambda: statuses().count("OFFERED") >= 5, timeout=90, what="five offers")
    assert statuses() == ["OFFERED"] * 5 + ["WAITING"] * 5
    assert get_type(platform, standard["id"])["availableQuantity"] == 0
    orders = {entries(platform, m)[0]["orderId"] for m in waiting[:5]}
    assert len(orders) == 5
