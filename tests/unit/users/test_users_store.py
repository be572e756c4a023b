"""The users store against the users table of the template (in-process moto): registration is all or nothing
and names the guard that refused it, a change is written with its terms and events and never lost to a
concurrent one, and the avatar consumer changes nothing when a fact is told again under a new eventId."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import boto3
import pytest
from support.context_tables import context_table

AT = "2026-12-05T00:00:00Z"
MEDIA = os.environ["MEDIA_BASE_URL"].rstrip("/")  # tests/unit/conftest.py
U1, U2, GONE = ("0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a01", "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a02",
                "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a03")


@pytest.fixture(autouse=True)
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with context_table("users") as name:
        monkeypatch.setenv("TABLE_NAME", name)  # where kernel.outbox writes
        yield name


def items(table: str) -> list[dict[str, Any]]:
    found = boto3.client("dynamodb").scan(TableName=table)["Items"]
    return sorted(({k: next(iter(v.values())) for k, v in item.items()} for item in found),
                  key=lambda item: (item["PK"], item["SK"]))


def published(table: str) -> list[tuple[str, dict[str, Any]]]:
    events = [json.loads(item["envelope"]) for item in items(table) if item["PK"].startswith("OUTBOX#")]
    return [(event["eventType"], event["payload"]) for event in sorted(events, key=lambda e: e["occurredAt"])]


def register(user_id: str = U1, username: str = "Night_Owl", email: str = "owl@example.com") -> Any:
    from users import store
    from users.domain import User

    user = User.register(user_id, username, email, "member", f"{MEDIA}/users/default.png",
                         AT)
    store.add(user)
    return user


def test_a_registration_writes_the_profile_its_guards_its_term_and_user_created(table: str) -> None:
    from users import store

    register()
    assert [(i["PK"], i["SK"]) for i in items(table) if not i["PK"].startswith("OUTBOX#")] == [
        ("EMAIL#owl@example.com", "GUARD"), (f"USER#{U1}", "PROFILE"), (f"USER#{U1}", "TERM#USERNAME"),
        ("USERNAME#night_owl", "GUARD")]
    assert [event_type for event_type, _ in published(table)] == ["user.created"]
    assert store.get(U1).username == "Night_Owl"  # type: ignore[union-attr]
    assert store.username_for_email("OWL@example.com") == "Night_Owl"


@pytest.mark.parametrize(("username", "email", "taken"), [("night_owl", "other@example.com", "UsernameTaken"),
                                                          ("Other", "OWL@example.com", "EmailTaken")])
def test_a_taken_username_or_email_is_named_and_nothing_of_the_attempt_is_written(
        table: str, username: str, email: str, taken: str) -> None:
    from users.domain import EmailTaken, UsernameTaken

    register()
    before = items(table)
    with pytest.raises((UsernameTaken, EmailTaken)) as refused:
        register(U2, username, email)
    assert type(refused.value).__name__ == taken
    assert refused.value.errors[0].field == ("username" if taken == "UsernameTaken" else "email")
    assert items(table) == before


def test_a_change_writes_the_profile_its_terms_and_the_event(table: str) -> None:
    from users import store
    from users.domain import Settings

    register()
    store.change(U1, lambda user: user.replace_settings(Settings(False, "en", "Owl"), date(2026, 12, 5)))
    assert store.get(U1).name == "Owl"  # type: ignore[union-attr]
    terms = {i["SK"]: i["GSI1SK"] for i in items(table) if i["SK"].startswith("TERM#")}
    assert terms == {"TERM#USERNAME": f"night_owl#{U1}", "TERM#NAME": f"owl#{U1}"}

    store.change(U1, lambda user: user.replace_settings(Settings(False, "en", "NIGHT_owl"), date(2026, 12, 5)))
    assert [i["SK"] for i in items(table) if i["SK"].startswith("TERM#")] == ["TERM#USERNAME"]
    assert [event_type for event_type, _ in published(table)] == ["user.created", "user.updated", "user.updated"]


def test_a_change_made_meanwhile_is_not_lost(table: str) -> None:
    """Between the read and the write of one change another commits: the first reads again and keeps both."""
    from users import store
    from users.domain import Settings, User

    register()
    calls: list[str] = []

    def rename(user: User) -> None:
        calls.append(user.avatar)
        if len(calls) == 1:  # another request (an avatar arriving) commits first
            store.change(U1, lambda other: other.change_avatar(f"{MEDIA}/a.jpg", AT))
        user.replace_settings(Settings(True, "en", "Renamed"), date(2026, 12, 5))

    store.change(U1, rename)
    stored = store.get(U1)
    assert stored is not None and (stored.name, stored.avatar) == ("Renamed", f"{MEDIA}/a.jpg")
    assert len(calls) == 2


def test_a_change_that_loses_every_race_is_a_conflict_and_writes_nothing_of_its_own(table: str) -> None:
    """Each of the five attempts is overtaken by another writer: the request answers 409 (it was a 500)."""
    from kernel.errors import Conflict
    from users import store
    from users.domain import Settings, User

    register()
    attempts: list[int] = []

    def rename(user: User) -> None:
        attempts.append(1)
        store.change(U1, lambda other: other.change_avatar(f"{MEDIA}/a{len(attempts)}.jpg", AT))  # gets in first
        user.replace_settings(Settings(True, "en", "Renamed"), date(2026, 12, 5))

    with pytest.raises(Conflict) as refused:
        store.change(U1, rename)
    assert refused.value.status == 409 and "send the request again" in refused.value.detail
    stored = store.get(U1)
    assert stored is not None and (stored.name, stored.avatar) == ("Night_Owl", f"{MEDIA}/a5.jpg")
    assert len(attempts) == 5


def test_a_change_that_decides_nothing_writes_nothing_and_a_missing_user_is_not_found(table: str) -> None:
    from users import store
    from users.domain import UserNotFound

    user = register()
    before = items(table)
    store.change(U1, lambda u: u.change_avatar(user.avatar, AT))
    assert items(table) == before
    with pytest.raises(UserNotFound):
        store.change("nobody", lambda u: u.change_avatar("x", AT))


def test_removing_a_user_leaves_only_user_deleted_and_frees_the_names(table: str) -> None:
    from users import store

    register()
    assert store.remove(U1, with_it=lambda unit: None) is True
    assert store.remove(U1, with_it=lambda unit: None) is False  # a retry finds nothing left
    assert [i["PK"] for i in items(table) if not i["PK"].startswith("OUTBOX#")] == []
    assert [event_type for event_type, _ in published(table)] == ["user.created", "user.deleted"]
    register(U2)  # the username and e-mail are free again


@pytest.fixture
def revoked_tokens(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The shared deny-list table (template.yaml's RevokedTokensTable: key `id`) beside the users table."""
    name = "revoked-tokens"
    boto3.client("dynamodb").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", AttributeDefinitions=[{"AttributeName": "id",
                                                                              "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    monkeypatch.setenv("REVOKED_TOKENS_TABLE", name)
    from users import sessions

    sessions._model.cache_clear()
    yield name
    sessions._model.cache_clear()


def test_deleting_an_account_denies_its_tokens_in_the_transaction_that_removes_the_profile(
        table: str, revoked_tokens: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both or neither: a failing deny-list write leaves the profile (the owner's token works for a retry), and the
    retry removes the profile, publishes user.deleted and denies the tokens at once."""
    from kernel import outbox
    from users import sessions, store

    register()

    def deny(unit: Any) -> None:
        sessions.deny_user(unit, U1, up_to=1_700_000_000)

    real_add = outbox.add
    monkeypatch.setattr(outbox, "add", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("the write fails")))
    with pytest.raises(RuntimeError):
        store.remove(U1, with_it=deny)
    assert store.get(U1) is not None
    assert "Item" not in boto3.client("dynamodb").get_item(TableName=revoked_tokens, Key={"id": {"S": f"user#{U1}"}})
    monkeypatch.setattr(outbox, "add", real_add)

    assert store.remove(U1, with_it=deny) is True
    assert store.get(U1) is None
    denied = boto3.client("dynamodb").get_item(TableName=revoked_tokens, Key={"id": {"S": f"user#{U1}"}})["Item"]
    assert denied["revokedBefore"] == {"N": "1700000000"}
    assert store.remove(U1, with_it=deny) is False  # a retry after the commit: still denied, nothing else to do


def test_an_avatar_told_again_under_a_new_event_id_changes_nothing(table: str) -> None:
    from users.handlers.consume import on_avatar_updated

    register()
    url = f"{MEDIA}/users/{U1}/avatar-1.jpg"
    for event_id in ("e-1", "e-2"):  # the same fact, two messages
        on_avatar_updated({"eventId": event_id, "occurredAt": AT, "payload": {"userId": U1, "url": url}})
    assert [p.get("avatar") for t, p in published(table) if t == "user.updated"] == [url]


def test_an_avatar_told_after_a_newer_one_is_not_taken(table: str) -> None:
    from users import store
    from users.handlers.consume import on_avatar_updated

    register()
    newer, older = (f"{MEDIA}/users/{U1}/avatar-{n}.jpg" for n in (2, 1))
    on_avatar_updated({"occurredAt": "2026-12-05T02:00:00.000Z", "payload": {"userId": U1, "url": newer}})
    on_avatar_updated({"occurredAt": "2026-12-05T01:00:00.000Z", "payload": {"userId": U1, "url": older}})
    assert store.get(U1).avatar == newer  # type: ignore[union-attr]
    assert [p["avatar"] for t, p in published(table) if t == "user.updated"] == [newer]


def test_an_avatar_outside_our_media_or_for_a_deleted_user_is_dropped(table: str) -> None:
    from users import store
    from users.handlers.consume import on_avatar_updated

    register()
    on_avatar_updated({"occurredAt": AT, "payload": {"userId": U1, "url": "https://evil.example/x.jpg"}})
    on_avatar_updated({"occurredAt": AT,
                       "payload": {"userId": GONE, "url": f"{MEDIA}/users/{GONE}/a.jpg"}})
    assert [t for t, _ in published(table)] == ["user.created"]
    assert store.get(U1).avatar.endswith("/users/default.png")  # type: ignore[union-attr]
