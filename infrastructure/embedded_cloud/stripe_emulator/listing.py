"""Stripe's list objects: `limit`, `starting_after`, `ending_before` and `created` filters."""

from __future__ import annotations

from collections.abc import Callable

from .errors import invalid_request, no_such
from .params import Params
from .store import Collection

LIST_PARAMS = {"limit", "starting_after", "ending_before", "expand", "created"}


def list_object(url: str, data: list[dict], has_more: bool) -> dict:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def created_filter(params: Params) -> Callable[[dict], bool]:
    """`created=<ts>` or `created[gt|gte|lt|lte]=<ts>`."""
    if isinstance(params.data.get("created"), dict):
        bounds = params.object("created")
        assert bounds is not None
        unknown = set(bounds.data) - {"gt", "gte", "lt", "lte"}
        if unknown:
            raise invalid_request(f"Received unknown parameter: created[{unknown.pop()}]", "created")
        gt, gte, lt, lte = (bounds.integer(op) for op in ("gt", "gte", "lt", "lte"))
        return lambda obj: (
            (gt is None or obj["created"] > gt)
            and (gte is None or obj["created"] >= gte)
            and (lt is None or obj["created"] < lt)
            and (lte is None or obj["created"] <= lte)
        )
    exact = params.integer("created")
    return lambda obj: exact is None or obj["created"] == exact


def paginate(
    collection: Collection,
    params: Params,
    *,
    url: str,
    kind: str,
    matches: Callable[[dict], bool] = lambda _: True,
) -> dict:
    limit = params.integer("limit", minimum=1, maximum=100) or 10
    starting_after = params.string("starting_after")
    ending_before = params.string("ending_before")
    if starting_after and ending_before:
        raise invalid_request("You may only specify one of these parameters: ending_before, starting_after.")
    by_created = created_filter(params)
    try:
        data, has_more = collection.page(
            limit,
            starting_after=starting_after,
            ending_before=ending_before,
            matches=lambda obj: by_created(obj) and matches(obj),
        )
    except KeyError:
        cursor_param = "starting_after" if starting_after else "ending_before"
        raise no_such(kind, starting_after or ending_before or "", cursor_param) from None
    return list_object(url, data, has_more)
