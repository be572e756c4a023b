"""An acknowledged write survives `kill -9` of the whole platform: it is in the journal before its response leaves.

Each write below is answered, then the platform is killed at once (no stop, no snapshot); what it left is read
back by a start on the same data directory, and by `eventonight export` into a JSON document (which depends on
no moto version) imported into a new one: the writes are there, with the very ids they were given (a Cognito
`sub`, a message id).

Both tests read one killed platform (`killed`): each a copy of its data directory as the kill left it, byte for
byte - what a start after the kill, or an export of it, would read - so that neither sees the other's start, and
the platform with the writes starts once, not twice.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import stripe
from support.cloud import RunningCloud
from support.http import call

pytestmark = pytest.mark.slow

SESSION = {"mode": "payment", "success_url": "http://127.0.0.1/paid",
           "line_items": [{"quantity": 1, "price_data": {"currency": "eur", "unit_amount": 1500,
                                                         "product_data": {"name": "Ticket"}}}]}
PASSWORD_AUTH = {"AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "ada", "PASSWORD": "Secret!123"}}


@dataclass
class Killed:
    """The killed platform's data directory (never started again: the tests copy it) and what it acknowledged."""

    data_dir: Path
    outputs: dict[str, str]
    item_id: str
    sub: str
    signed_in: dict[str, Any]  # a session begun before the kill
    ended: dict[str, Any]  # one ended (its refresh token revoked) before the kill
    dlq: str
    kept: str  # the message left in the queue (another one was received and deleted)
    session_id: str

    def data_dir_copy(self, tmp_path: Path) -> Path:
        return Path(shutil.copytree(self.data_dir, tmp_path / "data"))


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory, sample_template: Path) -> Killed:
    data_dir = tmp_path_factory.mktemp("killed")
    cloud = RunningCloud(sample_template, data_dir)
    try:
        _, _, body = call(cloud.http_url, "POST", "/sample/items", {"name": "kept"})  # DynamoDB via a function
        item_id = json.loads(body)["id"]
        pool, client_id = cloud.deployment.outputs["UserPoolId"], cloud.deployment.outputs["UserPoolClientId"]
        cognito = cloud.client("cognito-idp")
        sub = cognito.sign_up(ClientId=client_id, Username="ada", Password="Secret!123",
                              UserAttributes=[{"Name": "email", "Value": "ada@example.com"}])["UserSub"]
        cognito.admin_confirm_sign_up(UserPoolId=pool, Username="ada")
        cognito.create_group(UserPoolId=pool, GroupName="organizers")
        cognito.admin_add_user_to_group(UserPoolId=pool, Username="ada", GroupName="organizers")
        signed_in = cognito.initiate_auth(ClientId=client_id, **PASSWORD_AUTH)["AuthenticationResult"]
        ended = cognito.initiate_auth(ClientId=client_id, **PASSWORD_AUTH)["AuthenticationResult"]
        cognito.revoke_token(Token=ended["RefreshToken"], ClientId=client_id)
        bucket = cloud.deployment.outputs["UploadsBucket"]
        cloud.client("s3").put_object(Bucket=bucket, Key="hello.txt", Body=b"still here", ContentType="text/plain")
        sqs = cloud.client("sqs")
        dlq = sqs.get_queue_url(QueueName="eventonight-ConsumerDeadLetters")["QueueUrl"]
        kept = sqs.send_message(QueueUrl=dlq, MessageBody="waiting in line")["MessageId"]
        gone = sqs.send_message(QueueUrl=dlq, MessageBody="handled")["MessageId"]
        received = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
        sqs.delete_message(QueueUrl=dlq, ReceiptHandle=next(m["ReceiptHandle"] for m in received
                                                                if m["MessageId"] == gone))
        session = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url}
                                      ).v1.checkout.sessions.create(params=SESSION,
                                                                    options={"idempotency_key": "order-1"})
        outputs = dict(cloud.deployment.outputs)
    finally:
        cloud.kill()
    return Killed(data_dir, outputs, item_id, sub, signed_in, ended, dlq, kept, session.id)


def test_every_acknowledged_write_survives_kill_9(killed: Killed, tmp_path: Path, sample_template: Path) -> None:
    pool, client_id = killed.outputs["UserPoolId"], killed.outputs["UserPoolClientId"]
    cloud = RunningCloud(sample_template, killed.data_dir_copy(tmp_path))
    try:
        status, _, body = call(cloud.http_url, "GET", f"/sample/items/{killed.item_id}")
        assert (status, json.loads(body)["name"]) == (200, "kept")
        user = cloud.client("cognito-idp").admin_get_user(UserPoolId=pool, Username="ada")
        # the same user, not a new one
        assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == killed.sub
        assert user["UserStatus"] == "CONFIRMED"
        groups = cloud.client("cognito-idp").admin_list_groups_for_user(UserPoolId=pool, Username="ada")["Groups"]
        assert [g["GroupName"] for g in groups] == ["organizers"]
        cognito = cloud.client("cognito-idp")
        tokens = cognito.initiate_auth(ClientId=client_id, **PASSWORD_AUTH)["AuthenticationResult"]
        assert tokens["AccessToken"]
        # the session begun before the kill goes on: its refresh token refreshes, its access token is still known
        refreshed = cognito.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                          AuthParameters={"REFRESH_TOKEN": killed.signed_in["RefreshToken"]})
        assert refreshed["AuthenticationResult"]["AccessToken"]
        assert cognito.get_user(AccessToken=killed.signed_in["AccessToken"])["Username"] == "ada"
        with pytest.raises(cognito.exceptions.NotAuthorizedException):  # and the one ended before stays ended
            cognito.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": killed.ended["RefreshToken"]})
        s3_object = cloud.client("s3").get_object(Bucket=killed.outputs["UploadsBucket"], Key="hello.txt")
        assert (s3_object["Body"].read(), s3_object["ContentType"]) == (b"still here", "text/plain")
        messages = cloud.client("sqs").receive_message(QueueUrl=killed.dlq, MaxNumberOfMessages=10).get("Messages",
                                                                                                        [])
        assert [(m["MessageId"], m["Body"]) for m in messages] == [(killed.kept, "waiting in line")]
        stripe_api = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url})
        restored = stripe_api.v1.checkout.sessions.retrieve(killed.session_id)
        assert (restored.id, restored.status, restored.amount_total) == (killed.session_id, "open", 1500)
        # the caller retries the create it got no answer for: the same key gives the same session, not a second
        again = stripe_api.v1.checkout.sessions.create(params=SESSION, options={"idempotency_key": "order-1"})
        assert again.id == killed.session_id
    finally:
        cloud.stop()


def eventonight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_an_export_imported_into_a_new_data_dir_reproduces_the_data(killed: Killed, tmp_path: Path,
                                                                     sample_template: Path) -> None:
    """What was acknowledged is in the journal (the kill left no snapshot): export reads it from there too. (Moved
    here from test_export_import.py to share the killed platform.)"""
    old, new, document = killed.data_dir_copy(tmp_path), tmp_path / "new", tmp_path / "data.json"
    exported = eventonight("export", "--data-dir", str(old), "--output", str(document))
    assert exported.returncode == 0, exported.stderr
    data = json.loads(document.read_text())
    assert (data["format"], data["version"]) == ("eventonight-export", 2)
    assert any(item.get("name") == {"S": "kept"} for items in data["dynamodb"].values() for item in items)
    imported = eventonight("import", str(document), "--data-dir", str(new), "--template", str(sample_template))
    assert imported.returncode == 0, imported.stderr

    cloud = RunningCloud(sample_template, new)
    try:
        status, _, body = call(cloud.http_url, "GET", f"/sample/items/{killed.item_id}")
        assert (status, json.loads(body)["name"]) == (200, "kept")
        new_pool = cloud.deployment.outputs["UserPoolId"]
        user = cloud.client("cognito-idp").admin_get_user(UserPoolId=new_pool, Username="ada")
        assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == killed.sub
        new_client = cloud.deployment.outputs["UserPoolClientId"]
        assert cloud.client("cognito-idp").initiate_auth(ClientId=new_client, **PASSWORD_AUTH)[
            "AuthenticationResult"]["AccessToken"]
        s3_object = cloud.client("s3").get_object(Bucket=killed.outputs["UploadsBucket"], Key="hello.txt")
        assert (s3_object["Body"].read(), s3_object["ContentType"]) == (b"still here", "text/plain")
        messages = cloud.client("sqs").receive_message(QueueUrl=killed.dlq, MaxNumberOfMessages=10).get("Messages",
                                                                                                        [])
        assert [(m["MessageId"], m["Body"]) for m in messages] == [(killed.kept, "waiting in line")]
        restored = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url}
                                       ).v1.checkout.sessions.retrieve(killed.session_id)
        assert (restored.id, restored.amount_total) == (killed.session_id, 1500)
    finally:
        cloud.stop()
