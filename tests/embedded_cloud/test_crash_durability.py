"""An acknowledged write survives `kill -9` of the whole platform: it is in the journal before its response leaves.

Each write below is answered, then the platform is killed at once (no stop, no snapshot) and started again on the
same data directory: the write is there, with the very ids it was given (a Cognito `sub`, a message id).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import stripe
from support.cloud import RunningCloud
from support.http import call

pytestmark = pytest.mark.slow


def test_every_acknowledged_write_survives_kill_9(tmp_path: Path, sample_template: Path) -> None:
    cloud = RunningCloud(sample_template, tmp_path)
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
        password_auth = {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                         "AuthParameters": {"USERNAME": "ada", "PASSWORD": "Secret!123"}}
        signed_in = cognito.initiate_auth(**password_auth)["AuthenticationResult"]
        ended = cognito.initiate_auth(**password_auth)["AuthenticationResult"]
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
        session_params = {"mode": "payment", "success_url": "http://127.0.0.1/paid",
                          "line_items": [{"quantity": 1, "price_data": {"currency": "eur", "unit_amount": 1500,
                                                                        "product_data": {"name": "Ticket"}}}]}
        session = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url}
                                      ).v1.checkout.sessions.create(params=session_params,
                                                                    options={"idempotency_key": "order-1"})
    finally:
        cloud.kill()

    cloud = RunningCloud(sample_template, tmp_path)
    try:
        status, _, body = call(cloud.http_url, "GET", f"/sample/items/{item_id}")
        assert (status, json.loads(body)["name"]) == (200, "kept")
        user = cloud.client("cognito-idp").admin_get_user(UserPoolId=pool, Username="ada")
        assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == sub  # the same user, not a new one
        assert user["UserStatus"] == "CONFIRMED"
        groups = cloud.client("cognito-idp").admin_list_groups_for_user(UserPoolId=pool, Username="ada")["Groups"]
        assert [g["GroupName"] for g in groups] == ["organizers"]
        cognito = cloud.client("cognito-idp")
        tokens = cognito.initiate_auth(**password_auth)["AuthenticationResult"]
        assert tokens["AccessToken"]
        # the session begun before the kill goes on: its refresh token refreshes, its access token is still known
        refreshed = cognito.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                          AuthParameters={"REFRESH_TOKEN": signed_in["RefreshToken"]})
        assert refreshed["AuthenticationResult"]["AccessToken"]
        assert cognito.get_user(AccessToken=signed_in["AccessToken"])["Username"] == "ada"
        with pytest.raises(cognito.exceptions.NotAuthorizedException):  # and the one ended before stays ended
            cognito.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": ended["RefreshToken"]})
        s3_object = cloud.client("s3").get_object(Bucket=bucket, Key="hello.txt")
        assert (s3_object["Body"].read(), s3_object["ContentType"]) == (b"still here", "text/plain")
        messages = cloud.client("sqs").receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        assert [(m["MessageId"], m["Body"]) for m in messages] == [(kept, "waiting in line")]
        stripe_api = stripe.StripeClient("sk_test_sample", base_addresses={"api": cloud.stripe_url})
        restored = stripe_api.v1.checkout.sessions.retrieve(session.id)
        assert (restored.id, restored.status, restored.amount_total) == (session.id, "open", 1500)
        # the caller retries the create it got no answer for: the same key gives the same session, not a second
        again = stripe_api.v1.checkout.sessions.create(params=session_params, options={"idempotency_key": "order-1"})
        assert again.id == session.id
    finally:
        cloud.stop()
