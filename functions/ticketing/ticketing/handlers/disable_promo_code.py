"""POST /ticketing/events/{eventId}/promo-codes/{promoCode}/disable: the event's creator disables a code (200,
the code): no checkout takes it from now on (orders made with it keep their prices). Others: 403 or 404."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..store import promo_codes as promo_store
from ..views import PromoCodeView, documented

router = http.router()


@router.post("/ticketing/events/<eventId>/promo-codes/<promoCode>/disable", security=http.AUTHENTICATED,
             responses=documented(200, "The disabled promo code", 401, 403, 404, model=PromoCodeView))
def disable_promo_code(eventId: str, promoCode: str) -> object:  # noqa: N803
    caller = http.caller(router)
    access.managed_event(eventId, caller.user_id)
    promo = promo_store.require(eventId, promoCode)
    promo.disable()
    promo_store.disable(promo)
    return http.json_response(200, views.promo_code_view(promo))


handler = http.entrypoint(http.create_app("ticketing", router))
