"""PUT /ticketing/events/{eventId}/refund-policy: the event's creator allows refunds on request until N days
before the start, or none (200, the policy). Others: 403 (they see the event) or 404."""

from __future__ import annotations

from kernel import http

from .. import access, views
from ..bodies import RefundPolicyChange
from ..domain import now_iso
from ..domain.refund_requests import RefundPolicy
from ..store import refund_requests as request_store
from ..views import RefundPolicyView, documented

router = http.router()


@router.put("/ticketing/events/<eventId>/refund-policy", security=http.AUTHENTICATED,
            responses=documented(200, "The event's refund policy", 400, 401, 403, 404, model=RefundPolicyView))
def put_refund_policy(eventId: str, body: RefundPolicyChange) -> object:  # noqa: N803
    caller = http.caller(router)
    event = access.managed_event(eventId, caller.user_id)
    policy = RefundPolicy(body.allowed, body.until_days_before)
    request_store.set_policy(eventId, policy, now_iso())
    return http.json_response(200, views.refund_policy_view(event, policy))


handler = http.entrypoint(http.create_app("ticketing", router))
