"""Letters are addressed by the username ticketing's replica of users keeps (one AdminGetUser each), never with
Cognito's ListUsers, whose low request quota a cancellation with thousands of holders would exhaust; a deleted
account's copy is erased and it gets no letter."""

from __future__ import annotations

import os
import uuid

import boto3
import pytest
from support import mail_cloud
from support.context_tables import context_table

NOW = "2026-12-05T10:00:00.000Z"


@pytest.fixture(scope="module")
def pool():
    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name
    with context_table("ticketing"):
        sqs = boto3.client("sqs", region_name="us-east-1")
        os.environ["ANNOUNCE_QUEUE_URL"] = sqs.create_queue(QueueName="announce")["QueueUrl"]
        yield mail_cloud.start()


@pytest.fixture
def no_list_users(pool):
    mail_cloud.refuse("cognito-idp", "ListUsers")
    yield
    mail_cloud.allow("cognito-idp", "ListUsers")


def _holder(pool: str, event: tuple[str, str], language: str = "en") -> tuple[str, str]:
    """A registered user (ticketing heard user.created) holding a paid ticket to the event; (id, address)."""
    from ticketing import people, replicas
    from ticketing.domain import BuyerLimits, Order, Wanted, now_iso
    from ticketing.store import orders, ticket_types

    name = f"h{uuid.uuid4().hex[:12]}"
    user_id = mail_cloud.user(pool, name, f"{name}@example.com")
    people.on_user_changed({"occurredAt": NOW, "payload": {"id": user_id, "username": name, "role": "member",
                                                           "language": language}})
    event_id, type_id = event
    reservation = Order.reserve(replicas.event(event_id), user_id, [Wanted(ticket_types.require(type_id), ["G"])],
                                BuyerLimits(open_orders=3, tickets_per_event=10), now_iso(), 2_000_000_000, "key")
    orders.add(reservation)
    order = orders.require(reservation.order.order_id)
    order.confirm(f"pi_{uuid.uuid4().hex}", NOW)
    assert orders.save(order)
    return user_id, f"{name}@example.com"


def _event() -> tuple[str, str]:
    """A published event on sale; (its id, its ticket type's id)."""
    from ticketing import replicas
    from ticketing.domain import Money, TicketType
    from ticketing.store import ticket_types

    event_id = str(uuid.uuid4())
    replicas.keep({"eventId": event_id, "creatorId": "org", "name": "Jazz Night"}, NOW, "PUBLISHED")
    kind = TicketType.create(replicas.event(event_id), f"ett_{uuid.uuid4()}", "STANDARD", None, Money(1500, "EUR"),
                             10, None, NOW)
    ticket_types.add(kind)
    return event_id, kind.ticket_type_id


def test_a_cancellation_mails_every_holder_without_listing_users(pool, no_list_users) -> None:
    from ticketing.mail.holders_of import work

    event = _event()
    event_id = event[0]
    holders = [_holder(pool, event, language) for language in ("en", "it", "de")]

    sent = work({"kind": "holders", "letter": "cancelled", "eventId": event_id, "cursor": None})

    assert sent == 3
    for _, address in holders:
        [letter] = mail_cloud.received(address)
        assert "Jazz Night" in letter["subject"]
    assert work({"kind": "holders", "letter": "cancelled", "eventId": event_id, "cursor": None}) == 0  # once


def test_a_deleted_account_loses_its_copy_and_gets_no_letter(pool, no_list_users) -> None:
    from kernel.table import get
    from ticketing import people
    from ticketing.mail.holders_of import work

    event = _event()
    event_id = event[0]
    (_, kept_address), (gone, gone_address) = _holder(pool, event), _holder(pool, event)
    username = people.person(gone).username
    people.on_user_deleted({"occurredAt": "2026-12-05T11:00:00.000Z", "payload": {"id": gone}})

    assert people.person(gone) is None and people.named(username) is None
    assert people.addressee(gone) is None and get(people.HolderLanguage, *people.key(gone)).username is None
    assert work({"kind": "holders", "letter": "cancelled", "eventId": event_id, "cursor": None}) == 1
    assert len(mail_cloud.received(kept_address)) == 1 and mail_cloud.received(gone_address) == []
