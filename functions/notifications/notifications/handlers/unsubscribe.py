"""GET /notifications/unsubscribe?token=...: which e-mail the link stops and whether it is still sent (changes
nothing: mail scanners follow links). POST (the SPA's confirm button, or a mail client's RFC 8058 one-click POST
with the form body `List-Unsubscribe=One-Click`): no more e-mail of that type to that user. No login: the signed
token (unsubscribe_links.py) is the authority; tampered with is a 400, expired a 410, an essential type a 400."""

from __future__ import annotations

from typing import Any

from kernel import http

from .. import consent, unsubscribe_links
from ..views import UnsubscribeView, unsubscribe_documented

router = http.router()


def _token() -> str | None:
    return (router.current_event.query_string_parameters or {}).get("token")


@router.get("/notifications/unsubscribe", responses=unsubscribe_documented(
    200, "The e-mail the link stops, and whether it is still sent", 400, 410, model=UnsubscribeView))
def show() -> object:
    user_id, note_type = unsubscribe_links.verify(_token())
    return http.json_response(200, UnsubscribeView(type=note_type, email=consent.may_email(user_id, note_type)))


@router.post("/notifications/unsubscribe", responses=unsubscribe_documented(
    200, "No more e-mail of this type", 400, 410, model=UnsubscribeView))
def unsubscribe() -> object:
    user_id, note_type = unsubscribe_links.verify(_token())
    consent.unsubscribe(user_id, note_type)
    return http.json_response(200, UnsubscribeView(type=note_type, email=False))


app = http.create_app("notifications", router)
_resolve = http.entrypoint(app)
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """RFC 8058's one-click POST carries a form body (List-Unsubscribe=One-Click) the JSON API would refuse with a
    415: the token in the URL is all that counts, so a form body is set aside before the request is resolved."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    if event.get("body") and headers.get("content-type", "").startswith(FORMS):
        kept = {k: v for k, v in (event.get("headers") or {}).items() if k.lower() != "content-type"}
        event = {**event, "body": None, "isBase64Encoded": False, "headers": kept}
    return _resolve(event, context)


handler.app = app  # type: ignore[attr-defined]  # its routes, read by tests/contract/test_wiring.py
