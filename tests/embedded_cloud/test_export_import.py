"""`eventonight export` then `eventonight import` into a new data dir reproduces the platform's data, in a JSON
document that depends on no moto version, with what was in flight: purchase sagas waiting for their payment and
logins (refresh tokens, revoked or not); saved state this version cannot read says so in one line and names the
two commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import stripe
from e2e.ticketing.ticketing_e2e import checked_out, created_event, pay, saga_arn, ticket_type, waiting_for_payment
from support.cloud import RunningCloud
from support.http import call
from support.platform import Platform, User
from support.polling import eventually

pytestmark = pytest.mark.slow

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


def eventonight(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_an_export_imported_into_a_new_data_dir_reproduces_the_data(tmp_path: Path, sample_template: Path) -> None:
    old, new, document = tmp_path / "old", tmp_path / "new", tmp_path / "data.json"
    cloud = RunningCloud(sample_template, old)
    try:
        _, _, body = call(cloud.http_url, "POST", "/sample/items", {"name": "kept"})
        item_id = json.loads(body)["id"]
        pool, client_id = cloud.deployment.outputs["UserPoolId"], cloud.deployment.outputs["UserPoolClientId"]
        cognito = cloud.client("cognito-idp")
        sub = cognito.sign_up(ClientId=client_id, Username="ada", Password="Secret!123",
                              UserAttributes=[{"Name": "email", "Value": "ada@example.com"}])["UserSub"]
        cognito.admin_confirm_sign_up(UserPoolId=pool, Username="ada")
        bucket = cloud.deployment.outputs["UploadsBucket"]
        cloud.client("s3").put_object(Bucket=bucket, Key="hello.txt", Body=b"still here", ContentType="text/plain")
        sqs = cloud.client("sqs")
        dlq = sqs.get_queue_url(QueueName="eventonight-ConsumerDeadLetters")["QueueUrl"]
        message_id = sqs.send_message(QueueUrl=dlq, MessageBody="waiting in line")["MessageId"]
        session = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url}
                                      ).v1.checkout.sessions.create(params={
                                          "mode": "payment", "success_url": f"{cloud.http_url}/paid",
                                          "line_items": [{"quantity": 1, "price_data": {
                                              "currency": "eur", "unit_amount": 1500,
                                              "product_data": {"name": "Ticket"}}}]})
    finally:
        cloud.kill()  # what was acknowledged is in the journal: export reads it from there too

    exported = eventonight("export", "--data-dir", str(old), "--output", str(document))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(document.read_text())
    assert (data["format"], data["version"]) == ("eventonight-export", 2)
    assert any(item.get("name") == {"S": "kept"} for items in data["dynamodb"].values() for item in items)
    imported = eventonight("import", str(document), "--data-dir", str(new), "--template", str(sample_template))
    assert imported.returncode == 0, imported.stderr

    cloud = RunningCloud(sample_template, new)
    try:
        status, _, body = call(cloud.http_url, "GET", f"/sample/items/{item_id}")
        assert (status, json.loads(body)["name"]) == (200, "kept")
        new_pool = cloud.deployment.outputs["UserPoolId"]
        user = cloud.client("cognito-idp").admin_get_user(UserPoolId=new_pool, Username="ada")
        assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == sub
        new_client = cloud.deployment.outputs["UserPoolClientId"]
        assert cloud.client("cognito-idp").initiate_auth(
            ClientId=new_client, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "ada", "PASSWORD": "Secret!123"})["AuthenticationResult"]["AccessToken"]
        s3_object = cloud.client("s3").get_object(Bucket=bucket, Key="hello.txt")
        assert (s3_object["Body"].read(), s3_object["ContentType"]) == (b"still here", "text/plain")
        messages = cloud.client("sqs").receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        assert [(m["MessageId"], m["Body"]) for m in messages] == [(message_id, "waiting in line")]
        restored = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url}
                                       ).v1.checkout.sessions.retrieve(session.id)
        assert (restored.id, restored.amount_total) == (session.id, 1500)
    finally:
        cloud.stop()


def test_saved_state_this_version_cannot_read_is_named_with_the_way_out(tmp_path: Path,
                                                                       sample_template: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    state = data_dir / "moto-state.pickle"
    state.write_bytes(b"\x80\x05\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x0bmoto.gone\x94\x8c\x04Kind\x94\x93\x94.")
    state.chmod(0o600)

    refused = eventonight("up", "--template", str(sample_template), "--data-dir", str(data_dir), "--port", "0",
                          "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0",
                          "--mailbox-port", "0", timeout=120)

    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("eventonight: error: "), refused.stderr
    for words in ("moto-state.pickle", "cannot be read by this version", "eventonight export", "eventonight import"):
        assert words in refused.stderr, refused.stderr
    assert state.read_bytes().endswith(b"Kind\x94\x93\x94.")  # left as it was


# No sweeper within the test (an hour of grace), and holds of an hour: only the resumed sagas can settle its orders.
HOLD = ("--parameter-overrides", "CheckoutHoldSeconds=3600", "CheckoutSweepGraceSeconds=3600", "--quiet")


def _settled(platform: Platform, buyer: User, order_id: str) -> dict[str, Any] | None:
    order = platform.request("GET", f"/ticketing/orders/{order_id}", user=buyer).json
    return order if order["status"] != "PENDING" else None


def _ended(cloud: RunningCloud, arn: str) -> dict[str, Any] | None:
    execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
    return execution if execution["status"] != "RUNNING" else None


def _refreshed(platform: Platform, user: User) -> int:
    answer = platform.request("POST", "/users/refresh", {"refreshToken": user.refresh_token})
    if answer.status == 200:
        user.access_token = answer.json["accessToken"]
    return answer.status


def test_an_import_resumes_sagas_in_flight_and_keeps_logins(tmp_path: Path) -> None:
    old, new, document = tmp_path / "old", tmp_path / "new", tmp_path / "data.json"
    cloud = RunningCloud(TEMPLATE, old, *HOLD)
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

    cloud = RunningCloud(TEMPLATE, new, *HOLD)
    try:
        platform = Platform(cloud)
        for order_id, arn in arns.items():  # the same executions (the abandoned one may have ended already)
            execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
            assert execution["startDate"] == started[order_id], order_id
        paid_saga = cloud.client("stepfunctions").describe_execution(executionArn=arns[paid["orderId"]])
        assert paid_saga["status"] == "RUNNING"
        # logins from before the export: the buyer's refreshes (its new access token is the new platform's),
        # the one that logged out stays refused, by the API and by Cognito itself
        assert (_refreshed(platform, buyer), _refreshed(platform, organization), _refreshed(platform, gone)) == (
            200, 200, 401)
        with pytest.raises(cloud.client("cognito-idp").exceptions.NotAuthorizedException):
            cloud.client("cognito-idp").initiate_auth(
                ClientId=cloud.deployment.outputs["UserPoolClientId"], AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": gone.refresh_token})

        # the hosted page of the same session, on the port the new Stripe emulator listens on
        page = urlsplit(paid["redirectUrl"])._replace(netloc=urlsplit(cloud.stripe_url).netloc).geturl()
        assert pay(page)[0] == 303
        completed = eventually(lambda: _settled(platform, buyer, paid["orderId"]), timeout=60,
                               what="the paid order to settle")
        assert completed["status"] == "COMPLETED"
        settled = eventually(lambda: _ended(cloud, arns[paid["orderId"]]), timeout=60,
                             what="the paid order's saga to end")
        assert settled["status"] == "SUCCEEDED" and "payment" in json.loads(settled["output"])

        released = eventually(lambda: _settled(platform, buyer, abandoned["orderId"]), timeout=60,
                              what="the abandoned order's hold to end")
        assert released["status"] == "CANCELLED"
        expired = eventually(lambda: _ended(cloud, arns[abandoned["orderId"]]), timeout=60,
                            what="the abandoned saga to end")
        # only the timeout's step writes `expiry`: the saga ended by its hold, in the new platform
        assert expired["status"] == "SUCCEEDED" and "expiry" in json.loads(expired["output"])
        counts = platform.request("GET", f"/ticketing/ticket-types/{type_id}", user=organization).json
        assert (counts["soldQuantity"], counts["availableQuantity"]) == (1, 4)
    finally:
        cloud.stop()
