"""POST /ticketing/events/{eventId}/promo-codes: the event's creator makes a promo code (201, the code): a
percentage or a fixed amount off each ticket of some types (of this event) or all, for at most maxUses tickets,
within an optional window. A code the event has already: 409; others: 403 or 404."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel import http
from kernel.errors import FieldError, ValidationFailed

from .. import access, views
from ..bodies import NewPromoCode
from ..domain import now_iso
from ..domain.promo_codes import PromoCode
from ..store import promo_codes as promo_store
from ..store import ticket_types as ticket_type_store
from ..views import PromoCodeView, documented

router = http.router()


def _instant(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if moment else None


@router.post("/ticketing/events/<eventId>/promo-codes", security=http.AUTHENTICATED,
             responses=documented(201, "The new promo code", 400, 401, 403, 404, 409, model=PromoCodeView))
def create_promo_code(eventId: str, body: NewPromoCode) -> object:  # noqa: N803
    caller = http.caller(router)
    access.managed_event(eventId, caller.user_id)
    own = {t.ticket_type_id for t in ticket_type_store.of_event(eventId)}
    if not set(body.ticket_type_ids) <= own:
        raise ValidationFailed("A promo code discounts the event's own ticket types",
                               [FieldError("ticketTypeIds", "not a ticket type of this event")])
    promo = PromoCode.create(eventId, body.code, body.kind, body.value, body.currency, body.ticket_type_ids,
                             body.max_uses, _instant(body.valid_from), _instant(body.valid_until), now_iso())
    promo_store.add(promo)
    return http.json_response(201, views.promo_code_view(promo))


handler = http.entrypoint(http.create_app("ticketing", router))
