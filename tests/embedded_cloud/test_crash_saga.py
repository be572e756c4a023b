"""Purchase sagas in flight at a `kill -9`, and the logins of that moment, carried on: resumed on a start on the same
data directory, and through `eventonight export` and `eventonight import` into a new one. Each execution resumes
in the state it waited in, with its task token and its deadline: the one whose buyer pays afterwards ends with the
payment (the token kept on the order still reaches it), the one nobody pays, whose hold ran out meanwhile, times
out at once and releases its order. Holds last an hour and the sweeper is kept out of it (an hour of grace), so
only the resumed executions, with the deadlines the journal (or the export) kept, can settle these orders in the
test's time.

Both tests carry on from one platform killed with its sagas waiting (`in_flight`): each restarts, or exports, a
copy of that data directory as the kill left it, byte for byte - what a start after the kill, or an export of
it, would read - so neither sees the other's restart, and the platform with the workload starts once, not twice.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
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


@dataclass
class InFlight:
    """The killed platform's data directory (never started again: the tests copy it) and what was in flight."""

    data_dir: Path
    organization: User
    buyer: User
    gone: User  # logged out before the kill
    type_id: str
    paid: dict[str, Any]  # the checkout its buyer pays after the kill
    abandoned: dict[str, Any]  # the checkout whose hold runs out meanwhile
    arns: dict[str, str]  # order id -> its saga's execution
    started: dict[str, Any]  # order id -> its execution's start date

    def data_dir_copy(self, tmp_path: Path) -> Path:
        return Path(shutil.copytree(self.data_dir, tmp_path / "data"))

    def users(self) -> tuple[User, User, User]:
        """The users, each a copy of its own: a test's refreshed token is not the other test's."""
        return copy.copy(self.organization), copy.copy(self.buyer), copy.copy(self.gone)


@pytest.fixture(scope="module")
def in_flight(tmp_path_factory: pytest.TempPathFactory) -> InFlight:
    data_dir = tmp_path_factory.mktemp("killed")
    cloud = RunningCloud(TEMPLATE, data_dir, *ARGS)
    try:
        platform = Platform(cloud)
        organization, buyer = (platform.register(role, verified=True) for role in ("organization", "member"))
        gone = platform.register("member")
        type_id = ticket_type(platform, organization, created_event(platform, organization), quantity=5)["id"]
        paid, abandoned = checked_out(platform, buyer, type_id), checked_out(platform, buyer, type_id)
        arns = {order["orderId"]: saga_arn(cloud, order["orderId"]) for order in (paid, abandoned)}
        for order_id, arn in arns.items():
            eventually(lambda a=arn: waiting_for_payment(cloud, a), timeout=60, what=f"the saga of {order_id} to wait")
        started = {order_id: cloud.client("stepfunctions").describe_execution(executionArn=arn)["startDate"]
                   for order_id, arn in arns.items()}
        logout = platform.request("POST", "/users/logout", {"refreshToken": gone.refresh_token})
        assert logout.status == 204, logout.raw
    finally:
        cloud.kill()
    return InFlight(data_dir, organization, buyer, gone, type_id, paid, abandoned, arns, started)


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


def _settled(platform: Platform, buyer: User, order_id: str) -> dict[str, Any] | None:
    order = _order(platform, buyer, order_id)
    return order if order["status"] != "PENDING" else None


def _ended(cloud: RunningCloud, arn: str) -> dict[str, Any] | None:
    execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
    return execution if execution["status"] != "RUNNING" else None


def _refreshed(platform: Platform, user: User) -> int:
    answer = platform.request("POST", "/users/refresh", {"refreshToken": user.refresh_token})
    if answer.status == 200:
        user.access_token = answer.json["accessToken"]
    return answer.status


def _the_same_executions_and_the_paid_one_waits(cloud: RunningCloud, in_flight: InFlight) -> None:
    """After a restart or an import: every execution of before (the abandoned one may have ended already) with its
    start date, and the paid order's saga still running."""
    stepfunctions = cloud.client("stepfunctions")
    for order_id, arn in in_flight.arns.items():
        assert stepfunctions.describe_execution(executionArn=arn)["startDate"] == in_flight.started[order_id], order_id
    paid_saga = stepfunctions.describe_execution(executionArn=in_flight.arns[in_flight.paid["orderId"]])
    assert paid_saga["status"] == "RUNNING"


def _the_paid_order_completes_and_the_abandoned_one_is_released(cloud: RunningCloud, platform: Platform,
                                                                  in_flight: InFlight, buyer: User,
                                                                  organization: User) -> None:
    """The buyer pays on the hosted page of the session from before (on the port this Stripe emulator listens on):
    the order completes and its saga ends by the payment; the abandoned order's saga ends by its hold (only the
    timeout's step writes `expiry`: it expired the session at Stripe and released the order, or saw the session's
    expiry webhook do it first), the order is cancelled and its ticket back on sale."""
    paid, abandoned, arns = in_flight.paid, in_flight.abandoned, in_flight.arns
    page = urlsplit(paid["redirectUrl"])._replace(netloc=urlsplit(cloud.stripe_url).netloc).geturl()
    assert pay(page)[0] == 303
    completed = eventually(lambda: _settled(platform, buyer, paid["orderId"]), timeout=60,
                           what="the paid order to settle")
    assert completed["status"] == "COMPLETED"
    settled = eventually(lambda: _ended(cloud, arns[paid["orderId"]]), timeout=60, what="the paid order's saga to end")
    assert settled["status"] == "SUCCEEDED"
    assert "payment" in json.loads(settled["output"]), "the saga ended by its hold, not by the payment"

    released = eventually(lambda: _settled(platform, buyer, abandoned["orderId"]), timeout=60,
                          what="the abandoned order's hold to end")
    assert released["status"] == "CANCELLED"
    expired = eventually(lambda: _ended(cloud, arns[abandoned["orderId"]]), timeout=60,
                         what="the abandoned saga to end")
    assert expired["status"] == "SUCCEEDED" and "expiry" in json.loads(expired["output"])
    counts = platform.request("GET", f"/ticketing/ticket-types/{in_flight.type_id}", user=organization).json
    assert (counts["soldQuantity"], counts["availableQuantity"]) == (1, 4)


def eventonight(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_sagas_in_flight_at_kill_9_are_resumed_where_they_waited(in_flight: InFlight, tmp_path: Path) -> None:
    organization, buyer, _ = in_flight.users()
    abandoned, arns = in_flight.abandoned, in_flight.arns
    data_dir = in_flight.data_dir_copy(tmp_path)
    _hold_ran_out_while_down(data_dir, arns[abandoned["orderId"]])

    cloud = RunningCloud(TEMPLATE, data_dir, *ARGS)
    try:
        platform = Platform(cloud)
        _the_same_executions_and_the_paid_one_waits(cloud, in_flight)

        # the hosted page of the same session, on the port the restarted Stripe emulator listens on
        _the_paid_order_completes_and_the_abandoned_one_is_released(cloud, platform, in_flight, buyer, organization)
    finally:
        cloud.stop()


def test_an_import_resumes_sagas_in_flight_and_keeps_logins(in_flight: InFlight, tmp_path: Path) -> None:
    """The export of the killed platform's data directory (its journal: nothing was saved at a stop), imported
    into a new one (moved here from test_export_import.py to share the killed platform)."""
    organization, buyer, gone = in_flight.users()
    abandoned, arns = in_flight.abandoned, in_flight.arns
    old, new, document = in_flight.data_dir_copy(tmp_path), tmp_path / "new", tmp_path / "data.json"
    assert eventonight("export", "--data-dir", str(old), "--output", str(document)).returncode == 0
    data = json.loads(document.read_text())
    executions = {e["name"]: e for listed in data["stepfunctions"].values() for e in listed}
    assert sorted(executions) == sorted(arns), data["stepfunctions"]
    waits = {name: execution["waits"] for name, execution in executions.items()}
    assert {w["state"] for w in waits.values()} == {"AwaitPayment"} and all(w["token"] for w in waits.values()), waits
    # The abandoned checkout's hold ends while the data is exported (in the document, as an hour would have):
    # its resumed execution must time out at once and release the order.
    waits[abandoned["orderId"]]["deadline"] = data["exported_at"]
    document.write_text(json.dumps(data))
    imported = eventonight("import", str(document), "--data-dir", str(new), "--template", str(TEMPLATE))
    assert imported.returncode == 0, imported.stderr

    cloud = RunningCloud(TEMPLATE, new, *ARGS)
    try:
        platform = Platform(cloud)
        _the_same_executions_and_the_paid_one_waits(cloud, in_flight)
        # logins from before the export: the buyer's refreshes (its new access token is the new platform's),
        # the one that logged out stays refused, by the API and by Cognito itself
        assert (_refreshed(platform, buyer), _refreshed(platform, organization), _refreshed(platform, gone)) == (
            200, 200, 401)
        with pytest.raises(cloud.client("cognito-idp").exceptions.NotAuthorizedException):
            cloud.client("cognito-idp").initiate_auth(
                ClientId=cloud.deployment.outputs["UserPoolClientId"], AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": gone.refresh_token})

        # the hosted page of the same session, on the port the new Stripe emulator listens on
        _the_paid_order_completes_and_the_abandoned_one_is_released(cloud, platform, in_flight, buyer, organization)
    finally:
        cloud.stop()
