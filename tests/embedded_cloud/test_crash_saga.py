"""Purchase sagas in flight at a `kill -9` are resumed on start, each in the state it waited in, with its task token
and its deadline: the one whose buyer pays after the restart ends with the payment (the token kept on the order
still reaches it), the one nobody pays, whose hold ran out while the platform was down, times out at once and
releases its order. Holds last an hour and the sweeper is kept out of it (an hour of grace), so only the resumed
executions, with the deadlines the journal kept, can settle these orders in the test's time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e.ticketing.ticketing_e2e import checked_out, created_event, pay, saga_arn, ticket_type, waiting_for_payment
from embedded_cloud import journal
from support.cloud import RunningCloud
from support.platform import Platform, User
from support.polling import eventually

pytestmark = pytest.mark.slow

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
# The hold outlasts any restart, so the buyer can still pay after it; no sweeper within the test.
ARGS = ("--parameter-overrides", "CheckoutHoldSeconds=3600", "CheckoutSweepGraceSeconds=3600", "--quiet")
JOURNAL_DIR = "journal"  # embedded_cloud.persistence.JOURNAL_DIR (whose module imports moto)


def _hold_ran_out_while_down(data_dir: Path, arn: str) -> None:
    """The hour passes while the platform is down, for one execution: its wait as the platform journalled it (state,
    attempt, task token), journalled again with the deadline it would have reached by now."""
    found = [*(e for snapshot in data_dir.glob("dynamodb-*.snapshot") for e in journal.read_file(snapshot)),
             *(e for _, e in journal.replay(data_dir / JOURNAL_DIR, 1))]
    waits = [entry[2] for entry in found if entry[0] == "sfn.waits" and entry[1] == arn]
    assert waits, f"no wait of {arn} journalled"
    appended = journal.Journal(data_dir / JOURNAL_DIR)
    appended.sync(appended.append([["sfn.waits", arn, {**waits[-1], "deadline": time.time()}]]))
    appended.close()


def _order(platform: Platform, buyer: User, order_id: str) -> dict[str, Any]:
    return platform.request("GET", f"/ticketing/orders/{order_id}", user=buyer).json


def _ended(cloud: RunningCloud, arn: str) -> dict[str, Any] | None:
    execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
    return execution if execution["status"] != "RUNNING" else None


def test_sagas_in_flight_at_kill_9_are_resumed_where_they_waited(tmp_path: Path) -> None:
    cloud = RunningCloud(TEMPLATE, tmp_path, *ARGS)
    try:
        platform = Platform(cloud)
        organization = platform.register("organization", verified=True)
        event_id = created_event(platform, organization)
        type_id = ticket_type(platform, organization, event_id, quantity=5)["id"]
        buyer = platform.register("member", verified=True)
        abandoned, paid = checked_out(platform, buyer, type_id), checked_out(platform, buyer, type_id)
        arns = {order["orderId"]: saga_arn(cloud, order["orderId"]) for order in (abandoned, paid)}
        started = {}
        for order_id, arn in arns.items():
            eventually(lambda a=arn: waiting_for_payment(cloud, a), what=f"the saga of {order_id} to wait")
            started[order_id] = cloud.client("stepfunctions").describe_execution(executionArn=arn)["startDate"]
    finally:
        cloud.kill()
    _hold_ran_out_while_down(tmp_path, arns[abandoned["orderId"]])

    cloud = RunningCloud(TEMPLATE, tmp_path, *ARGS)
    try:
        platform = Platform(cloud)
        for order_id, arn in arns.items():  # the same executions (the abandoned one may have ended already)
            execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
            assert execution["startDate"] == started[order_id], order_id
        paid_saga = cloud.client("stepfunctions").describe_execution(executionArn=arns[paid["orderId"]])
        assert paid_saga["status"] == "RUNNING"

        # the hosted page of the same session, on the port the restarted Stripe emulator listens on
        page = urlsplit(paid["redirectUrl"])._replace(netloc=urlsplit(cloud.stripe_url).netloc).geturl()
        assert pay(page)[0] == 303
        assert eventually(lambda: (o := _order(platform, buyer, paid["orderId"]))["status"] != "PENDING" and o,
                          what="the paid order to settle")["status"] == "COMPLETED"
        settled = eventually(lambda: _ended(cloud, arns[paid["orderId"]]), what="the paid order's saga to end")
        assert settled["status"] == "SUCCEEDED"
        assert "payment" in json.loads(settled["output"]), "the saga ended by its hold, not by the payment"

        released = eventually(lambda: (o := _order(platform, buyer, abandoned["orderId"]))["status"] != "PENDING" and o,
                              timeout=60, what="the unpaid order's hold to end")
        assert released["status"] == "CANCELLED"
        expired = eventually(lambda: _ended(cloud, arns[abandoned["orderId"]]), what="the unpaid order's saga to end")
        # its timeout's step expired the session at Stripe and released the order (or saw the session's expiry
        # webhook do it first): only that step writes `expiry`
        assert expired["status"] == "SUCCEEDED" and "expiry" in json.loads(expired["output"])
        counts = platform.request("GET", f"/ticketing/ticket-types/{type_id}", user=organization).json
        assert (counts["soldQuantity"], counts["availableQuantity"]) == (1, 4)
    finally:
        cloud.stop()
