"""Helpers of the ticketing end-to-end tests: events made known to ticketing through the bus (as the events
context publishes them), ticket types, checkouts and the Stripe emulator's hosted page."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe
from support.bus import publish
from support.platform import Platform, Response, User
from support.polling import eventually

GOOD_CARD, DECLINED_CARD = "4242 4242 4242 4242", "4000 0000 0000 0002"


def _instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def announce_event(platform: Platform, creator: User, status: str = "PUBLISHED", days: float = 30,
                   title: str = "Jazz on the Roof", starts: datetime | None = None) -> str:
    """A new event as ticketing learns it from the bus (event.created, then event.published), starting `days`
    from now unless `starts` is given; returns its id once ticketing knows it."""
    event_id = str(uuid.uuid4())
    starts = starts or datetime.now(UTC) + timedelta(days=days)
    local = starts.strftime("%Y-%m-%dT%H:%M:%S")
    publish(platform.cloud, "event.created", {"eventId": event_id, "creatorId": creator.id, "name": title,
                                              "date": local, "timezone": "UTC", "startsAt": _instant(starts),
                                              "status": "DRAFT"}, "events")
    if status == "PUBLISHED":
        publish(platform.cloud, "event.published", {
            "eventId": event_id, "name": title, "creatorId": creator.id, "creatorName": creator.username,
            "collaboratorIds": [], "date": local, "timezone": "UTC", "startsAt": _instant(starts)}, "events")
    eventually(lambda: _known(platform, event_id, creator, status), what=f"ticketing to know event {event_id}")
    return event_id


def created_event(platform: Platform, creator: User, days: float = 30) -> str:
    """A published event created through the events context's API (the creator's address verified); returns its id
    once ticketing knows it from the events context's own event.* messages."""
    local = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")
    body = {"title": "Jazz on the Roof", "description": "Three bands, one roof.", "status": "PUBLISHED",
            "tags": ["Live Music"], "date": local, "timezone": "Europe/Rome",
            "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}}
    # the events context learns of a new organization from user.created: until then it refuses its events
    created = eventually(lambda: (r := platform.request("POST", "/events", body, user=creator)).status == 201 and r,
                         what="the events context to accept the organization's event")
    event_id = created.json["eventId"]
    eventually(lambda: _known(platform, event_id, creator, "PUBLISHED"), what=f"ticketing to know event {event_id}")
    return event_id


def _known(platform: Platform, event_id: str, creator: User, status: str) -> bool:
    if platform.request("GET", f"/ticketing/events/{event_id}/ticket-types", user=creator).status != 200:
        return False
    return status != "PUBLISHED" or platform.request("GET", f"/ticketing/events/{event_id}/ticket-types").status == 200


def price(amount: int = 1500, currency: str = "EUR") -> dict[str, Any]:
    return {"amount": amount, "currency": currency}


def create_type(platform: Platform, creator: User, event_id: str, kind: str = "STANDARD", quantity: int = 10,
                amount: int = 1500, **extra: Any) -> Response:
    body = {"type": kind, "price": price(amount), "quantity": quantity, **extra}
    return platform.request("POST", f"/ticketing/events/{event_id}/ticket-types", body, user=creator)


def ticket_type(platform: Platform, creator: User, event_id: str, **fields: Any) -> dict[str, Any]:
    response = create_type(platform, creator, event_id, **fields)
    assert response.status == 201, response.raw
    return response.json


def get_type(platform: Platform, ticket_type_id: str, user: User | None = None) -> dict[str, Any]:
    response = platform.request("GET", f"/ticketing/ticket-types/{ticket_type_id}", user=user)
    assert response.status == 200, response.raw
    return response.json


def checkout(platform: Platform, buyer: User, items: list[tuple[str, str]], headers: dict[str, str] | None = None,
             **extra: Any) -> Response:
    body = {"items": [{"ticketTypeId": t, "attendeeName": name} for t, name in items], **extra}
    return platform.request("POST", "/ticketing/checkout-sessions", body, user=buyer, headers=headers)


def checked_out(platform: Platform, buyer: User, ticket_type_id: str, count: int = 1) -> dict[str, Any]:
    response = checkout(platform, buyer, [(ticket_type_id, f"Guest {n}") for n in range(count)])
    assert response.status == 201, response.raw
    return response.json


def saga_arn(cloud: Any, order_id: str) -> str:
    """The purchase saga's execution of an order (named by the order's id) on `cloud` (a RunningCloud)."""
    machines = cloud.client("stepfunctions").list_state_machines()["stateMachines"]
    machine = next(m["stateMachineArn"] for m in machines if "Purchase" in m["name"])
    return machine.replace(":stateMachine:", ":execution:") + f":{order_id}"


def waiting_for_payment(cloud: Any, arn: str) -> bool:
    """The execution has handed its task token to the order (the waiting step's Lambda answered)."""
    history = cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]
    return any(event["type"] == "TaskSubmitted" for event in history)


def get_order(platform: Platform, buyer: User, order_id: str) -> dict[str, Any]:
    response = platform.request("GET", f"/ticketing/orders/{order_id}", user=buyer)
    assert response.status == 200, response.raw
    return response.json


def order_in(platform: Platform, buyer: User, order_id: str, status: str, timeout: float = 30) -> dict[str, Any]:
    return eventually(lambda: (o := get_order(platform, buyer, order_id))["status"] == status and o,
                      timeout=timeout, what=f"order {order_id} to be {status}")


def stripe_client(platform: Platform) -> stripe.StripeClient:
    """The official SDK pointed at the platform's Stripe emulator (which takes any test key), as a test's view of
    Stripe."""
    return stripe.StripeClient("sk_test_tests", base_addresses={"api": platform.cloud.stripe_url})


def ticketing_table(platform: Platform) -> str:
    names = platform.cloud.client("dynamodb").list_tables()["TableNames"]
    return next(n for n in names if "Ticketing" in n)


def stored_order(platform: Platform, order_id: str) -> dict[str, Any]:
    """The order's item as the table holds it (what the saga and the sweeper see)."""
    return platform.cloud.client("dynamodb").get_item(
        TableName=ticketing_table(platform), Key={"PK": {"S": f"ORDER#{order_id}"}, "SK": {"S": "ORDER"}},
        ConsistentRead=True).get("Item", {})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def pay(checkout_url: str, card: str = GOOD_CARD) -> tuple[int, str | None]:
    """Pay on the Stripe emulator's hosted page: (status, Location) - 303 to success_url when paid, 402 when
    the card is declined."""
    form = urllib.parse.urlencode({"card_number": card, "card_expiry": "12 / 34", "card_cvc": "123",
                                   "cardholder_name": "Ada Lovelace"}).encode()
    try:
        with urllib.request.build_opener(_NoRedirect).open(checkout_url, data=form, timeout=30) as answer:
            return answer.status, answer.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def follow(url: str) -> tuple[int, str | None]:
    """GET without following redirects: (status, Location)."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=30) as answer:
            return answer.status, answer.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")
