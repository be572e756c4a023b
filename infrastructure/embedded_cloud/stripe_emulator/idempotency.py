"""`Idempotency-Key` as Stripe honours it: a POST repeated with the same key and the same parameters gets
the first response back verbatim; the same key with other parameters or another endpoint is an
`idempotency_error`. Keys are scoped to the API key and forgotten after 24 hours."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable

from .errors import StripeError

KEY_LIFETIME = 24 * 60 * 60


def _fingerprint(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def _scope(api_key: str, idempotency_key: str) -> str:
    # A digest, not the API key itself, so snapshots written to disk hold no secret.
    return f"{hashlib.sha256(api_key.encode()).hexdigest()[:16]}:{idempotency_key}"


class IdempotencyKeys:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._records: OrderedDict[str, dict] = OrderedDict()  # oldest first, so expiry pops from the front
        self.on_remember: Callable[[str, dict], None] | None = None  # the embedded cloud journals each key

    def __len__(self) -> int:
        return len(self._records)

    def _forget_expired(self) -> None:
        horizon = self._clock() - KEY_LIFETIME
        while self._records and next(iter(self._records.values()))["created"] < horizon:
            self._records.popitem(last=False)

    def replay(self, api_key: str, key: str, endpoint: str, params: dict) -> dict | None:
        """The stored response (`status`, `body`, `request_id`) for a repeated request, or None."""
        self._forget_expired()
        record = self._records.get(_scope(api_key, key))
        if record is None:
            return None
        if record["endpoint"] != endpoint:
            raise StripeError(
                400,
                "Keys for idempotent requests can only be used for the same endpoint they were first used "
                f"for ('{endpoint}' vs '{record['endpoint']}'). Try using a key other than '{key}' if you "
                "meant to execute a different request.",
                type="idempotency_error",
            )
        if record["fingerprint"] != _fingerprint(params):
            raise StripeError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they were first "
                f"used with. Try using a key other than '{key}' if you meant to execute a different request.",
                type="idempotency_error",
            )
        return record

    def remember(
        self, api_key: str, key: str, endpoint: str, params: dict, *, status: int, body: str, request_id: str
    ) -> None:
        self._records[_scope(api_key, key)] = {
            "endpoint": endpoint,
            "fingerprint": _fingerprint(params),
            "status": status,
            "body": body,
            "request_id": request_id,
            "created": self._clock(),
        }
        if self.on_remember is not None:
            self.on_remember(_scope(api_key, key), self._records[_scope(api_key, key)])

    def put_back(self, scope: str, record: dict) -> None:
        """A key remembered before a restart (from the journal)."""
        self._records[scope] = dict(record)

    def snapshot(self) -> dict[str, dict]:
        return {scope: dict(record) for scope, record in self._records.items()}

    def restore(self, records: dict[str, dict]) -> None:
        self._records = OrderedDict((scope, dict(record)) for scope, record in records.items())
