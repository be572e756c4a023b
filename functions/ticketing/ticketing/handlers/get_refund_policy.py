"""GET /ticketing/events/{eventId}/refund-policy: whether and until when the event's tickets are refunded on
request (none unless its creator said so). A draft's: its creator only (404 for others)."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..store import refund_requests as request_store
from ..views import RefundPolicyView, documented

router = http.router()


@router.get("/ticketing/events/<eventId>/refund-policy",
            responses=documented(200, "The event's refund policy", 404, model=RefundPolicyView))
def get_refund_policy(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    event = access.visible_event(eventId, viewer.user_id if viewer else None)
    return http.json_response(200, views.refund_policy_view(event, request_store.policy(eventId)))


handler = http.entrypoint(http.create_app("ticketing", router))
