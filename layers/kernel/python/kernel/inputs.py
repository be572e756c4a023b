"""Formats of values clients send that the platform never takes on trust: the ids in request paths (one format
per parameter name, checked on every route by `kernel.http` before any use case runs) and links to the web."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Every path parameter of every route, by name (api-conventions.md "Ids"). A route naming another parameter is
# refused when its app is created, so a new route cannot forget its format.
PATH_PARAMETERS: dict[str, str] = {
    "userId": UUID, "organizationId": UUID, "followedId": UUID, "eventId": UUID, "conversationId": UUID,
    "notificationId": UUID, "ticketTypeId": f"ett_{UUID}", "orderId": f"order_{UUID}", "ticketId": f"ticket_{UUID}",
    "category": r"[^/#?]{1,64}", "promoCode": r"[A-Za-z0-9][A-Za-z0-9_-]{2,31}",
    "feedToken": r"[A-Za-z0-9_-]{43}",  # secrets.token_urlsafe(32): a calendar feed's key
}
_COMPILED = {name: re.compile(pattern) for name, pattern in PATH_PARAMETERS.items()}
MAX_URL = 2048


def is_path_parameter(name: str, value: object) -> bool:
    pattern = _COMPILED.get(name)
    return pattern is not None and isinstance(value, str) and pattern.fullmatch(value) is not None


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host: what a page may link to (no `javascript:`, `data:` or relative links),
    with no whitespace or control characters a browser would strip before reading the scheme."""
    if len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    try:
        parsed = urlsplit(value)
        return parsed.scheme in ("http", "https") and bool(parsed.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False


def time_zone(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None: a name of a tzdata directory (`Etc`, `America`) raises
    IsADirectoryError on Python 3.11, odd bytes ValueError."""
    try:
        return ZoneInfo(name) if 0 < len(name) <= 64 else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
