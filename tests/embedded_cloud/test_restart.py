"""State survives stopping and starting the embedded cloud on the same data directory.

The tests share one stop and start (`restarted`): the state each checks is its own (the sample application's
items, users, objects and messages; the mailbox's letters), written before the stop, and neither test's writes
after the start touch what the other checks - so one pair of starts does for both. The restarted cloud's stop is
a test of its own, last: a platform with an open socket stops cleanly.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jwt
import pyotp
import pytest
from support.cloud import RunningCloud
from support.http import call
from support.mailbox import Mailbox
from support.polling import eventually
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect as sync_connect

pytestmark = pytest.mark.slow
SENDER = "no-reply@eventonight.local"


def _audits(cloud, item_id: str) -> list:
    return cloud.client("dynamodb").query(
        TableName="eventonight-Table", KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"AUDIT#{item_id}"}})["Items"]


@dataclass
class Before:
    """What was written before the stop."""

    item_id: str
    pool: str
    client_id: str
    token: str  # an access token of ada's
    secret: str  # ada's authenticator secret
    bucket: str
    dlq: str
    kept_mail: str  # a letter's id (another one was deleted)


def _state_before(cloud: RunningCloud) -> Before:
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
    sesv2 = cloud.client("sesv2")
    sesv2.create_email_identity(EmailIdentity="eventonight.local")
    kept_mail = _send(sesv2, "gus.restart@example.com", "Kept")
    _send(sesv2, "hal.restart@example.com", "Deleted")
    assert Mailbox(cloud.mailbox_url).delete("hal.restart@example.com") == 1
    return Before(item_id, pool, client_id, token, secret, bucket, dlq, kept_mail)


def _send(sesv2, to: str, subject: str) -> str:
    return sesv2.send_email(FromEmailAddress=SENDER, Destination={"ToAddresses": [to]}, Content={"Simple": {
        "Subject": {"Data": subject}, "Body": {"Text": {"Data": f"text of {subject}"},
                                               "Html": {"Data": f"<p>html of {subject}</p>"}}}})["MessageId"]


@pytest.fixture(scope="module")
def restarted(tmp_path_factory: pytest.TempPathFactory,
              sample_template: Path) -> Iterator[tuple[RunningCloud, Before]]:
    # fsync=False: a stop and a start on one machine need the writes in the operating system, not forced to disk
    # (--no-fsync keeps them through a kill -9 too; only the machine's crash needs the fsync). Each acknowledged
    # write waited on the disk for nothing here: wall 9.0, 10.2 -> 7.7, 8.5 s for the two starts and the writes
    # between them, loaded (more on a busy disk).
    data_dir = tmp_path_factory.mktemp("restarted")
    cloud = RunningCloud(sample_template, data_dir, fsync=False)
    try:
        before = _state_before(cloud)
    finally:
        cloud.stop()
    cloud = RunningCloud(sample_template, data_dir, fsync=False)
    yield cloud, before
    cloud.stop()


def test_tables_queues_users_and_objects_survive_a_restart(restarted: tuple[RunningCloud, Before]) -> None:
    cloud, before = restarted
    item_id, pool, client_id = before.item_id, before.pool, before.client_id
    token, secret = before.token, before.secret
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
    assert cloud.client("s3").get_object(Bucket=before.bucket, Key="hello.txt")["Body"].read() == b"still here"
    messages = cloud.client("sqs").receive_message(QueueUrl=before.dlq, MaxNumberOfMessages=10).get("Messages", [])
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


def test_the_mailbox_survives_a_restart(restarted: tuple[RunningCloud, Before]) -> None:
    """(Moved here from test_mailbox.py to share the restart.)"""
    cloud, before = restarted
    mailbox = Mailbox(cloud.mailbox_url)
    assert [m["id"] for m in mailbox.messages("gus.restart@example.com")] == [before.kept_mail]
    assert mailbox.message(before.kept_mail)["html"].strip() == "<p>html of Kept</p>"
    assert mailbox.messages("hal.restart@example.com") == []  # the deletion was kept too
    endpoints = json.loads((cloud.data_dir / "endpoints.json").read_text())
    assert endpoints["mailbox"] == cloud.mailbox_url


def test_a_platform_with_open_sockets_stops_cleanly_and_closes_them_going_away(
        restarted: tuple[RunningCloud, Before]) -> None:
    """Last in the module: it stops the restarted cloud (moved here from test_websocket_gateway.py, which started a
    cloud for it alone). A browser tab left open kept its socket's handler running: aiohttp's cleanup waited on
    it, `up` overran its own 10 s wait and died on Ctrl-C with a traceback (exit 1), leaving its Lambda workers
    and journal."""
    cloud, _ = restarted
    with sync_connect(f"{cloud.websocket_url}/local?token=let-me-in", open_timeout=30) as socket:
        socket.send(json.dumps({"action": "ping"}))
        assert json.loads(socket.recv(timeout=30)) == {"type": "pong"}
        cloud.process.send_signal(signal.SIGTERM)
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=60)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001  # going away
    assert cloud.process.wait(120) == 0, "\n".join(cloud.logs.lines[-30:])
    assert not [line for line in cloud.logs.lines if "Traceback" in line]
