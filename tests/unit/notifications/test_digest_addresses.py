"""The daily digest is addressed by the username notifications' replica of users keeps (AdminGetUser), never with
Cognito's ListUsers (a low request quota, one call per recipient); a deleted account's copy is erased and it gets
no digest."""

from __future__ import annotations

import os
import uuid

import boto3
import pytest
from support import mail_cloud
from support.context_tables import context_table

DAY, MORNING = "2031-05-06", "2031-05-07T07:00:00Z"


@pytest.fixture(scope="module")
def pool():
    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name
    os.environ.update(UNSUBSCRIBE_SECRET_PARAMETER="/eventonight/unsubscribe-secret",
                      PUBLIC_BASE_URL="http://127.0.0.1:3000")
    with context_table("notifications"):
        boto3.client("ssm", region_name="us-east-1").put_parameter(
            Name="/eventonight/unsubscribe-secret", Type="SecureString", Value="s" * 40)
        yield mail_cloud.start()
        mail_cloud.allow("cognito-idp", "ListUsers")


def _opted_in_follower_of_the_day(pool: str, language: str) -> tuple[str, str]:
    """A user (notifications heard user.created) who chose the follow digest and was followed on DAY."""
    from notifications import consent, digests, languages
    from notifications.domain import NoteType
    from notifications.preferences import Choice, Preferences

    name = f"d{uuid.uuid4().hex[:12]}"
    user_id = mail_cloud.user(pool, name, f"{name}@example.com")
    languages.on_user_changed({"occurredAt": f"{DAY}T08:00:00.000Z", "payload": {
        "id": user_id, "username": name, "language": language}})
    consent.keep(Preferences(user_id, {NoteType.FOLLOW: Choice(in_app=True, email=True)}))
    digests.collect(user_id, {"id": str(uuid.uuid4()), "type": "follow", "metadata": {"followerName": "Ann"},
                              "createdAt": f"{DAY}T10:00:00.000Z"})
    return user_id, f"{name}@example.com"


def test_the_digest_reaches_its_reader_without_listing_users_and_not_a_deleted_account(pool) -> None:
    from notifications import languages
    from notifications.handlers import consume, send_digests

    (_, reader), (gone, gone_address) = (_opted_in_follower_of_the_day(pool, "it"),
                                         _opted_in_follower_of_the_day(pool, "en"))
    consume.on_user_deleted({"occurredAt": f"{DAY}T12:00:00.000Z", "payload": {"id": gone}})
    assert languages.mail_username(gone) == (False, None)  # the copy is gone: a tombstone without the username
    mail_cloud.refuse("cognito-idp", "ListUsers")

    assert send_digests.handler({"time": MORNING}, None)["sent"] == 1
    [digest] = mail_cloud.received(reader)
    assert digest["subject"] == "Il tuo riepilogo EvenToNight"
    assert mail_cloud.received(gone_address) == []
