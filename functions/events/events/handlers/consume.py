"""The events context's queue: what other contexts tell it (each handler idempotent, safe in any order).

- user.created / user.updated / user.deleted: the users replica (role, current name), newest news wins; a
  deletion leaves a tombstone so a late update cannot bring the user back. An organization's name is also kept on
  each event it created (GET /events/{id} reads one item): when the replica takes a message's name, every one of
  its events does too (domain.with_creator_name: newest wins there as well, so a repeat, or an older message
  that ran alongside a newer one, changes nothing), and its events show no name once it is deleted. A deleted
  organization's published events are cancelled and its drafts deleted, and it leaves its collaborations
  (departed.py).
- ticket-type.created / updated / deleted: each type's price, newest news wins (tombstones again), and the
  event's price range and isFree, recomputed from them (free again once the last type goes).
- interactions.like.created / deleted: whether each user likes the event now, newest news wins; the event's
  like count moves only when that changes.
- payments.order.confirmed: tickets sold, once per order.
- media.poster.updated: the event's poster, unless a newer poster (or a reset) came first.
The domain decides each (domain.with_ticket_type, liked, sold, with_poster); the store keeps the transition on a
condition on the event's version and on what was read of the news, and on a lost race (Stale) the consumer reads
again (never a lost update). So all but user.deleted run without an idempotency record (kernel.consumer
`repeatable`): a repeat finds its news kept and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import consumer

from .. import departed, store
from ..domain import (
    Event,
    Like,
    OrderCount,
    TicketTypePrice,
    Transition,
    liked,
    sold,
    with_creator_name,
    with_poster,
    with_ticket_type,
)

ORGANIZATION = "organization"

ATTEMPTS = 8


def _retrying(change: Callable[[], None]) -> None:
    store.retrying(change, ATTEMPTS)


# --- users --------------------------------------------------------------------------------------------------------


def on_user_changed(message: dict[str, Any]) -> None:
    user, at = message["payload"], message["occurredAt"]
    kept = store.remember_user(user["id"], user["role"], user["name"], at)
    if kept and user["role"] == ORGANIZATION:  # a member creates no events (a role never changes)
        _name_events(user["id"], user["name"], at)


def on_user_deleted(message: dict[str, Any]) -> None:
    user_id, at = message["payload"]["id"], message["occurredAt"]
    store.forget_user(user_id, at)
    for event_id in departed.event_ids_of(user_id):  # none for a member
        _retrying(lambda event_id=event_id: departed.settle(event_id, user_id))
    _name_events(user_id, None, at)  # those left (cancelled, completed) show no name, as the replica is gone


def _name_events(organization_id: str, name: str | None, at: str) -> None:
    """The organization's name on every event it created; each event read and saved on its version (a change
    made meanwhile makes it read again), so that no save of the whole event puts an older name back."""
    for event_id in store.created_by(organization_id):
        _decided(event_id, lambda event: with_creator_name(event, name, at))


# --- ticket types, likes, orders, posters: load, let the domain decide, keep what it decided --------------------


def _decided(event_id: str, decide: Callable[[Event], Transition | None]) -> None:
    """Read the event, ask the domain, keep the transition; again on a lost race (`Stale`), with what is new."""
    def apply() -> None:
        event = store.get(event_id)
        transition = decide(event) if event is not None else None
        if transition is not None:
            store.keep(transition)

    _retrying(apply)


def _ticket_type(message: dict[str, Any], deleted: bool) -> None:
    payload = message["payload"]
    price = payload.get("price") or {"amount": 0, "currency": "EUR"}
    news = TicketTypePrice(payload["ticketTypeId"], int(price["amount"]), price["currency"], message["occurredAt"],
                           deleted)
    _decided(payload["eventId"], lambda event: with_ticket_type(event, news, store.ticket_type_prices(event.id)))


def on_ticket_type_created(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=False)


def on_ticket_type_updated(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=False)


def on_ticket_type_deleted(message: dict[str, Any]) -> None:
    _ticket_type(message, deleted=True)


def _like(message: dict[str, Any], liking: bool) -> None:
    payload = message["payload"]
    news = Like(payload["userId"], liking, message["occurredAt"])
    _decided(payload["eventId"], lambda event: liked(event, news, store.like(event.id, news.user_id)))


def on_like_created(message: dict[str, Any]) -> None:
    _like(message, liking=True)


def on_like_deleted(message: dict[str, Any]) -> None:
    _like(message, liking=False)


def on_order_confirmed(message: dict[str, Any]) -> None:
    payload = message["payload"]
    order = OrderCount(payload["orderId"], int(payload.get("ticketCount", 1)))
    _decided(payload["eventId"], lambda event: sold(event, order, store.order_counted(event.id, order.order_id)))


def on_poster_updated(message: dict[str, Any]) -> None:
    payload = message["payload"]
    _decided(payload["eventId"], lambda event: with_poster(event, payload["url"], message["occurredAt"]))


handler = consumer.entrypoint({
    "user.created": on_user_changed, "user.updated": on_user_changed, "user.deleted": on_user_deleted,
    "ticket-type.created": on_ticket_type_created, "ticket-type.updated": on_ticket_type_updated,
    "ticket-type.deleted": on_ticket_type_deleted,
    "interactions.like.created": on_like_created, "interactions.like.deleted": on_like_deleted,
    "payments.order.confirmed": on_order_confirmed,
    "media.poster.updated": on_poster_updated,
}, repeatable={
    # replica writes (newest wins, tombstones), and the name on the organization's events (newest wins): safe to
    # repeat
    "user.created", "user.updated",
    # each type's price, newest wins, tombstones; the range recomputed from them: safe to repeat
    "ticket-type.created", "ticket-type.updated", "ticket-type.deleted",
    "media.poster.updated",  # newest wins (a reset counts): safe to repeat
    # counted, but each user's like (newest wins) and each order's mark are written in the count's transaction,
    # on the condition of what was read of them: a repeat finds them and counts nothing
    "interactions.like.created", "interactions.like.deleted", "payments.order.confirmed",
    # not user.deleted (it cancels the organization's events and deletes its drafts): once per eventId
})
