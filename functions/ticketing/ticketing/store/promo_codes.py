"""Promo codes in the ticketing table (domain/promo_codes.py):

    PK=EVENT#<e>   SK=PROMO#<CODE>   kind, value, currency?, ticketTypeIds, maxUses, uses, validFrom?, validUntil?,
                                     disabled, createdAt

Uses change only by conditional updates: taken in the reservation's transaction (store/orders.py `add`, while
`uses <= maxUses - n`: UsedUp), given back with the release of an unpaid order once (the order's promoReturned).
"""

from __future__ import annotations

from kernel.errors import NotFound
from kernel.unit_of_work import Stale
from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from ..domain import CANCELLED, Order
from ..domain.promo_codes import CodeTaken, PromoCode, UsedUp
from . import ContextTable, OrderItem, Unit, commit, event_key, get, order_key

NOT_FOUND = "No such promo code"


class PromoCodeItem(ContextTable):
    eventId = UnicodeAttribute()
    code = UnicodeAttribute()
    kind = UnicodeAttribute()
    value = NumberAttribute()
    currency = UnicodeAttribute(null=True)
    ticketTypeIds = ListAttribute(of=UnicodeAttribute)
    maxUses = NumberAttribute()
    uses = NumberAttribute()
    validFrom = UnicodeAttribute(null=True)
    validUntil = UnicodeAttribute(null=True)
    disabled = BooleanAttribute()
    createdAt = UnicodeAttribute()


def promo_key(event_id: str, code: str) -> tuple[str, str]:
    return event_key(event_id), f"PROMO#{code.upper()}"


def to_promo(item: PromoCodeItem) -> PromoCode:
    return PromoCode(item.eventId, item.code, item.kind, int(item.value), item.currency,
                     tuple(str(t) for t in item.ticketTypeIds), int(item.maxUses), int(item.uses), item.validFrom,
                     item.validUntil, bool(item.disabled), item.createdAt)


def find(event_id: str, code: str) -> PromoCode | None:
    item = get(PromoCodeItem, *promo_key(event_id, code))
    return to_promo(item) if item is not None else None


def require(event_id: str, code: str) -> PromoCode:
    found = find(event_id, code)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def of_event(event_id: str, limit: int, start_key: dict | None) -> tuple[list[PromoCode], dict | None]:
    """A page of the event's codes, by code: one Query of the event's partition."""
    results = PromoCodeItem.query(event_key(event_id), PromoCodeItem.SK.startswith("PROMO#"), page_size=limit,
                                  last_evaluated_key=start_key, consistent_read=True)
    raw = next(results.page_iter)
    return ([to_promo(PromoCodeItem.from_raw_data(item)) for item in raw.get("Items", [])],
            results.page_iter.last_evaluated_key)


def add(promo: PromoCode) -> None:
    p = promo

    def write(unit: Unit) -> None:
        unit.save(PromoCodeItem(*promo_key(p.event_id, p.code), eventId=p.event_id, code=p.code, kind=p.kind,
                                value=p.value, currency=p.currency, ticketTypeIds=list(p.ticket_type_ids),
                                maxUses=p.max_uses, uses=0, validFrom=p.valid_from, validUntil=p.valid_until,
                                disabled=False, createdAt=p.created_at),
                  condition=PromoCodeItem.PK.does_not_exist(), failure=CodeTaken(p.code))

    commit(write)


def disable(promo: PromoCode) -> None:
    PromoCodeItem(*promo_key(promo.event_id, promo.code)).update(actions=[PromoCodeItem.disabled.set(True)],
                                                                 condition=PromoCodeItem.PK.exists())


def use(unit: Unit, promo: PromoCode, count: int) -> None:
    """In the reservation's transaction: `count` uses, while that many are left and the code is not disabled."""
    P = PromoCodeItem  # noqa: N806
    unit.update(P(*promo_key(promo.event_id, promo.code)), [P.uses.add(count)],
                condition=P.PK.exists() & (P.uses <= promo.max_uses - count) & (P.disabled == False),  # noqa: E712
                failure=UsedUp(promo.code))


def give_back(order: Order) -> bool:
    """A released order's uses back to its code, once (False: given back before, or nothing to give)."""
    if not order.promo_code or not order.promo_uses or order.status != CANCELLED:
        return False

    def write(unit: Unit) -> None:
        unit.update(OrderItem(*order_key(order.order_id)), [OrderItem.promoReturned.set(True)],
                    condition=(OrderItem.status == CANCELLED) & OrderItem.promoReturned.does_not_exist())
        P = PromoCodeItem  # noqa: N806
        unit.update(P(*promo_key(order.event_id, order.promo_code)), [P.uses.add(-order.promo_uses)],
                    condition=P.PK.exists())

    try:
        commit(write)
    except Stale:
        return False
    return True
