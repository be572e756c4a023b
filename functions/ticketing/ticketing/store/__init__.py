"""The ticketing table (single-table design), its PynamoDB models and the unit of work; each aggregate's items
and writes in a module of its own (orders.py, tickets.py, ticket_types.py).

    PK=EVENT#<e>        SK=PROFILE          event replica from event.* (kernel.replica): creatorId, status
                                            (+statusRank, only moves forward), title, date, startsAt (UTC),
                                            timezone, endsAt (UTC), collaboratorIds, each
                                            with <field>At; deletedAt (tombstone) after event.deleted
    PK=EVENT#<e>        SK=KIND#<kind>      guard: one ticket type per kind (STANDARD, VIP) and event; holds
                                            ticketTypeId
    PK=TICKETTYPE#<ett> SK=TICKETTYPE       ticket type: eventId, kind, description, price {amount, currency},
                                            available, sold (total = available + sold), maxPerOrder?
                                            GSI1 EVENT#<e>#TICKETTYPES / <kind>          (types of an event)
    PK=ORDER#<o>        SK=ORDER            order: userId, eventId, status, ticketIds, lines [{ticketTypeId,
                                            quantity, unitAmount}], amount {amount, currency}, createdAt,
                                            holdUntil (epoch s; NOT `expiresAt`, the table's TTL attribute),
                                            sessionId, sessionUrl, taskToken, paymentIntentId, reason,
                                            successUrl, cancelUrl, cancelKey
                                            GSI1 USER#<u>#ORDERS / <createdAt>#<o>       (a buyer's orders)
                                            GSI2 PENDING#<shard> / <holdUntil:010d>#<o>  (while PENDING only:
                                            the sweeper's work list; removed when the order leaves PENDING)
    PK=TICKET#<t>       SK=TICKET           ticket: orderId, eventId, userId, ticketTypeId, kind, attendeeName,
                                            attendeeKey (casefolded, searched),
                                            price {amount, currency}, purchaseDate, status
                                            GSI1 USER#<u>#TICKETS / <purchaseDate>#<t>   (by owner, newest last)
                                            GSI2 EVENT#<e>#TICKETS / <purchaseDate>#<t>  (by event)
                                            GSI3 USER#<u>#EVENT#<e> / <purchaseDate>#<t> (by owner and event)
                                            by order: the order's ticketIds (BatchGetItem)
    PK=USER#<u>         SK=OPEN_ORDERS      count: the buyer's PENDING orders (cap: checkout.buyer_limits)
    PK=USER#<u>         SK=EVENT#<e>#TICKETS count: the buyer's tickets of the event, unless released
    PK=USER#<u>         SK=HOLDS#EVENT#<e>  a holder's event, by its start ("My events"): see holdings.py
    PK=EVENT#<e>        SK=DOOR#<u> | CHECKIN#<ett>   door rights and check-in figures (store/door.py)
    PK=USER#<u>         SK=CALENDAR_FEED    the user's calendar feed (its token hashed): see feeds.py
    PK=STRIPE#<evt>     SK=WEBHOOK          a Stripe event handled (de-duplication), TTL expiresAt
    PK=MIGRATION#...    SK=MIGRATION        a data migration's progress (backfill.py)
    PK=IDEMPOTENCY#...  PK=OUTBOX#<id>      kernel.idempotency / kernel.outbox items

Every state change commits with its aggregate's domain events (outbox items) in one TransactWriteItems
(`commit`); counters (stock, the buyer's caps) are conditional updates.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from kernel import unit_of_work
from kernel.errors import NotFound
from kernel.replica import Replica
from kernel.table import GSI1, GSI2, GSI3, ContextTable, GSI1Keys, GSI2Keys, GSI3Keys, index_keys
from kernel.table import get as get
from kernel.table import get_many as get_many
from kernel.table import page as page
from kernel.unit_of_work import Unit
from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from ..domain import DomainEvent, Money

PRODUCER = "ticketing"
PROFILE = "PROFILE"
PENDING_SHARDS = 8  # the sweeper's work list is spread over a few partitions (no hot key under load)
WEBHOOK_RETENTION_SECONDS = 30 * 24 * 3600
T = TypeVar("T")


INDEX_KEYS = index_keys(1, 2, 3)


class MoneyMap(MapAttribute[str, Any]):
    amount = NumberAttribute()
    currency = UnicodeAttribute()

    def as_dict(self) -> dict[str, Any]:
        return {"amount": int(self.amount), "currency": str(self.currency)}


class EventReplica(Replica):
    """What ticketing knows of an event, kept from event.* by kernel.replica (newest wins per field, the status
    forward only, a tombstone after event.deleted)."""

    eventId = UnicodeAttribute(null=True)
    creatorId = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    statusRank = NumberAttribute(null=True)
    title = UnicodeAttribute(null=True)
    date = UnicodeAttribute(null=True)
    startsAt = UnicodeAttribute(null=True)
    startsAtAt = UnicodeAttribute(null=True)  # when startsAt was set (kernel.replica writes it, follows reads it)
    endDate = UnicodeAttribute(null=True)
    endsAt = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    collaboratorIds = ListAttribute(of=UnicodeAttribute, null=True)
    venue = UnicodeAttribute(null=True)


class KindGuard(ContextTable):
    ticketTypeId = UnicodeAttribute()


class TicketTypeItem(GSI1Keys, ContextTable):
    by_event = GSI1()
    ticketTypeId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    kind = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    price = MoneyMap()
    available = NumberAttribute()
    sold = NumberAttribute()
    maxPerOrder = NumberAttribute(null=True)
    waiting = NumberAttribute(null=True)  # members in its waiting line (store/waiting.py): its stock is theirs first
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()


class OrderLine(MapAttribute[str, Any]):
    ticketTypeId = UnicodeAttribute()
    kind = UnicodeAttribute()
    quantity = NumberAttribute()
    unitAmount = NumberAttribute()


class OrderItem(GSI1Keys, GSI2Keys, ContextTable):
    by_user, pending = GSI1(), GSI2()
    orderId = UnicodeAttribute()
    userId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    status = UnicodeAttribute()
    ticketIds = ListAttribute(of=UnicodeAttribute)
    lines = ListAttribute(of=OrderLine)
    amount = MoneyMap()
    createdAt = UnicodeAttribute()
    holdUntil = NumberAttribute()
    sessionId = UnicodeAttribute(null=True)
    sessionUrl = UnicodeAttribute(null=True)
    taskToken = UnicodeAttribute(null=True)
    paymentIntentId = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    successUrl = UnicodeAttribute(null=True)
    cancelUrl = UnicodeAttribute(null=True)
    cancelKey = UnicodeAttribute(null=True)
    refundId = UnicodeAttribute(null=True)
    updatedAt = UnicodeAttribute(null=True)
    counted = BooleanAttribute(null=True)  # reserved against the buyer's counters (orders before them: not)
    promoCode = UnicodeAttribute(null=True)  # store/promo_codes.py
    discount = NumberAttribute(null=True)
    promoUses = NumberAttribute(null=True)
    promoReturned = BooleanAttribute(null=True)  # the uses went back with its release


class BuyerCounter(ContextTable):
    """How many PENDING orders a buyer holds, or tickets of one event: changed in the transactions that
    reserve, confirm and release orders, conditionally on the cap."""

    count = NumberAttribute(null=True)


class TicketItem(GSI1Keys, GSI2Keys, GSI3Keys, ContextTable):
    by_owner, by_event, by_owner_event = GSI1(), GSI2(), GSI3()
    ticketId = UnicodeAttribute()
    orderId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    ticketTypeId = UnicodeAttribute()
    kind = UnicodeAttribute()
    attendeeName = UnicodeAttribute()
    attendeeKey = UnicodeAttribute(null=True)  # attendeeName casefolded: the attendee list's search
    price = MoneyMap()
    purchaseDate = UnicodeAttribute()
    status = UnicodeAttribute()
    updatedAt = UnicodeAttribute(null=True)


class StripeEventSeen(ContextTable):
    type = UnicodeAttribute()
    orderId = UnicodeAttribute(null=True)
    expiresAt = NumberAttribute()


# --- keys ---

_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TICKET_ID, ORDER_ID = re.compile(f"ticket_{_UUID}"), re.compile(f"order_{_UUID}")  # ours; others are never looked up

def event_key(event_id: str) -> str:
    return f"EVENT#{event_id}"


def kind_key(kind: str) -> str:
    return f"KIND#{kind}"


def ticket_type_key(ticket_type_id: str) -> tuple[str, str]:
    return f"TICKETTYPE#{ticket_type_id}", "TICKETTYPE"


def order_key(order_id: str) -> tuple[str, str]:
    return f"ORDER#{order_id}", "ORDER"


def ticket_key(ticket_id: str) -> tuple[str, str]:
    return f"TICKET#{ticket_id}", "TICKET"


def open_orders_key(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", "OPEN_ORDERS"


def event_tickets_key(user_id: str, event_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", f"EVENT#{event_id}#TICKETS"


def stripe_event_key(stripe_event_id: str) -> tuple[str, str]:
    return f"STRIPE#{stripe_event_id}", "WEBHOOK"


def pending_shard(order_id: str) -> str:
    return f"PENDING#{zlib.crc32(order_id.encode()) % PENDING_SHARDS}"


def pending_sort_key(hold_until: int, order_id: str) -> str:
    return f"{hold_until:010d}#{order_id}"


class Owned(Protocol):
    user_id: str


A = TypeVar("A", bound=Owned)


@dataclass(frozen=True)
class Lookup(Generic[A]):
    """Reading one aggregate by id: `find` (None when absent), `require` (404), `owned` (404 unless the caller's:
    somebody else's order or ticket is as unknown to them as one that does not exist). Ids that are not ours are
    never sent to DynamoDB (keys have a size limit)."""

    id_pattern: re.Pattern[str]
    item_class: type[ContextTable]
    key: Callable[[str], tuple[str, str]]
    to_aggregate: Callable[[Any], A]
    not_found: str

    def find(self, aggregate_id: str) -> A | None:
        if not self.id_pattern.fullmatch(aggregate_id):
            return None
        item = get(self.item_class, *self.key(aggregate_id))
        return self.to_aggregate(item) if item is not None else None

    def require(self, aggregate_id: str) -> A:
        found = self.find(aggregate_id)
        if found is None:
            raise NotFound(self.not_found)
        return found

    def owned(self, aggregate_id: str, user_id: str) -> A:
        found = self.find(aggregate_id)
        if found is None or found.user_id != user_id:
            raise NotFound(self.not_found)
        return found


def ticket_index_keys(ticket_id: str, user_id: str, event_id: str, purchased: str) -> dict[str, str]:
    return {"GSI1PK": f"USER#{user_id}#TICKETS", "GSI1SK": f"{purchased}#{ticket_id}",
            "GSI2PK": f"EVENT#{event_id}#TICKETS", "GSI2SK": f"{purchased}#{ticket_id}",
            "GSI3PK": f"USER#{user_id}#EVENT#{event_id}", "GSI3SK": f"{purchased}#{ticket_id}"}


# --- the unit of work (kernel.unit_of_work): one transaction with the outbox items ---

def commit(write: Callable[[Unit], T], attempts: int = 5) -> T:
    return unit_of_work.commit(PRODUCER, write, attempts)


def publish(unit: Unit, events: list[DomainEvent]) -> None:
    """The domain events an aggregate recorded, in the transaction that writes it."""
    for event in events:
        unit.publish(event.type, event.payload)


def money(value: Money) -> MoneyMap:
    return MoneyMap(amount=value.amount, currency=value.currency)


def webhook_expiry() -> int:
    return int(time.time()) + WEBHOOK_RETENTION_SECONDS
