"""`eventonight export` then `eventonight import` into a new data dir reproduces the platform's data, in a JSON
document that depends on no moto version; saved state this version cannot read says so in one line and names
the two commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import stripe
from support.cloud import RunningCloud
from support.http import call

pytestmark = pytest.mark.slow


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
    assert (data["format"], data["version"]) == ("eventonight-export", 1)
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
