"""Against inventory hoarding (review M4): a buyer holds at most 3 unpaid orders at once and gets at most 10
tickets of one event, free ones included (the template's defaults), counted in the reservation's own
transaction so simultaneous checkouts cannot pass the caps; a released order gives its share back."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from support.platform import Platform, Response, User
from ticketing_e2e import announce_event, checked_out, checkout, get_type, ticket_type


def _refused(answer: Response, words: str) -> None:
    assert answer.status == 409, answer.raw
    assert answer.headers["content-type"] == "application/problem+json"
    assert words in answer.json["detail"], answer.json


def test_a_buyer_holds_at_most_three_open_orders_and_a_cancelled_one_frees_its_place(
        platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=20)
    held = [checked_out(platform, member, standard["id"]) for _ in range(3)]
    _refused(checkout(platform, member, [(standard["id"], "Ada")]), "at most 3 open orders")
    assert get_type(platform, standard["id"])["availableQuantity"] == 17  # the refused one took nothing

    assert platform.request("POST", f"/ticketing/orders/{held[0]['orderId']}/cancel", user=member).status == 200
    assert checkout(platform, member, [(standard["id"], "Ada")]).status == 201
    _refused(checkout(platform, member, [(standard["id"], "Ada")]), "at most 3 open orders")


def test_a_buyer_gets_at_most_ten_tickets_of_an_event_free_ones_included(platform: Platform, organization: User,
                                                                         member: User) -> None:
    event_id = announce_event(platform, organization)
    free = ticket_type(platform, organization, event_id, quantity=50, amount=0)
    _refused(checkout(platform, member, [(free["id"], f"Guest {n}") for n in range(11)]), "at most 10 tickets")
    first = checkout(platform, member, [(free["id"], f"Guest {n}") for n in range(6)])
    assert first.status == 201 and first.json["order"]["status"] == "COMPLETED"  # free: confirmed at once
    _refused(checkout(platform, member, [(free["id"], f"Guest {n}") for n in range(5)]), "at most 10 tickets")
    assert checkout(platform, member, [(free["id"], f"Guest {n}") for n in range(4)]).status == 201
    _refused(checkout(platform, member, [(free["id"], "One more")]), "at most 10 tickets")
    assert get_type(platform, free["id"])["soldQuantity"] == 10
    other_event = ticket_type(platform, organization, announce_event(platform, organization), amount=0)
    assert checkout(platform, member, [(other_event["id"], "Elsewhere")]).status == 201  # per event


def test_simultaneous_checkouts_of_one_buyer_never_pass_the_caps(platform: Platform, organization: User,
                                                                 member: User) -> None:
    """Six checkouts of three free tickets each at once: the tickets cap (10) lets exactly three through."""
    free = ticket_type(platform, organization, announce_event(platform, organization), quantity=50, amount=0)

    def buy(n: int) -> Response:
        key = {"idempotency-key": str(uuid.uuid4())}
        answer = checkout(platform, member, [(free["id"], f"Guest {n}.{i}") for i in range(3)], headers=key)
        while answer.status == 504 or (answer.status == 409 and "still in progress" in answer.json["detail"]):
            answer = checkout(platform, member, [(free["id"], f"Guest {n}.{i}") for i in range(3)], headers=key)
        return answer

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(buy, range(6)))
    assert sorted(a.status for a in answers) == [201] * 3 + [409] * 3, [a.raw for a in answers]
    assert get_type(platform, free["id"])["soldQuantity"] == 9
