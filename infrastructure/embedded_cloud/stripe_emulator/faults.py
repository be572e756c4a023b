"""Faults a test arms through `POST /v1/test_helpers/faults` (the emulator's own test helper, in Stripe's wire
style): the calls of one operation fail as Stripe's outages do - `api_error` (500), `unavailable` (503) or
`connection` (the connection is dropped before any answer) - the next `count` of them, or, without `count`, every
one until the operation is armed again (`count=0` ends an outage). Stripe's SDKs retry such failures
(`max_network_retries`), so a platform call fails only when every attempt does: an outage without `count` fails
them all, however many the SDK makes; `met` tells how many calls it failed.

    POST /v1/test_helpers/faults  operation="POST /v1/refunds"  failure=api_error  [count=3]
    -> {"object": "test_helpers.fault", "operation": ..., "failure": ..., "remaining": 3 (null: until ended),
        "met": 0}
    GET  /v1/test_helpers/faults/{operation} -> the same object, `remaining` counting down and `met` up as calls fail
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import StripeError, invalid_request
from .params import ANY, Params, reject_unknown

FAILURES = ("api_error", "unavailable", "connection")


@dataclass
class _Fault:
    failure: str | None
    remaining: int | None  # None: until the operation is armed again
    met: int = 0


class Faults:
    def __init__(self) -> None:
        self._armed: dict[str, _Fault] = {}

    def arm(self, params: Params, operations: set[str]) -> dict:
        reject_unknown(params.data, {"operation": ANY, "failure": ANY, "count": ANY, "expand": ANY})
        operation = params.string("operation", required=True) or ""
        if operation not in operations:
            raise invalid_request(f"No such operation: {operation!r}; one of {sorted(operations)}", "operation")
        failure = params.choice("failure", FAILURES, required=True) or ""
        count = params.integer("count", minimum=0, maximum=1000)
        self._armed[operation] = _Fault(failure, count)
        return self.view(operation)

    def view(self, operation: str) -> dict:
        fault = self._armed.get(operation, _Fault(None, 0))
        return {"object": "test_helpers.fault", "operation": operation, "failure": fault.failure,
                "remaining": fault.remaining, "met": fault.met}

    def take(self, operation: str) -> str | None:
        """The failure this call of `operation` meets, if one is armed (and one fewer left)."""
        fault = self._armed.get(operation)
        if fault is None or fault.failure is None or fault.remaining == 0:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
        fault.met += 1
        return fault.failure


def outage(failure: str) -> StripeError:
    if failure == "unavailable":
        return StripeError(503, "Stripe is temporarily unavailable. Please try again.", type="api_error")
    return StripeError(500, "An unknown error occurred while processing your request.", type="api_error")
