"""`/v1/events`: newest first, cursor paging, type filters, retrieval."""

from __future__ import annotations

import pytest
import stripe
from stripe_emulator_support import pay, session_params


@pytest.fixture
def history(client):
    """One paid session and one expired session: a known sequence of events."""
    paid = client.v1.checkout.sessions.create(session_params())
    pay(paid.url, "4242424242424242")
    expired = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(expired.id)
    return paid, expired


def test_events_are_listed_newest_first_with_stripe_shape(client, history):
    paid, expired = history

    events = client.v1.events.list().data

    assert [e.type for e in events] == [
        "checkout.session.expired",
        "checkout.session.completed",
        "charge.succeeded",
        "payment_intent.succeeded",
        "payment_intent.created",
    ]
    newest = events[0]
    assert newest.id.startswith("evt_")
    assert newest.object == "event"
    assert newest.livemode is False
    assert newest.api_version
    assert newest.data.object.id == expired.id
    assert set(newest.request.to_dict()) == {"id", "idempotency_key"}
    assert all(a.created >= b.created for a, b in zip(events, events[1:], strict=False))
    fetched = client.v1.events.retrieve(newest.id)
    assert (fetched.type, fetched.data.object.to_dict()) == (newest.type, newest.data.object.to_dict())


def test_events_page_with_limit_and_starting_after(client, history):
    everything = [e.id for e in client.v1.events.list().data]

    first = client.v1.events.list(params={"limit": 2})
    second = client.v1.events.list(params={"limit": 2, "starting_after": first.data[-1].id})
    last = client.v1.events.list(params={"limit": 2, "starting_after": second.data[-1].id})
    back = client.v1.events.list(params={"limit": 2, "ending_before": last.data[0].id})

    assert [e.id for e in first.data + second.data + last.data] == everything
    assert (first.has_more, second.has_more, last.has_more) == (True, True, False)
    assert [e.id for e in back.data] == [e.id for e in second.data]
    assert [e.id for e in client.v1.events.list(params={"limit": 2}).auto_paging_iter()] == everything


def test_events_filter_by_type_and_wildcard(client, history):
    paid, _ = history

    completed = client.v1.events.list(params={"type": "checkout.session.completed"}).data
    checkout = client.v1.events.list(params={"type": "checkout.session.*"}).data
    several = client.v1.events.list(params={"types": ["charge.succeeded", "payment_intent.succeeded"]}).data

    assert [e.data.object.id for e in completed] == [paid.id]
    assert [e.type for e in checkout] == ["checkout.session.expired", "checkout.session.completed"]
    assert [e.type for e in several] == ["charge.succeeded", "payment_intent.succeeded"]


def test_unknown_event_is_404_and_bad_cursor_is_reported(client):
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.events.retrieve("evt_missing")
    with pytest.raises(stripe.InvalidRequestError) as cursor:
        client.v1.events.list(params={"starting_after": "evt_missing"})
    with pytest.raises(stripe.InvalidRequestError) as limit:
        client.v1.events.list(params={"limit": 101})

    assert (unknown.value.http_status, unknown.value.code) == (404, "resource_missing")
    assert "No such event: 'evt_missing'" in unknown.value.user_message
    assert cursor.value.param == "starting_after"
    assert (limit.value.http_status, limit.value.param) == (400, "limit")
