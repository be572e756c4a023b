"""Faults a test arms through `POST /v1/test_helpers/faults` (the emulator's own test helper, in Stripe's wire
style): the next `count` calls of one operation fail as Stripe's outages do - `api_error` (500), `unavailable`
(503) or `connection` (the connection is dropped before any answer). Stripe's SDKs retry such failures
(`max_network_retries`), so a platform call fails only when every attempt does: arm `count` for all of them.

    POST /v1/test_helpers/faults  operation="POST /v1/refunds"  failure=api_error  count=3
    -> {"object": "test_helpers.fault", "operation": ..., "failure": ..., "remaining": 3}
    GET  /v1/test_helpers/faults/{operation} -> the same object, `remaining` counting down as calls fail
"""

from __future__ import annotations

from .errors import StripeError, invalid_request
from .params import ANY, Params, reject_unknown

FAILURES = ("api_error", "unavailable", "connection")


class Faults:
    def __init__(self) -> None:
        self._armed: dict[str, tuple[str, int]] = {}

    def arm(self, params: Params, operations: set[str]) -> dict:
        reject_unknown(params.data, {"operation": ANY, "failure": ANY, "count": ANY, "expand": ANY})
        operation = params.string("operation", required=True) or ""
        if operation not in operations:
            raise invalid_request(f"No such operation: {operation!r}; one of {sorted(operations)}", "operation")
        failure = params.choice("failure", FAILURES, required=True) or ""
        count = params.integer("count", required=True, minimum=0, maximum=1000) or 0
        self._armed[operation] = (failure, count)
        return self.view(operation)

    def view(self, operation: str) -> dict:
        failure, remaining = self._armed.get(operation, (None, 0))
        return {"object": "test_helpers.fault", "operation": operation, "failure": failure, "remaining": remaining}

    def take(self, operation: str) -> str | None:
        """The failure this call of `operation` meets, if one is armed (and one fewer left)."""
        failure, remaining = self._armed.get(operation, (None, 0))
        if failure is None or remaining <= 0:
            return None
        self._armed[operation] = (failure, remaining - 1)
        return failure


def outage(failure: str) -> StripeError:
    if failure == "unavailable":
        return StripeError(503, "Stripe is temporarily unavailable. Please try again.", type="api_error")
    return StripeError(500, "An unknown error occurred while processing your request.", type="api_error")
