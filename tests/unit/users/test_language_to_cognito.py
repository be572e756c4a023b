"""The account's language reaches Cognito (the code e-mails' language) from the users queue's
`user.language.changed`, on the users table and a user pool in in-process moto: two changes handled at once
leave the newest language on the account, whichever worker writes last."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import boto3
import pytest
from support.context_tables import context_table

AT = "2026-12-05T00:00:00Z"
MEDIA = os.environ["MEDIA_BASE_URL"].rstrip("/")  # tests/unit/conftest.py
USER_ID = "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a11"
USERNAME = "night_owl"


@pytest.fixture(autouse=True)
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from kernel.aws import region

    with context_table("users") as name:
        monkeypatch.setenv("TABLE_NAME", name)  # where kernel.outbox writes
        cognito = boto3.client("cognito-idp", region_name=region())
        pool = cognito.create_user_pool(PoolName="users")["UserPool"]["Id"]
        monkeypatch.setenv("USER_POOL_ID", pool)
        cognito.admin_create_user(UserPoolId=pool, Username=USERNAME, MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "locale", "Value": "en"}])
        from users import store
        from users.domain import User

        store.add(User.register(USER_ID, USERNAME, "owl@example.com", "member", f"{MEDIA}/users/default.png", AT))
        yield cognito


def locale(cognito: Any) -> str:
    user = cognito.admin_get_user(UserPoolId=os.environ["USER_POOL_ID"], Username=USERNAME)
    return next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "locale")


def change_language(language: str) -> None:
    from users import store
    from users.domain import Settings

    store.change(USER_ID, lambda user: user.replace_settings(Settings(False, language, "Owl"), date(2026, 12, 5)))


def told(language: str) -> dict[str, Any]:
    return {"eventId": f"language-{language}", "occurredAt": AT, "eventType": "user.language.changed",
            "payload": {"id": USER_ID, "language": language}}


def test_an_older_language_written_after_a_newer_one_is_written_over(cloud: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The first change's worker reads the profile (Italian), then the second change (German) is saved and
    handled whole, and only then does the first worker write what it read."""
    from users import identity
    from users.handlers import consume

    change_language("it")
    real_write, writes = identity.set_language, []

    def slow_first_write(username: str, language: str) -> bool:
        writes.append(language)
        if len(writes) == 1:  # the first worker, stalled between its read and its write
            change_language("de")
            consume.on_language_changed(told("de"))
        return real_write(username, language)

    monkeypatch.setattr(identity, "set_language", slow_first_write)
    consume.on_language_changed(told("it"))
    assert locale(cloud) == "de"
    assert writes == ["it", "de", "de"]  # the stalled write came last, and was written over


def test_a_change_handled_alone_writes_once_and_a_deleted_account_not_at_all(cloud: Any,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from users import identity, store
    from users.handlers import consume

    change_language("fr")
    real_write, writes = identity.set_language, []
    monkeypatch.setattr(identity, "set_language", lambda username, language: writes.append(language)
                        or real_write(username, language))
    consume.on_language_changed(told("fr"))
    assert (writes, locale(cloud)) == (["fr"], "fr")
    store.remove(USER_ID, with_it=lambda unit: None)
    consume.on_language_changed(told("fr"))
    assert writes == ["fr"]
