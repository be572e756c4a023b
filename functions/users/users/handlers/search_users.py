"""GET /users/search?prefix=&role=&limit=&cursor=: users whose username or name starts with the prefix
(case-insensitive), members before organizations, from an index (never a scan).

A page reads one item more than it answers, so that a cursor is given only when there is more to read (no
empty last page). The cursor is the index key of the page's last user, with the role partition it is in.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from kernel import http
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, decode_cursor, encode_cursor
from kernel.responses import Page

from .. import store
from ..domain import ROLES
from ..views import PublicUser, documented, search_view

router = http.router()
INDEX_KEY = ("PK", "SK", "GSI1PK", "GSI1SK")


def _position(cursor: str | None, roles: list[str], prefix: str) -> tuple[list[str], dict | None]:
    """The roles still to read and where to start in the first of them (ValueError: not a cursor of this
    search, e.g. one of a search for another role or prefix)."""
    if not cursor:
        return roles, None
    decoded = decode_cursor(cursor, (*INDEX_KEY, "role"))
    role = decoded.pop("role")["S"]
    if role not in roles or decoded["GSI1PK"]["S"] != f"SEARCH#{role}" or \
            not decoded["GSI1SK"]["S"].startswith(prefix):
        raise ValueError("not a cursor of this search")
    return roles[roles.index(role):], decoded


@router.get("/users/search",
            responses=documented(200, "A page of users", 400, model=Page[PublicUser]))
def search_users(
    prefix: Annotated[str, Query(description="start of a username or name, any case")] = "",
    role: Annotated[str | None, Query(description="member or organization (default: both, members first)")] = None,
    limit: Annotated[str | None, Query(description=f"1 to {MAX_LIMIT}, default {DEFAULT_LIMIT}")] = None,
    cursor: Annotated[str | None, Query(description="nextCursor of the page before")] = None,
) -> object:
    errors: list[FieldError] = []
    if role is not None and role not in ROLES:
        errors.append(FieldError("role", f"Invalid role: {role}"))
    prefix = prefix.strip().lower()
    if len(prefix) > 100:
        errors.append(FieldError("prefix", "at most 100 characters"))
    page_size = 0
    roles = [role] if role else list(ROLES)
    start_key: dict | None = None
    try:
        page_size = PageRequest.parse({} if limit is None else {"limit": limit}, INDEX_KEY).limit
    except ValidationFailed as error:
        errors += error.errors
    try:
        roles, start_key = _position(cursor, roles, prefix)
    except ValueError:
        if role is None or role in ROLES:
            errors.append(FieldError("cursor", "is not a cursor of this search"))
    if errors:
        raise ValidationFailed("Bad search", errors)
    found: list[store.SearchTerm] = []
    for current in roles:
        found += store.search(current, prefix, page_size + 1 - len(found), start_key)
        start_key = None
        if len(found) > page_size:
            break
    page = found[:page_size]
    next_cursor = None
    if len(found) > page_size:
        next_cursor = encode_cursor({**store.index_key(page[-1]), "role": {"S": page[-1].role}})
    return http.json_response(200, Page[PublicUser](items=[search_view(term) for term in page],
                                                    next_cursor=next_cursor))


handler = http.entrypoint(http.create_app("users", router))
