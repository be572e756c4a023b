"""`expand[]`: replace an id in a response by the object it names (`payment_intent`,
`payment_intent.latest_charge`, `line_items`, and `data.<field>` on lists)."""

from __future__ import annotations

from collections.abc import Callable

from .errors import invalid_request
from .store import Store

# object type -> expandable field -> store collection holding the referenced object
_EXPANDABLE = {
    "checkout.session": {"payment_intent": "payment_intent", "line_items": "line_items"},
    "payment_intent": {"latest_charge": "charge"},
    "charge": {"payment_intent": "payment_intent"},
    "refund": {"charge": "charge", "payment_intent": "payment_intent"},
}
_MAX_DEPTH = 4


class Expander:
    def __init__(self, store: Store, line_items: Callable[[str], dict]) -> None:
        self._store = store
        self._line_items = line_items

    def apply(self, obj: dict, paths: list[str]) -> dict:
        for path in paths:
            parts = path.split(".")
            if len(parts) > _MAX_DEPTH:
                raise invalid_request(
                    f"You cannot expand more than {_MAX_DEPTH} levels of a property. Property: {path}",
                    "expand",
                )
            obj = self._expand(obj, parts, path)
        return obj

    def _expand(self, obj: dict, parts: list[str], path: str) -> dict:
        field, rest = parts[0], parts[1:]
        if obj.get("object") == "list" and field == "data" and rest:
            return {**obj, "data": [self._expand(item, rest, path) for item in obj["data"]]}
        collection = _EXPANDABLE.get(obj.get("object", ""), {}).get(field)
        if collection is None:
            raise invalid_request(f"This property cannot be expanded ({field}).", "expand")
        value = obj.get(field)
        if collection == "line_items":
            value = self._line_items(obj["id"])
        elif isinstance(value, str):
            value = self._store[collection].get(value)
        if isinstance(value, dict) and rest:
            value = self._expand(value, rest, path)
        return {**obj, field: value}
