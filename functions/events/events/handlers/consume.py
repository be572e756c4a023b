"""The events context's queue: what other contexts tell it (each handler idempotent, safe in any order).

- user.created / user.updated / user.deleted: the users replica (role, current name), newest news wins; a
  deletion leaves a tombstone so a late update cannot bring the user back. A deleted organization's published
  events are cancelled and its drafts deleted, and it leaves its collaborations (departed.py).
- ticket-type.created / updated / deleted: each type's price, newest news wins (tombstones again), and the
  event's price range and isFree, recomputed from them (free again once the last type goes).
- interactions.like.created / deleted: whether each user likes the event now, newest news wins; the event's
  like count moves only when that changes.
- payments.order.confirmed: tickets sold, once per order.
- media.poster.updated: the event's poster, unless a newer poster (or a reset) came first.
Counters and prices change with a condition on the event's version and, on a lost race (Stale), read again
(never a lost update).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kernel import consumer
from kernel.unit_of_work import Stale

from .. import departed, store
from ..domain import COMPLETED, Event, with_prices

ATTEMPTS = 8


def _retrying(change: Callable[[], None]) -> None:
    store.retrying(change, ATTEMPTS)


# --- users --------------------------------------------------------------------------------------------------------


def on_user_changed(message: dict[str, Any]) -> None:
    user = message["payload"]
    store.remember_user(user["id"], user["role"], user["name"], message["occurredAt"])


def on_user_deleted(message: dict[str, Any]) -> None:
    user_id = message["payload"]["id"]
    store.forget_user(user_id, message["occurredAt"])
    for event_id in departed.event_ids_of(user_id):  # none for a member
        _retrying(lambda event_id=event_id: departed.settle(event_id, user_id))


# --- ticket types --------------------------------------------------------------------------------------------------


def _ticket_type(message: dict[str, Any], deleted: bool) -> None:
    payload, at = message["payload"], message["occurredAt"]
    event_id, type_id = payload["eventId"], payload["ticketTypeId"]
    price = payload.get("price") or {"amount": 0, "currency": "EUR"}

    def apply() -> None:
        event = store.get(event_id)
        if event is None:
            return
        current = store.ticket_type(event_id, type_id)
        if current is not None and current.at >= at:
            return  # we already know something newer about this type
        item = store.TicketTypeItem(store.event_key(event_id), f"TICKETTYPE#{type_id}", amount=price["amount"],
                                    currency=price["currency"], at=at, deleted=deleted)
        live = {t.SK: t for t in store.ticket_types(event_id) if not t.deleted}
        live.pop(item.SK, None)
        if not deleted:
            live[item.SK] = item
        currency = next(iter(live.values())).currency if live else None
        priced = with_prices(event, [int(t.amount) for t in live.values()], currency)
        store.save(priced, event, guarded=[store.replaced_if_unchanged(item, current.at if current else None)])

    _retrying(apply)


def on_ticket_type_created(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=False)


def on_ticket_type_updated(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=False)


def on_ticket_type_deleted(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=True)


# --- engagement ----------------------------------------------------------------------------------------------------


def _like(message: dict[str, Any], liked: bool) -> None:
    payload, at = message["payload"], message["occurredAt"]
    event_id, user_id = payload["eventId"], payload["userId"]

    def apply() -> None:
        event = store.get(event_id)
        if event is None:
            return
        mark = store.like_mark(event_id, user_id)
        if mark is not None and mark.at >= at:
            return
        was_liked = bool(mark and mark.liked)
        guarded = [store.replaced_if_unchanged(
            store.LikeMark(store.event_key(event_id), f"LIKE#{user_id}", liked=liked, at=at),
            mark.at if mark else None)]
        if was_liked == liked:
            store.save_marks(guarded)
            return
        store.save(replace(event, likes=max(0, event.likes + (1 if liked else -1))), event, guarded=guarded)

    _retrying(apply)


def on_like_created(message: dict[str, Any]) -> None:
    _like(message, liked=True)


def on_like_deleted(message: dict[str, Any]) -> None:
    _like(message, liked=False)


def on_order_confirmed(message: dict[str, Any]) -> None:
    payload = message["payload"]
    tickets = int(payload.get("ticketCount", 1))

    def apply() -> None:
        event = store.get(payload["eventId"])
        if event is None:
            return
        mark = store.order_mark(event.id, payload["orderId"], tickets)
        try:
            store.save(replace(event, tickets_sold=event.tickets_sold + tickets), event, guarded=[mark])
        except Stale:
            if store.order_counted(event.id, payload["orderId"]):
                return  # this order was counted already
            raise

    _retrying(apply)


# --- posters --------------------------------------------------------------------------------------------------------


def on_poster_updated(message: dict[str, Any]) -> None:
    payload, at = message["payload"], message["occurredAt"]

    def apply() -> None:
        event: Event | None = store.get(payload["eventId"])
        if event is None or event.status == COMPLETED or (event.poster_at and event.poster_at >= at):
            return
        store.save(replace(event, poster=payload["url"], poster_at=at), event)

    _retrying(apply)


handler = consumer.entrypoint({
    "user.created": on_user_changed, "user.updated": on_user_changed, "user.deleted": on_user_deleted,
    "ticket-type.created": on_ticket_type_created, "ticket-type.updated": on_ticket_type_updated,
    "ticket-type.deleted": on_ticket_type_deleted,
    "interactions.like.created": on_like_created, "interactions.like.deleted": on_like_deleted,
    "payments.order.confirmed": on_order_confirmed,
    "media.poster.updated": on_poster_updated,
})
