"""Backup codes of two-factor sign-in: shown once, kept hashed, each usable once, replaced by a new issue
(users.backup_codes, against the users table of the template in in-process moto)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from support.context_tables import context_table
from users import backup_codes

USER = "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a01"


@pytest.fixture(autouse=True)
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with context_table("users") as name:
        monkeypatch.setenv("TABLE_NAME", name)
        yield name


def test_codes_are_many_different_and_typed_loosely() -> None:
    codes = backup_codes.new_codes()

    assert len(set(codes)) == backup_codes.COUNT
    assert all(len(backup_codes.normalized(c)) == backup_codes.LENGTH and c[5] == "-" for c in codes)
    assert backup_codes.digest(codes[0].lower().replace("-", " ")) == backup_codes.digest(codes[0])


def test_only_hashes_are_kept_and_each_code_works_once(table: str) -> None:
    codes = backup_codes.issue(USER)
    stored = boto3.client("dynamodb").scan(TableName=table)["Items"]  # a test's look at the whole table

    assert not any(backup_codes.normalized(c) in str(stored) for c in codes)
    assert backup_codes.use(USER, codes[3].lower())
    assert not backup_codes.use(USER, codes[3])
    assert backup_codes.remaining(USER) == backup_codes.COUNT - 1
    assert not backup_codes.use(USER, "AAAAA-AAAAA") and not backup_codes.use(USER, "short")


def test_a_new_issue_replaces_the_earlier_codes() -> None:
    old = backup_codes.issue(USER)
    new = backup_codes.issue(USER)

    assert not backup_codes.use(USER, old[0])
    assert backup_codes.use(USER, new[0])
    assert not backup_codes.use("someone-else", new[1])
