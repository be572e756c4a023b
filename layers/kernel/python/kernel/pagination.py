"""Cursor pagination: `?limit=20&cursor=<opaque>` -> `{"items": [...], "nextCursor": ... | null}`.

A cursor is DynamoDB's LastEvaluatedKey, base64url-encoded JSON: a page costs one Query however deep it is.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from .errors import FieldError, ValidationFailed

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


@dataclass(frozen=True)
class PageRequest:
    limit: int
    start_key: dict[str, Any] | None

    @classmethod
    def parse(cls, query: dict[str, str] | None, key_attributes: tuple[str, ...]) -> PageRequest:
        """`key_attributes`: the attributes of the table's or index's LastEvaluatedKey (checked, so that a forged
        cursor is a 400 and never reaches DynamoDB)."""
        query = query or {}
        errors = []
        limit = DEFAULT_LIMIT
        if "limit" in query:
            try:
                limit = int(query["limit"])
            except ValueError:
                limit = 0
            if not 1 <= limit <= MAX_LIMIT:
                errors.append(FieldError("limit", f"must be an integer between 1 and {MAX_LIMIT}"))
        start_key = None
        if query.get("cursor"):
            try:
                start_key = decode_cursor(query["cursor"], key_attributes)
            except ValueError:
                errors.append(FieldError("cursor", "is not a cursor this API gave out"))
        if errors:
            raise ValidationFailed("Bad paging parameters", errors)
        return cls(limit, start_key)


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, key_attributes: tuple[str, ...]) -> dict[str, Any]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise ValueError("not a cursor") from error
    if not isinstance(decoded, dict) or set(decoded) != set(key_attributes) or \
            not all(_is_key_value(v) for v in decoded.values()):
        raise ValueError("not a cursor")
    return decoded


def _is_key_value(value: Any) -> bool:
    """A DynamoDB key attribute value: {"S": "..."} or {"N": "..."}."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("S", "N") and \
        isinstance(next(iter(value.values())), str)


def page(items: list[Any], last_key: dict[str, Any] | None) -> dict[str, Any]:
    return {"items": items, "nextCursor": encode_cursor(last_key)}
