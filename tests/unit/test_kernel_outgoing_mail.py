"""kernel.outgoing_mail against in-process moto with the embedded cloud's mailbox fix (SES files each message it
accepted as MIME in the local mailbox): the address from Cognito, the message with both parts, attachments and
headers as a recipient receives it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from kernel import outgoing_mail
from kernel.aws import client

SENDER = "no-reply@eventonight.local"
PDF = b"%PDF-1.4 two tickets"


@pytest.fixture
def ses_and_cognito(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """SES with the platform's identity and configuration set, and a user pool; yields the pool's id."""
    from embedded_cloud.moto_fixes import ses_mailbox
    from moto import mock_aws

    monkeypatch.setenv("AWS_DEFAULT_REGION", os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    monkeypatch.setenv("MAIL_FROM_ADDRESS", SENDER)
    monkeypatch.setenv("MAIL_CONFIGURATION_SET", "eventonight")
    with mock_aws():
        ses_mailbox.install()
        client("sesv2").create_email_identity(EmailIdentity="eventonight.local")
        client("sesv2").create_configuration_set(ConfigurationSetName="eventonight")
        pool = client("cognito-idp").create_user_pool(PoolName="users")["UserPool"]["Id"]
        monkeypatch.setenv("USER_POOL_ID", pool)
        yield pool


def _user(pool: str, username: str, email: str) -> str:
    created = client("cognito-idp").admin_create_user(
        UserPoolId=pool, Username=username, UserAttributes=[{"Name": "email", "Value": email}])["User"]
    return {a["Name"]: a["Value"] for a in created["Attributes"]}["sub"]


def test_the_address_is_found_by_username_or_by_sub_and_only_for_that_account(ses_and_cognito: str) -> None:
    ann = _user(ses_and_cognito, "ann_mail", "ann.mail@example.com")
    bob = _user(ses_and_cognito, "bob_mail", "bob.mail@example.com")

    assert outgoing_mail.address_of(ann, "ann_mail") == "ann.mail@example.com"  # AdminGetUser
    assert outgoing_mail.address_of(ann) == "ann.mail@example.com"  # ListUsers by sub
    assert outgoing_mail.address_of(ann, "bob_mail") is None  # another account's username
    assert outgoing_mail.address_of(bob, "nobody_here") is None  # the account is gone
    assert outgoing_mail.address_of('x" or sub = "y') is None  # never put into a filter


def test_one_message_carries_both_parts_the_attachments_and_the_headers(ses_and_cognito: str) -> None:
    from embedded_cloud.mailbox import MAILBOX

    message_id = outgoing_mail.send(
        "carl.mail@example.com", "Your tickets for Jazz Night", "Two tickets, attached.\n",
        "<p>Two tickets, <b>attached</b>.</p>", attachments=[("tickets-1.pdf", "application/pdf", PDF)],
        headers={"List-Unsubscribe": "<https://eventonight.local/u/abc>"})

    received = MAILBOX.get(message_id)
    assert received is not None and received.recipients == ("carl.mail@example.com",)
    details = received.details()
    assert details["from"] == f"EvenToNight <{SENDER}>"
    assert details["subject"] == "Your tickets for Jazz Night"
    assert details["text"].strip() == "Two tickets, attached."
    assert details["html"].strip() == "<p>Two tickets, <b>attached</b>.</p>"
    assert details["headers"]["List-Unsubscribe"] == "<https://eventonight.local/u/abc>"
    assert received.attachment(0) == ("tickets-1.pdf", "application/pdf", PDF)
    assert details["headers"]["Message-ID"].endswith("@eventonight.local>")


def test_a_message_without_attachments_or_headers_has_just_the_two_parts(ses_and_cognito: str) -> None:
    from embedded_cloud.mailbox import MAILBOX

    message_id = outgoing_mail.send("dora.mail@example.com", "Digest", "text", "<p>html</p>")

    details = MAILBOX.get(message_id).details()
    assert details["attachments"] == [] and "List-Unsubscribe" not in details["headers"]
    assert (details["text"].strip(), details["html"].strip()) == ("text", "<p>html</p>")
