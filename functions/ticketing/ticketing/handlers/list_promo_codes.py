"""GET /ticketing/events/{eventId}/promo-codes: the event's promo codes with their uses, for its creator (403 for
others who see the event, 404 for those who do not); cursor pages, by code."""

from __future__ import annotations

from functools import partial

from kernel import http
from kernel.responses import Page, page_answer

from .. import access, views
from ..store import promo_codes as promo_store
from ..views import PromoCodeView, documented

router = http.router()


@router.get("/ticketing/events/<eventId>/promo-codes", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the event's promo codes", 400, 401, 403, 404,
                                 model=Page[PromoCodeView]))
def list_promo_codes(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    access.managed_event(eventId, caller.user_id)
    return page_answer(router, ("PK", "SK"), partial(promo_store.of_event, eventId), views.promo_code_view)


handler = http.entrypoint(http.create_app("ticketing", router))
