"""The unit of work: one TransactWriteItems holding a state change and its outbox items.

    def write(unit: Unit) -> None:
        unit.update(stock, actions=[...], condition=TicketType.available >= n, failure=SoldOut())
        unit.publish("ticket-type.updated", {...})
    unit_of_work.commit("ticketing", write)

Each write may name the domain error its condition stands for, so that a condition that fails (another request
got there first) answers as the read-time check would have. A condition that names none raises `Stale`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from . import outbox
from .aws import region
from .errors import Conflict, DomainError

T = TypeVar("T")
# pynamodb sends condition checks, then deletes, then puts, then updates: the cancellation reasons come back so
KINDS = ("check", "delete", "put", "update")


class Unit:
    """The writes of one transaction, each with the domain error its condition stands for (if any)."""

    def __init__(self, transaction: TransactWrite, producer: str) -> None:
        self.transaction = transaction
        self.producer = producer
        self._failures: dict[str, list[DomainError | None]] = {kind: [] for kind in KINDS}

    @property
    def failures(self) -> list[DomainError | None]:
        """The failure of each item, in the order of the request (and of its cancellation reasons)."""
        return [failure for kind in KINDS for failure in self._failures[kind]]

    def save(self, item: Model, condition: Any = None, failure: DomainError | None = None) -> None:
        self.transaction.save(item, condition=condition)
        self._failures["put"].append(failure)

    def update(self, item: Model, actions: list[Any], condition: Any = None,
               failure: DomainError | None = None) -> None:
        self.transaction.update(item, actions=actions, condition=condition)
        self._failures["update"].append(failure)

    def delete(self, item: Model, condition: Any = None, failure: DomainError | None = None) -> None:
        self.transaction.delete(item, condition=condition)
        self._failures["delete"].append(failure)

    def check(self, model: type[Model], hash_key: str, range_key: str, condition: Any,
              failure: DomainError | None = None) -> None:
        self.transaction.condition_check(model, hash_key, range_key, condition=condition)
        self._failures["check"].append(failure)

    def publish(self, event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        event = outbox.add(self.transaction, event_type, self.producer, payload)  # a put
        self._failures["put"].append(None)
        return event


class Stale(Conflict):
    """A condition that names no domain error failed: what was read changed meanwhile (a step already ran, a race
    was lost). The caller decides: a consumer skips, a command reads again; a request that lost every attempt
    answers 409, never 500."""

    def __init__(self, detail: str = "It changed while this request was writing it; send the request again") -> None:
        super().__init__(detail)


@cache
def connection() -> Connection:
    """One per warm worker: building a Connection builds a botocore client, which costs more than the write
    (hundreds of milliseconds on a busy machine)."""
    return Connection(region=region())


def transaction() -> TransactWrite:
    return TransactWrite(connection=connection())


def commit(producer: str, write: Callable[[Unit], T], attempts: int = 5, retry_stale: bool = False) -> T:
    """Run `write` in one transaction. Transaction conflicts (two writers on one item, on AWS) are retried with a
    fresh `write`, and so are stale reads when `retry_stale` (a `write` that reads again before it writes); a
    failed condition that names a domain error raises that error."""
    for attempt in range(attempts):
        unit = Unit(transaction(), producer)
        try:
            with unit.transaction:
                result = write(unit)
            return result
        except TransactWriteError as error:
            codes = [reason.code if reason else None for reason in (error.cancellation_reasons or [])]
            failed = [failure for code, failure in zip(codes, unit.failures, strict=False)
                      if code == "ConditionalCheckFailed"]
            named = next((failure for failure in failed if failure is not None), None)
            if named is not None:
                raise named from error
            if attempt + 1 < attempts and ("TransactionConflict" in codes or (failed and retry_stale)):
                time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)
                continue
            if failed:
                raise Stale() from error
            raise
    raise AssertionError("unreachable")
