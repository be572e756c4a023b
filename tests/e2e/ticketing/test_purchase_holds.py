"""The purchase saga's time-driven paths, on a platform of their own whose checkouts hold tickets for a few
seconds (template parameter CheckoutHoldSeconds): the hold timeout, a declined card, the sweeper for a lost
saga, and a payment that arrives after the order was released (refunded).

Each path needs its hold to run out, so the module starts all three up front (`holds`: a checkout each, then
what happens while it is held - the decline, the lost saga) and each test checks its own order afterwards: the
three holds run out together, not one after another (one wait of HOLD_SECONDS instead of three)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.bus import BusTap
from support.cloud import RunningCloud
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import (
    DECLINED_CARD,
    announce_event,
    checked_out,
    get_order,
    get_type,
    order_in,
    pay,
    stored_order,
    stripe_client,
    ticket_type,
)

TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"
HOLD_SECONDS = 15  # long enough for a declined card's webhook to arrive first on a loaded machine


@pytest.fixture(scope="module")
def short_hold(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    cloud = RunningCloud(TEMPLATE, tmp_path_factory.mktemp("short-hold"), "--quiet", "--parameter-overrides",
                         f"CheckoutHoldSeconds={HOLD_SECONDS}", "CheckoutSweepGraceSeconds=1",
                         fsync=False)
    yield Platform(cloud)
    cloud.stop()


def _execution(platform: Platform, order_id: str) -> str:
    machine = platform.cloud.deployment.outputs["PurchaseStateMachineArn"]
    return machine.replace(":stateMachine:", ":execution:") + f":{order_id}"


@dataclass
class Held:
    """One path's buyer, ticket type and checkout, and what was seen while its tickets were held."""

    member: User
    standard: dict[str, Any]
    started: dict[str, Any]
    seen: dict[str, Any]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.member, self.standard, self.started, self.seen))


@dataclass
class Holds:
    tap: BusTap  # ticketing's events since before the first checkout
    expiring: Held  # left unpaid
    declined: Held  # a declined card, and no other payment
    lost: Held  # its saga lost while the order is held


@pytest.fixture(scope="module")
def holds(short_hold: Platform) -> Iterator[Holds]:
    """The three paths started one right after the other (users and ticket types first, so the holds start close
    together); each path's steps that must happen while its tickets are held happen here, at once."""
    platform = short_hold
    with ThreadPoolExecutor(max_workers=4) as pool:
        registering = [pool.submit(platform.register, "organization")]
        registering += [pool.submit(platform.register, "member", verified=True) for _ in range(3)]
        organization, *members = [future.result() for future in registering]
    types = [ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=2500)
             for _ in members]
    with BusTap(platform.cloud, "ticketing") as tap:
        member, standard = members[0], types[0]
        started = checked_out(platform, member, standard["id"], count=2)
        expiring = Held(member, standard, started,
                        {"available": get_type(platform, standard["id"])["availableQuantity"]})

        member, standard = members[1], types[1]
        started = checked_out(platform, member, standard["id"])
        paid = pay(started["redirectUrl"], DECLINED_CARD)[0]
        noted = eventually(lambda: (o := get_order(platform, members[1], started["orderId"])).get("reason")
                           == "payment_failed" and o, what="the decline to be noted while the order is still held")
        declined = Held(member, standard, started, {"paid": paid, "noted": noted})

        member, standard = members[2], types[2]
        started = checked_out(platform, member, standard["id"])
        # the saga is lost (as a hard kill loses executions in flight): its wait ends without settling the order,
        # so only the sweeper can end it now
        token = eventually(lambda: stored_order(platform, started["orderId"]).get("taskToken"), what="the task token")
        sfn = platform.cloud.client("stepfunctions")
        sfn.send_task_success(taskToken=token["S"], output=json.dumps({"outcome": "lost"}))
        eventually(lambda: sfn.describe_execution(executionArn=_execution(platform, started["orderId"]))["status"]
                   == "SUCCEEDED", what="the saga to end")
        lost = Held(member, standard, started, {"after_saga": get_order(platform, member, started["orderId"])})
        yield Holds(tap, expiring, declined, lost)


def test_an_unpaid_checkout_is_released_when_its_hold_ends(short_hold: Platform, holds: Holds) -> None:
    platform, (member, standard, started, seen) = short_hold, holds.expiring
    assert seen["available"] == 1  # while held
    released = order_in(platform, member, started["orderId"], "CANCELLED", timeout=60)
    rejected = holds.tap.wait_for("payments.order.rejected", orderId=started["orderId"])
    assert released["reason"] == "expired"
    assert rejected["payload"] == {"orderId": started["orderId"], "userId": member.id,
                                   "eventId": standard["eventId"], "reason": "expired"}
    assert platform.mailbox.wait_for(member.email, "expired")["subject"] == \
        "Your reservation for Jazz on the Roof expired"  # the buyer is told by e-mail
    assert get_type(platform, standard["id"])["availableQuantity"] == 3  # released once
    assert stripe_client(platform).v1.checkout.sessions.retrieve(started["sessionId"]).status == "expired"
    assert pay(started["redirectUrl"])[0] in (404, 409, 410)  # the hosted page takes no money any more
    sfn = platform.cloud.client("stepfunctions")
    eventually(lambda: sfn.describe_execution(executionArn=_execution(platform, started["orderId"]))["status"]
               == "SUCCEEDED", what="the saga to end")
    assert get_type(platform, standard["id"])["availableQuantity"] == 3


def test_a_declined_card_and_no_other_payment_is_rejected_as_payment_failed(short_hold: Platform,
                                                                           holds: Holds) -> None:
    platform, (member, standard, started, seen) = short_hold, holds.declined
    assert seen["paid"] == 402
    assert seen["noted"]["reason"] == "payment_failed"  # noted while the order was still held
    released = order_in(platform, member, started["orderId"], "CANCELLED", timeout=60)
    assert released["reason"] == "payment_failed"
    assert get_type(platform, standard["id"])["availableQuantity"] == 3


def test_a_lost_saga_is_swept_and_a_late_payment_is_refunded(short_hold: Platform, holds: Holds) -> None:
    platform, (member, standard, started, seen) = short_hold, holds.lost
    assert seen["after_saga"]["status"] == "PENDING"  # the saga ended and left the order held

    sweeper = platform.cloud.function_named("SweepOrdersFunction")

    def sweep() -> dict:
        answer = platform.cloud.client("lambda").invoke(FunctionName=sweeper, Payload=b"{}")
        return json.loads(answer["Payload"].read())

    with BusTap(platform.cloud, "ticketing") as tap:
        # sweeps until this order is released (by one of ours or the scheduled one): `released` counts any order
        eventually(lambda: sweep() and get_order(platform, member, started["orderId"])["status"] == "CANCELLED",
                   timeout=60, what="the sweeper to release the order")
        swept = get_order(platform, member, started["orderId"])
        assert (swept["status"], swept["reason"]) == ("CANCELLED", "expired")
        assert get_type(platform, standard["id"])["availableQuantity"] == 3
        assert sweep()["released"] == 0  # once

        # the buyer still had the page open and pays now: the money goes back, the order stays released
        assert pay(started["redirectUrl"])[0] == 303
        refunded = tap.wait_for("payments.order.refunded", orderId=started["orderId"])
    assert refunded["payload"] == {"orderId": started["orderId"], "userId": member.id,
                                   "eventId": standard["eventId"], "ticketIds": started["order"]["ticketIds"],
                                   "amount": {"amount": 2500, "currency": "EUR"}, "reason": "late_payment"}
    client = stripe_client(platform)
    intent = client.v1.checkout.sessions.retrieve(started["sessionId"]).payment_intent
    charge = client.v1.charges.retrieve(client.v1.payment_intents.retrieve(intent).latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (2500, True)
    assert get_order(platform, member, started["orderId"])["status"] == "CANCELLED"
    assert get_type(platform, standard["id"])["availableQuantity"] == 3
