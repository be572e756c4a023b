"""State survives stopping and starting the embedded cloud on the same data directory."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pyotp
import pytest
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually

pytestmark = pytest.mark.slow


def _audits(cloud, item_id: str) -> list:
    return cloud.client("dynamodb").query(
        TableName="eventonight-Table", KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"AUDIT#{item_id}"}})["Items"]


def test_tables_queues_users_and_objects_survive_a_restart(tmp_path: Path, sample_template: Path) -> None:
    cloud = RunningCloud(sample_template, tmp_path)
    try:
        _, _, body = call(cloud.http_url, "POST", "/sample/items", {"name": "kept"})
        item_id = json.loads(body)["id"]
        eventually(lambda: _audits(cloud, item_id), what="the item's event to be processed")
        pool, client_id = cloud.deployment.outputs["UserPoolId"], cloud.deployment.outputs["UserPoolClientId"]
        cognito = cloud.client("cognito-idp")
        cognito.sign_up(ClientId=client_id, Username="ada", Password="Secret!123",
                        UserAttributes=[{"Name": "email", "Value": "ada@example.com"}])
        cognito.admin_confirm_sign_up(UserPoolId=pool, Username="ada")
        token = cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "ada", "PASSWORD": "Secret!123"},
                                      )["AuthenticationResult"]["AccessToken"]
        secret = cognito.associate_software_token(AccessToken=token)["SecretCode"]  # an authenticator app set up
        cognito.verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).at(time.time()))
        bucket = cloud.deployment.outputs["UploadsBucket"]
        cloud.client("s3").put_object(Bucket=bucket, Key="hello.txt", Body=b"still here")
        sqs = cloud.client("sqs")
        dlq = sqs.get_queue_url(QueueName="eventonight-ConsumerDeadLetters")["QueueUrl"]
        sqs.send_message(QueueUrl=dlq, MessageBody="waiting in line")
    finally:
        cloud.stop()

    cloud = RunningCloud(sample_template, tmp_path)
    try:
        status, _, body = call(cloud.http_url, "GET", f"/sample/items/{item_id}")
        assert (status, json.loads(body)["name"]) == (200, "kept")
        assert cloud.deployment.outputs["UserPoolId"] == pool  # the same pool, not a new one
        tokens = cloud.client("cognito-idp").initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "ada", "PASSWORD": "Secret!123"})["AuthenticationResult"]
        assert tokens["AccessToken"]
        # The data dir's signing key (never moto's bundled one) is used again: a token from before still verifies.
        assert jwt.get_unverified_header(token)["kid"] == jwt.get_unverified_header(tokens["AccessToken"])["kid"]
        assert jwt.get_unverified_header(token)["kid"] != "dummy"
        jwks = jwt.PyJWKClient(f"{cloud.aws_url}/{pool}/.well-known/jwks.json")
        assert jwt.decode(token, jwks.get_signing_key_from_jwt(token).key, algorithms=["RS256"])["username"] == "ada"
        assert cloud.client("s3").get_object(Bucket=bucket, Key="hello.txt")["Body"].read() == b"still here"
        messages = cloud.client("sqs").receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        assert "waiting in line" in [m["Body"] for m in messages]
        # The stream position was kept too: the old outbox item is not relayed a second time.
        _, _, body = call(cloud.http_url, "POST", "/sample/items", {"name": "after restart"})
        eventually(lambda: _audits(cloud, json.loads(body)["id"]), what="a new event after the restart")
        assert len(_audits(cloud, item_id)) == 1
        # The authenticator's secret was kept: with two-factor sign-in on, its next code answers the challenge.
        cognito = cloud.client("cognito-idp")
        cognito.set_user_mfa_preference(AccessToken=tokens["AccessToken"],
                                        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
        challenge = cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                          AuthParameters={"USERNAME": "ada", "PASSWORD": "Secret!123"})
        assert cognito.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
            ChallengeResponses={"USERNAME": "ada", "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).at(time.time() + 30)},
        )["AuthenticationResult"]["AccessToken"]
    finally:
        cloud.stop()
