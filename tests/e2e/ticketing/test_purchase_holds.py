"""The purchase saga's time-driven paths, on a platform of their own whose checkouts hold tickets for a few
seconds (template parameter CheckoutHoldSeconds): the hold timeout, a declined card, the sweeper for a lost
saga, and a payment that arrives after the order was released (refunded)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bus import BusTap
from support.cloud import RunningCloud
from support.platform import Platform
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


def test_an_unpaid_checkout_is_released_when_its_hold_ends(short_hold: Platform) -> None:
    platform = short_hold
    organization, member = platform.register("organization"), platform.register("member", verified=True)
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    with BusTap(platform.cloud, "ticketing") as tap:
        started = checked_out(platform, member, standard["id"], count=2)
        assert get_type(platform, standard["id"])["availableQuantity"] == 1
        released = order_in(platform, member, started["orderId"], "CANCELLED", timeout=60)
        rejected = tap.wait_for("payments.order.rejected", orderId=started["orderId"])
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


def test_a_declined_card_and_no_other_payment_is_rejected_as_payment_failed(short_hold: Platform) -> None:
    platform = short_hold
    organization, member = platform.register("organization"), platform.register("member", verified=True)
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    started = checked_out(platform, member, standard["id"])
    assert pay(started["redirectUrl"], DECLINED_CARD)[0] == 402
    eventually(lambda: get_order(platform, member, started["orderId"]).get("reason") == "payment_failed",
               what="the decline to be noted while the order is still held")
    released = order_in(platform, member, started["orderId"], "CANCELLED", timeout=60)
    assert released["reason"] == "payment_failed"
    assert get_type(platform, standard["id"])["availableQuantity"] == 3


def test_a_lost_saga_is_swept_and_a_late_payment_is_refunded(short_hold: Platform) -> None:
    platform = short_hold
    organization, member = platform.register("organization"), platform.register("member", verified=True)
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=2500)
    started = checked_out(platform, member, standard["id"])
    # the saga is lost (as a hard kill loses executions in flight): its wait ends without settling the order,
    # so only the sweeper can end it now
    token = eventually(lambda: stored_order(platform, started["orderId"]).get("taskToken"), what="the task token")
    sfn = platform.cloud.client("stepfunctions")
    sfn.send_task_success(taskToken=token["S"], output=json.dumps({"outcome": "lost"}))
    eventually(lambda: sfn.describe_execution(executionArn=_execution(platform, started["orderId"]))["status"]
               == "SUCCEEDED", what="the saga to end")
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"

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
