"""Query-string parameters of the interactions reads: one page of a listing, and the filters, each checked
(400 with the field) before anything is read."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import PageRequest, encode_cursor

from .domain import RATINGS
from .store import Listing


def params(router: APIGatewayHttpRouter) -> dict[str, str]:
    return dict(router.current_event.query_string_parameters or {})


def _bad(name: str, message: str) -> ValidationFailed:
    return ValidationFailed("Bad query parameters", [FieldError(name, message)])


def page_of(listing: Listing, query: dict[str, str], newest_first: bool = True) -> tuple[list[Any], str | None]:
    """One page of `listing` (one Query) and the cursor of the next. A cursor of another list is a 400."""
    request = PageRequest.parse(query, listing.key_attributes)
    partition_key = f"{listing.index}PK"
    if request.start_key and request.start_key[partition_key].get("S") != listing.partition:
        raise _bad("cursor", "is not a cursor of this list")
    items, last_key = listing.read(request.limit, request.start_key, newest_first)
    return items, encode_cursor(last_key)


def rating(query: dict[str, str]) -> int | None:
    value = query.get("rating")
    if value is None:
        return None
    if not value.isdigit() or int(value) not in RATINGS:
        raise _bad("rating", "must be an integer between 1 and 5")
    return int(value)


def choice(query: dict[str, str], name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
    value = query.get(name, default)
    if value is not None and value not in choices:
        raise _bad(name, f"must be one of {', '.join(choices)}")
    return value


def flag(query: dict[str, str], name: str) -> bool | None:
    value = choice(query, name, ("true", "false"))
    return None if value is None else value == "true"


def text(query: dict[str, str], name: str, max_length: int = 100) -> str | None:
    value = query.get(name, "").strip()
    if len(value) > max_length:
        raise _bad(name, f"at most {max_length} characters")
    return value or None
