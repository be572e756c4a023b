"""A change of e-mail address in the users table (in-process moto): the code works once and for a day, five wrong
codes drop the change, a newer request replaces the older; applying it moves the profile's address and its guard
in one transaction, marks the change applied, and refuses an address another user holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kernel.errors import ValidationFailed
from support.context_tables import context_table
from test_users_store import U1, U2, items, published, register
from users import email_change, store
from users.domain import EmailInUse

NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with context_table("users") as name:
        monkeypatch.setenv("TABLE_NAME", name)
        yield name


def _refused(code: str, now: float = NOW) -> str:
    with pytest.raises(ValidationFailed) as refused:
        email_change.confirmed(U1, code, now)
    return refused.value.errors[0].message


def test_a_code_works_for_a_day_and_five_wrong_ones_drop_the_change() -> None:
    code = email_change.begin(U1, "new@example.com", "owl@example.com", NOW)
    wrong = "000000" if code != "000000" else "111111"

    assert _refused(code, NOW + email_change.LIFETIME) == "has expired or was used"
    assert email_change.confirmed(U1, f" {code} ", NOW).email == "new@example.com"
    for _ in range(email_change.MAX_WRONG - 1):
        assert _refused(wrong) == "is incorrect"
    assert email_change.confirmed(U1, code, NOW).previous == "owl@example.com"  # still waiting
    assert _refused(wrong) == "is incorrect"
    assert _refused(code) == "has expired or was used"  # the fifth wrong code dropped it


def test_a_newer_request_replaces_the_waiting_one_and_its_code() -> None:
    first = email_change.begin(U1, "one@example.com", "owl@example.com", NOW)
    second = email_change.begin(U1, "two@example.com", "owl@example.com", NOW)

    assert email_change.confirmed(U1, second, NOW).email == "two@example.com"
    if first != second:
        assert _refused(first) == "is incorrect"


def test_applying_moves_the_address_and_its_guard_at_once_and_marks_the_change_applied(table: str) -> None:
    register()
    code = email_change.begin(U1, "new@example.com", "owl@example.com", NOW)
    waiting = email_change.confirmed(U1, code, NOW)
    events_before = published(table)

    store.change_email(U1, waiting)

    user = store.get(U1)
    assert user is not None and (user.email, user.email_verified) == ("new@example.com", True)
    assert store.holder_of_email("NEW@example.com") == U1 and store.holder_of_email("owl@example.com") is None
    assert email_change.confirmed(U1, code, NOW).applied  # a retry of the confirmation finishes it
    assert published(table) == events_before  # addresses stay off the bus
    email_change.finish(U1, waiting.code_hash)
    assert _refused(code) == "has expired or was used"


def test_an_address_another_user_holds_is_refused_and_nothing_moves(table: str) -> None:
    register()
    register(U2, "Lark", "lark@example.com")
    code = email_change.begin(U1, "lark@example.com", "owl@example.com", NOW)
    waiting = email_change.confirmed(U1, code, NOW)
    before = items(table)

    with pytest.raises(EmailInUse):
        store.change_email(U1, waiting)
    assert items(table) == before

