"""In-memory state: one collection per object kind, each remembering creation order for Stripe's
newest-first lists. A write is one dict assignment; only `snapshot()` walks everything."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

KINDS = (
    "checkout.session",
    "checkout.session.private",  # line items and payment_intent_data: not part of the public object
    "payment_intent",
    "charge",
    "refund",
    "event",
    "webhook_endpoint",
)


class Collection:
    def __init__(self, on_change: Callable[[], None] = lambda: None,
                 on_touch: Callable[[str], None] = lambda _id: None) -> None:
        self._on_change = on_change
        self._on_touch = on_touch
        self._objects: dict[str, dict] = {}
        self._order: list[str] = []
        self._position: dict[str, int] = {}

    def put(self, object_id: str, obj: dict) -> None:
        if object_id not in self._position:
            self._position[object_id] = len(self._order)
            self._order.append(object_id)
        self._objects[object_id] = obj
        self._on_touch(object_id)
        self._on_change()

    def get(self, object_id: str) -> dict | None:
        self._on_touch(object_id)  # the caller may change it in place
        return self._objects.get(object_id)

    def delete(self, object_id: str) -> None:
        # The id stays in the order list (deleting from its middle would cost O(n)); walks skip it.
        self._objects.pop(object_id, None)
        self._on_touch(object_id)
        self._on_change()

    def oldest_first(self) -> Iterator[dict]:
        return (self._objects[i] for i in self._order if i in self._objects)

    def page(
        self,
        limit: int,
        *,
        starting_after: str | None = None,
        ending_before: str | None = None,
        matches: Callable[[dict], bool] = lambda _: True,
    ) -> tuple[list[dict], bool]:
        """Stripe's cursor pagination, newest first: the page and whether more objects lie beyond it.
        Raises KeyError for a cursor that names no object of this collection."""
        if ending_before is not None:
            positions: Iterator[int] = iter(range(self._position[ending_before] + 1, len(self._order)))
        else:
            start = self._position[starting_after] - 1 if starting_after is not None else len(self._order) - 1
            positions = iter(range(start, -1, -1))
        found: list[dict] = []
        for position in positions:
            obj = self._objects.get(self._order[position])
            if obj is not None and matches(obj):
                if len(found) == limit:
                    return (found[::-1] if ending_before is not None else found), True
                found.append(obj)
        return (found[::-1] if ending_before is not None else found), False


class Store:
    def __init__(self) -> None:
        self.revision = 0  # counts writes: a periodic snapshot is skipped while it has not moved
        # Objects written, or read by code that may change them in place, since `touched_objects` was last called
        # (only while `track_touched`): the embedded cloud journals their values when a request ends.
        self.track_touched = False
        self._touched: dict[tuple[str, str], None] = {}
        self.collections = self._empty_collections()

    def _empty_collections(self) -> dict[str, Collection]:
        return {kind: Collection(self._changed, lambda object_id, kind=kind: self._touch(kind, object_id))
                for kind in KINDS}

    def _touch(self, kind: str, object_id: str) -> None:
        if self.track_touched:
            self._touched[(kind, object_id)] = None

    def touched_objects(self) -> list[tuple[str, str, dict | None]]:
        """(kind, id, the object now or None if it is gone) of every object touched since the last call."""
        touched = [(kind, object_id, self.collections[kind]._objects.get(object_id))
                   for kind, object_id in self._touched]
        self._touched.clear()
        return touched

    def _changed(self) -> None:
        self.revision += 1

    def __getitem__(self, kind: str) -> Collection:
        return self.collections[kind]

    def snapshot(self) -> dict[str, list[dict]]:
        return {kind: copy.deepcopy(list(c.oldest_first())) for kind, c in self.collections.items()}

    def restore(self, data: dict[str, list[dict]]) -> None:
        self.collections = self._empty_collections()
        for kind, objects in data.items():
            for obj in copy.deepcopy(objects):
                self.collections[kind].put(obj["id"], obj)
