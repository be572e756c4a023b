"""The events store and consumer against the context's table in in-process moto: a lost race on the event's
version, and the consumer's handlers given the same business fact twice under new eventIds, or late."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from events import store  # noqa: E402
from events.domain import PUBLISHED, Details, Like, Location, create, liked  # noqa: E402
from events.handlers import consume  # noqa: E402
from kernel.errors import Conflict
from kernel.unit_of_work import Stale
from support.context_tables import table_per_module

NOW = datetime.now(UTC)
PLACE = Location(name="Terrazza", country="Italy", country_code="IT", city="Milano", road="Piazza Diaz",
                 postcode="20123", lat=45.46, lon=9.19)


moto_table, table = table_per_module("events")  # one table for the module, emptied after each test


@pytest.fixture
def event_id() -> str:
    details = Details(title="Jazz on the Roof", description="Three bands.", location=PLACE, timezone="Europe/Rome",
                      date=(NOW + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S"))
    event = create(str(uuid.uuid4()), "org1", PUBLISHED, details, "poster.png", NOW).after
    store.create(event, [])
    return event.id


def message(payload: dict, seconds_ago: float = 0) -> dict:
    """An envelope as the consumer gets it, with an eventId of its own every time (a replay, a producer's retry)."""
    at = (NOW - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return {"eventId": str(uuid.uuid4()), "occurredAt": at, "payload": payload}


def test_a_save_on_a_version_read_before_another_save_is_stale(event_id):
    read = store.get(event_id)
    store.save(replace(read, title="First"), read)
    with pytest.raises(Stale):
        store.save(replace(read, title="Second"), read)
    assert store.get(event_id).title == "First"


def test_a_command_reads_again_after_a_lost_race_and_gives_up_with_a_conflict(event_id):
    rivals = iter(range(2))

    def attempt():
        read = store.get(event_id)
        if next(rivals, None) is not None:  # someone saves between our read and our save, twice
            store.save(replace(read, likes=read.likes + 1), read)
        return store.save(replace(read, title="Mine"), read)

    assert store.retrying(attempt, 3).title == "Mine"
    assert store.get(event_id).likes == 2  # the rivals' saves stand

    def always_late():
        read = store.get(event_id)
        store.save(replace(read, likes=read.likes + 1), read)
        return store.save(replace(read, title="Never"), read)

    with pytest.raises(Conflict, match="changed at the same time"):
        store.retrying(always_late, 3)
    assert store.get(event_id).title == "Mine"


def test_an_order_confirmed_twice_under_new_event_ids_counts_once(event_id):
    order = {"orderId": "ord1", "eventId": event_id, "userId": "u1", "ticketCount": 3}
    consume.on_order_confirmed(message(order))
    consume.on_order_confirmed(message(order))
    assert store.get(event_id).tickets_sold == 3


def test_a_like_told_twice_counts_once_and_a_late_older_unlike_changes_nothing(event_id):
    like = {"eventId": event_id, "userId": "u1"}
    consume.on_like_created(message(like, seconds_ago=1))
    consume.on_like_created(message(like, seconds_ago=1))
    consume.on_like_deleted(message(like, seconds_ago=5))  # older than the like: late
    assert store.get(event_id).likes == 1
    consume.on_like_deleted(message(like))
    consume.on_like_deleted(message(like))
    assert store.get(event_id).likes == 0


def test_ticket_types_set_the_price_range_a_late_update_loses_and_the_last_deletion_makes_it_free(event_id):
    def ticket_type(kind: str, type_id: str, amount: int | None, seconds_ago: float) -> None:
        price = {"amount": amount, "currency": "EUR"} if amount is not None else None
        handler = getattr(consume, f"on_ticket_type_{kind}")
        handler(message({"eventId": event_id, "ticketTypeId": type_id, "price": price}, seconds_ago))

    ticket_type("created", "cheap", 1500, 9)
    ticket_type("created", "dear", 3000, 8)
    ticket_type("created", "dear", 3000, 8)
    assert (store.get(event_id).prices, store.get(event_id).is_free) == ((1500, 3000), False)
    ticket_type("updated", "dear", 2500, 5)
    ticket_type("updated", "dear", 9999, 7)  # older, late
    assert store.get(event_id).prices == (1500, 2500)
    ticket_type("deleted", "cheap", None, 1)
    ticket_type("deleted", "dear", None, 1)
    ticket_type("created", "dear", 3000, 8)  # a creation older than the deletion: no resurrection
    event = store.get(event_id)
    assert (event.prices, event.is_free, event.currency) == ((), True, None)


def test_a_late_older_poster_loses_to_the_newer(event_id):
    consume.on_poster_updated(message({"eventId": event_id, "url": "http://x/new.png"}, seconds_ago=1))
    consume.on_poster_updated(message({"eventId": event_id, "url": "http://x/old.png"}, seconds_ago=5))
    consume.on_poster_updated(message({"eventId": event_id, "url": "http://x/new.png"}, seconds_ago=1))
    assert store.get(event_id).poster == "http://x/new.png"


def test_news_kept_alone_moves_no_version_but_is_stale_when_what_was_read_of_it_changed(event_id):
    consume.on_like_created(message({"eventId": event_id, "userId": "u1"}, seconds_ago=9))
    read, known = store.get(event_id), store.like(event_id, "u1")
    first, second = (liked(read, Like("u1", True, message({}, seconds_ago=s)["occurredAt"]), known) for s in (2, 1))
    assert first.noted.alone and second.noted.alone  # liked already: nothing to count
    store.keep(first)
    with pytest.raises(Stale):  # only the like's own condition can fail here: the event is not written
        store.keep(second)
    assert (store.get(event_id).likes, store.get(event_id).version) == (1, read.version)


def test_the_consumer_applies_news_told_again_and_out_of_order_as_if_told_once(event_id):
    """ticket-type.*, likes, orders and posters run for every delivery (kernel.consumer `repeatable`, no
    idempotency record): the same fact under new eventIds, twice, and after a newer one, counts once."""
    from support.consumer_calls import deliver, envelope, idempotency_records
    from support.queues import copy_of

    def told(event_type: str, seconds_ago: float, **payload) -> dict:
        return envelope(event_type, message({}, seconds_ago)["occurredAt"], eventId=event_id, **payload)

    fan, ticket_type = str(uuid.uuid4()), f"ett_{uuid.uuid4()}"
    created = told("ticket-type.created", 9, ticketTypeId=ticket_type, price={"amount": 1500, "currency": "EUR"})
    updated = told("ticket-type.updated", 8, ticketTypeId=ticket_type, price={"amount": 2500, "currency": "EUR"})
    like, unlike = told("interactions.like.created", 7, userId=fan), told("interactions.like.deleted", 6, userId=fan)
    order = told("payments.order.confirmed", 5, userId=fan, orderId=f"order_{uuid.uuid4()}", ticketCount=2)
    old_poster, new_poster = (told("media.poster.updated", s, url=f"http://x/{s}.png") for s in (4, 3))
    deliver(consume.handler, like, copy_of(like), copy_of(like), order, copy_of(order), copy_of(order))
    assert (store.get(event_id).likes, store.get(event_id).tickets_sold) == (1, 2)
    deliver(consume.handler, created, copy_of(created), updated, copy_of(created), copy_of(updated),
            unlike, copy_of(like), copy_of(unlike), new_poster, copy_of(old_poster), copy_of(new_poster))
    event = store.get(event_id)
    assert (event.prices, event.likes, event.tickets_sold, event.poster) == ((2500,), 0, 2, "http://x/3.png")
    assert idempotency_records() == []
