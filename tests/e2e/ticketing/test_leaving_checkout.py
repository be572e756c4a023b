"""Leaving Stripe's page (issue 15): whatever happens behind the cancel link, the buyer lands on our page that
says what did - never a raw 404 (a wrong key) or 500 (Stripe failing) - and a wrong key changes nothing."""

from __future__ import annotations

import urllib.parse

from support.platform import Platform, User
from ticketing_e2e import (
    announce_event,
    checked_out,
    follow,
    get_order,
    get_type,
    order_in,
    pay,
    stripe_client,
    ticket_type,
)


def landing(platform: Platform, location: str | None) -> dict[str, str]:
    """The query of our /checkout/left page the redirect goes to (checked to be that page)."""
    assert location is not None and location.startswith(f"{platform.url}/checkout/left?"), location
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


def cancel_link(platform: Platform, session_id: str) -> str:
    return stripe_client(platform).v1.checkout.sessions.retrieve(session_id).cancel_url


def test_a_wrong_or_missing_key_lands_on_our_page_and_changes_nothing(platform: Platform, organization: User,
                                                                      member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=2)
    started = checked_out(platform, member, standard["id"])
    link = cancel_link(platform, started["sessionId"])
    base = link.split("?")[0]
    for wrong in (f"{base}?key=guess", base, f"{base}?key=%C3%A9t%C3%A9",
                  f"{platform.url}/ticketing/orders/order_00000000-0000-4000-8000-000000000000/cancel?key=x"):
        status, location = follow(wrong)
        assert status == 303, wrong
        assert landing(platform, location) == {"outcome": "unknown"}, wrong  # nothing about the order is told
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    assert get_type(platform, standard["id"])["availableQuantity"] == 1


def test_stripe_failing_lands_on_our_page_and_the_order_stays_held(platform: Platform, organization: User,
                                                                   member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=2)
    started = checked_out(platform, member, standard["id"])
    link = cancel_link(platform, started["sessionId"])
    client = stripe_client(platform)
    operation = "POST /v1/checkout/sessions/{id}/expire"
    client.raw_request("post", "/v1/test_helpers/faults", operation=operation, failure="api_error")
    try:
        status, location = follow(link)
    finally:
        client.raw_request("post", "/v1/test_helpers/faults", operation=operation, failure="api_error", count="0")
    assert status == 303
    assert landing(platform, location) == {"outcome": "unavailable", "order": started["orderId"]}
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"  # held until its hold ends
    status, location = follow(link)  # Stripe is back: the same link releases it
    assert landing(platform, location) == {"outcome": "cancelled", "order": started["orderId"]}
    assert get_type(platform, standard["id"])["availableQuantity"] == 2


def test_a_buyer_who_paid_before_leaving_is_told_so(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization))
    started = checked_out(platform, member, standard["id"])
    link = cancel_link(platform, started["sessionId"])
    assert pay(started["redirectUrl"])[0] == 303
    order_in(platform, member, started["orderId"], "COMPLETED")
    status, location = follow(link)
    assert status == 303
    assert landing(platform, location) == {"outcome": "paid", "order": started["orderId"]}
    assert get_order(platform, member, started["orderId"])["status"] == "COMPLETED"
