"""The `/v1` REST API in Stripe's wire format: Bearer (or Basic) `sk_test_` keys, form-encoded bodies,
JSON responses and errors, `Idempotency-Key` on POSTs, `expand[]`."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import web

from .backend import Backend
from .errors import StripeError
from .events import API_VERSION, current_request
from .faults import outage
from .forms import decode_params
from .ids import new_id
from .params import ANY, Params, reject_unknown

logger = logging.getLogger(__name__)

Operation = Callable[[web.Request, Params], dict]

_NO_KEY = (
    "You did not provide an API key. You need to provide your API key in the Authorization header, "
    "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
)


@dataclass(frozen=True)
class ApiCall:
    api_key: str
    params: dict
    request_id: str
    idempotency_key: str | None


CALL = web.RequestKey("stripe_api_call", ApiCall)


def _masked(key: str) -> str:
    return key[:8] + "*" * max(len(key) - 12, 0) + key[-4:] if len(key) > 12 else key


def _api_key(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    key = credentials.strip()
    if scheme.lower() == "basic":  # curl -u sk_test_...:
        try:
            key = base64.b64decode(key).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            key = ""
    elif scheme.lower() != "bearer":
        key = ""
    if not key:
        raise StripeError(401, _NO_KEY)
    if not key.startswith("sk_test_"):
        raise StripeError(
            401,
            f"Invalid API Key provided: {_masked(key)}",
            code="api_key_invalid" if key.startswith("sk_live_") else None,
        )
    return key


async def _read_params(request: web.Request) -> dict:
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    if request.method == "POST":
        pairs += parse_qsl(await request.text(), keep_blank_values=True)
    return decode_params(pairs)


def json_response(status: int, body: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, text=body, content_type="application/json", headers=headers)


def _dump(obj: dict) -> str:
    return json.dumps(obj, indent=2)


@web.middleware
async def stripe_api_middleware(request: web.Request, handler):
    if not request.path.startswith("/v1/"):
        return await handler(request)
    request_id = new_id("req", 14)
    try:
        api_key = _api_key(request)
        request[CALL] = ApiCall(
            api_key, await _read_params(request), request_id, request.headers.get("Idempotency-Key") or None
        )
        response = await handler(request)
    except StripeError as error:
        response = json_response(error.status, _dump(error.body()))
        if error.status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="Stripe"'
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        message = (
            f"Unrecognized request URL ({request.method}: {request.path}). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/."
        )
        response = json_response(404, _dump({"error": {"message": message, "type": "invalid_request_error"}}))
    except Exception:
        logger.exception("Stripe emulator failed on %s %s", request.method, request.path)
        body = {
            "error": {"message": "An unknown error occurred in the Stripe emulator.", "type": "api_error"}
        }
        response = json_response(500, _dump(body))
    response.headers["Request-Id"] = request_id
    response.headers["Stripe-Version"] = request.headers.get("Stripe-Version", API_VERSION)
    response.headers["Cache-Control"] = "no-cache, no-store"
    return response


def _endpoint(backend: Backend, operation: Operation) -> Callable:
    async def handler(request: web.Request) -> web.Response:
        call = request[CALL]
        endpoint = f"{request.method} {request.path}"
        # Like Stripe, GET and DELETE ignore the key: they are idempotent anyway.
        key = call.idempotency_key if request.method == "POST" else None
        headers = {"Idempotency-Key": key} if key is not None else {}
        with backend.lock:
            failure = backend.faults.take(f"{request.method} {request.match_info.route.resource.canonical}")
            if failure == "connection" and request.transport is not None:
                request.transport.close()  # an outage before any answer: the client sees the connection drop
                return web.Response(status=503)
            if failure is not None:
                raise outage(failure)
            backend.checkout_sessions.expire_due()
            if key is not None:
                stored = backend.idempotency.replay(call.api_key, key, endpoint, call.params)
                if stored is not None:
                    headers.update({"Idempotent-Replayed": "true", "Original-Request": stored["request_id"]})
                    return json_response(stored["status"], stored["body"], headers)
            token = current_request.set({"id": call.request_id, "idempotency_key": key})
            try:
                params = Params(call.params)
                result = backend.expander.apply(operation(request, params), params.strings("expand"))
            finally:
                current_request.reset(token)
            body = _dump(result)
            if key is not None:
                backend.idempotency.remember(
                    call.api_key,
                    key,
                    endpoint,
                    call.params,
                    status=200,
                    body=body,
                    request_id=call.request_id,
                )
        return json_response(200, body, headers)

    return handler


def _by_id(fetch: Callable[[str], dict]) -> Operation:
    """An operation on the object named in the path; like Stripe, it takes no parameter but `expand`."""

    def operation(request: web.Request, params: Params) -> dict:
        reject_unknown(params.data, {"expand": ANY})
        return fetch(request.match_info["id"])

    return operation


def api_routes(backend: Backend) -> list[web.RouteDef]:
    sessions, refunds, payments = backend.checkout_sessions, backend.refunds, backend.payments
    events, endpoints = backend.events, backend.webhook_endpoints

    def page_base_url(request: web.Request) -> str:
        return backend.public_url or str(request.url.origin())

    table: list[tuple[str, str, Operation]] = [
        ("POST", "/v1/checkout/sessions", lambda r, p: sessions.create(p, page_base_url=page_base_url(r))),
        ("GET", "/v1/checkout/sessions", lambda r, p: sessions.list(p)),
        ("GET", "/v1/checkout/sessions/{id}", _by_id(sessions.retrieve)),
        ("POST", "/v1/checkout/sessions/{id}/expire", _by_id(sessions.expire)),
        (
            "GET",
            "/v1/checkout/sessions/{id}/line_items",
            lambda r, p: sessions.line_items(r.match_info["id"], p),
        ),
        ("POST", "/v1/test_helpers/checkout/sessions/{id}/pay_by_debit", _by_id(sessions.pay_by_debit)),
        (
            "POST",
            "/v1/test_helpers/checkout/sessions/{id}/settle_debit",
            lambda r, p: sessions.settle_debit(r.match_info["id"], p),
        ),
        ("GET", "/v1/payment_intents/{id}", _by_id(payments.retrieve_intent)),
        ("GET", "/v1/charges/{id}", _by_id(payments.retrieve_charge)),
        ("POST", "/v1/refunds", lambda r, p: refunds.create(p)),
        ("GET", "/v1/refunds/{id}", _by_id(refunds.retrieve)),
        ("GET", "/v1/events", lambda r, p: events.list(p)),
        ("GET", "/v1/events/{id}", _by_id(events.retrieve)),
        ("POST", "/v1/events/{id}/retry", _by_id(events.resend)),
        ("POST", "/v1/webhook_endpoints", lambda r, p: endpoints.create(p)),
        ("GET", "/v1/webhook_endpoints", lambda r, p: endpoints.list(p)),
        ("GET", "/v1/webhook_endpoints/{id}", _by_id(endpoints.retrieve)),
        ("POST", "/v1/webhook_endpoints/{id}", lambda r, p: endpoints.update(r.match_info["id"], p)),
        ("DELETE", "/v1/webhook_endpoints/{id}", _by_id(endpoints.delete)),
    ]
    operations = {f"{method} {path}" for method, path, _ in table}
    table += [
        ("POST", "/v1/test_helpers/faults", lambda r, p: backend.faults.arm(p, operations)),
        ("GET", "/v1/test_helpers/faults", lambda r, p: backend.faults.view(p.string("operation", required=True))),
    ]
    return [web.route(method, path, _endpoint(backend, operation)) for method, path, operation in table]
