"""Cursor pagination: what a client may send and what it gets back."""

from __future__ import annotations

import pytest
from kernel.errors import ValidationFailed
from kernel.pagination import DEFAULT_LIMIT, PageRequest, decode_cursor, encode_cursor, page

KEY = ("PK", "SK")


def test_a_cursor_round_trips_the_last_evaluated_key() -> None:
    last_key = {"PK": {"S": "EVENT#1"}, "SK": {"S": "LIKE#2"}}
    cursor = encode_cursor(last_key)
    assert cursor is not None and "=" not in cursor
    assert PageRequest.parse({"cursor": cursor, "limit": "5"}, KEY) == PageRequest(5, last_key)
    assert page([1, 2], last_key)["nextCursor"] == cursor
    assert page([1, 2], None) == {"items": [1, 2], "nextCursor": None}


def test_defaults() -> None:
    assert PageRequest.parse(None, KEY) == PageRequest(DEFAULT_LIMIT, None)


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"limit": "-1"},
                                   {"cursor": "not base64!"}, {"cursor": encode_cursor({"PK": {"S": "x"}})},
                                   {"cursor": encode_cursor({"PK": {"S": "x"}, "SK": {"M": {}}})},
                                   {"cursor": encode_cursor({"PK": {"S": "x"}, "SK": {"S": "y"}, "X": {"S": "z"}})}])
def test_bad_paging_is_a_400_naming_the_field(query: dict) -> None:
    with pytest.raises(ValidationFailed) as error:
        PageRequest.parse(query, KEY)
    assert error.value.status == 400
    assert error.value.errors[0].field in ("limit", "cursor")


def test_decode_refuses_what_was_not_a_key() -> None:
    with pytest.raises(ValueError):
        decode_cursor(encode_cursor({"PK": {"S": "a"}, "SK": {"S": "b"}})[:-3] + "!!!", KEY)  # type: ignore[index]
