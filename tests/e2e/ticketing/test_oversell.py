"""20 buyers at once for the last 8 tickets, through the HTTP gateway: exactly 8 reservations, 12 clean 409s,
the stock never below zero and sold + available = total at the end. On a loaded machine the gateway may give up
waiting (504) before a checkout ends: buyers then ask again with their Idempotency-Key, and get the first answer
(awaited, not slept on).

Why 20 for 8 (it was 200 for 50, then 60 for 8; most of the CPU is registering the verified buyers): the race is
among the checkouts running at the same moment, and the platform runs at most 10 invocations of a function at
once (embedded_cloud.lambda_runtime's max_concurrency_per_function; the others wait in the gateway). 20 buyers
released by one barrier fill all 10 from the first ticket on, with as many again queued behind them, and 8 tickets
are fewer than the 10 checkouts that start together, so the very first ones already race over the last ticket;
more buyers only lengthen the queue behind them."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from support.platform import Platform, Response, User
from support.polling import eventually
from ticketing_e2e import announce_event, checkout, get_order, get_type, ticket_type

BUYERS, TICKETS = 20, 8


def _unsettled(answer: Response) -> bool:
    """No outcome yet: the gateway gave up waiting (504), the route's throttle refused it (429: the checkout route
    is throttled tighter than the others, a burst of 100 for every client together), or the first attempt is still
    running."""
    return answer.status in (429, 504) or (answer.status == 409 and "still in progress" in answer.json["detail"])


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 20 registrations first: minutes on a busy machine
def test_twenty_buyers_for_eight_tickets(platform: Platform, organization: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=TICKETS)
    with ThreadPoolExecutor(max_workers=8) as pool:  # a registration waits on its mailed code: overlap the waits
        buyers = list(pool.map(lambda _: platform.register("member", verified=True), range(BUYERS)))

    seen_available: list[int] = []
    raced = threading.Event()

    def watch_stock() -> None:
        """Sample the stock until the race is over, a pause between reads (back to back, they took the CPU of
        the platform they watch); the pause ends at once when the race does."""
        while True:
            seen_available.append(get_type(platform, standard["id"])["availableQuantity"])
            if raced.wait(0.1):
                return

    watcher = threading.Thread(target=watch_stock)
    watcher.start()
    start = threading.Barrier(BUYERS)

    def buy(buyer: User) -> Response:
        """One buyer's checkout, as a careful client does it: with an Idempotency-Key, sent again with the same key
        when the gateway gave up waiting (504: the outcome is unknown) or the first attempt is still running."""
        key = {"idempotency-key": str(uuid.uuid4())}
        start.wait()

        def settled() -> Response | None:
            answer = checkout(platform, buyer, [(standard["id"], buyer.username)], headers=key)
            return None if _unsettled(answer) else answer

        return settled() or eventually(settled, timeout=600, interval=1, what=f"{buyer.username}'s checkout")

    try:
        with ThreadPoolExecutor(max_workers=BUYERS) as pool:
            answers = list(pool.map(buy, buyers))
    finally:
        raced.set()
        watcher.join()

    won = [(buyer, a) for buyer, a in zip(buyers, answers, strict=True) if a.status == 201]
    lost = [a for a in answers if a.status != 201]
    assert len(won) == TICKETS, sorted({a.status for a in answers})
    assert len(lost) == BUYERS - TICKETS
    for answer in lost:
        assert answer.status == 409, answer.raw
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json["detail"] == 'Ticket type "STANDARD" is sold out'
    for buyer, answer in won:
        assert get_order(platform, buyer, answer.json["orderId"])["status"] in ("PENDING", "COMPLETED")
    final = get_type(platform, standard["id"])
    assert (final["availableQuantity"], final["soldQuantity"], final["totalQuantity"]) == (0, TICKETS, TICKETS)
    assert min(seen_available) >= 0 and seen_available
    for buyer, answer in won:  # no sagas left to expire on the shared platform while later tests run
        platform.request("POST", f"/ticketing/orders/{answer.json['orderId']}/cancel", user=buyer)
