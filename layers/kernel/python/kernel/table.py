"""The context's own table (TABLE_NAME), single-table design keyed PK/SK: the base of every context's models."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from pynamodb.attributes import UnicodeAttribute
from pynamodb.connection import TableConnection
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from .aws import region

T = TypeVar("T")


class ContextTable(Model):
    class Meta:
        table_name = os.environ.get("TABLE_NAME", "context")
        region = region()

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """pynamodb gives each model class a connection that builds a botocore client of its own on first use
        (3-7 ms of CPU, at a cold start, for each model a handler touches); the context's models all reach one
        table with the same settings, so their connections use the unit of work's client, as long as nothing
        that makes a client differs (a model with its own host, timeouts or keys keeps its own)."""
        table = super()._get_connection()
        own = table.connection
        if own._client is None:  # noqa: SLF001 - pynamodb builds it lazily there, which this saves
            from .unit_of_work import connection

            shared = connection()
            if _client_settings(own) == _client_settings(shared):
                own._client = shared.client  # noqa: SLF001
        return table


def _client_settings(connection: Any) -> tuple[Any, ...]:
    """What pynamodb's Connection builds its botocore client from."""
    return tuple(getattr(connection, name, None) for name in (
        "region", "host", "_connect_timeout_seconds", "_read_timeout_seconds", "_max_pool_connections",
        "_retry_configuration", "_max_retry_attempts_exception", "_extra_headers", "_aws_access_key_id",
        "_aws_secret_access_key", "_aws_session_token"))


# The overloaded indexes of a single-table design: GSI<n> keyed GSI<n>PK / GSI<n>SK, every attribute projected. A
# model declares an instance of each it uses (pynamodb ties an index instance to one model class).

class GSI1(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI1"
        projection = AllProjection()

    GSI1PK = UnicodeAttribute(hash_key=True)
    GSI1SK = UnicodeAttribute(range_key=True)


class GSI2(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI2"
        projection = AllProjection()

    GSI2PK = UnicodeAttribute(hash_key=True)
    GSI2SK = UnicodeAttribute(range_key=True)


class GSI3(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI3"
        projection = AllProjection()

    GSI3PK = UnicodeAttribute(hash_key=True)
    GSI3SK = UnicodeAttribute(range_key=True)


class GSI4(GlobalSecondaryIndex[Any]):
    class Meta:
        index_name = "GSI4"
        projection = AllProjection()

    GSI4PK = UnicodeAttribute(hash_key=True)
    GSI4SK = UnicodeAttribute(range_key=True)


# The key attributes of each GSI<n>, inherited by a model that is in that index, before ContextTable:
#     class TicketItem(GSI1Keys, GSI2Keys, ContextTable):
#         by_owner, by_event = GSI1(), GSI2()
# (null: an item leaves an index by losing its keys, e.g. an order when it stops being PENDING).

class GSI1Keys:
    GSI1PK = UnicodeAttribute(null=True)
    GSI1SK = UnicodeAttribute(null=True)


class GSI2Keys:
    GSI2PK = UnicodeAttribute(null=True)
    GSI2SK = UnicodeAttribute(null=True)


class GSI3Keys:
    GSI3PK = UnicodeAttribute(null=True)
    GSI3SK = UnicodeAttribute(null=True)


class GSI4Keys:
    GSI4PK = UnicodeAttribute(null=True)
    GSI4SK = UnicodeAttribute(null=True)


def index_keys(*numbers: int) -> dict[str, tuple[str, ...]]:
    """The key attributes of each GSI<n> (table keys first), as a page cursor of that index holds them."""
    return {f"GSI{n}": ("PK", "SK", f"GSI{n}PK", f"GSI{n}SK") for n in numbers}


# --- reads any context's models share ---

def get(model: type[T], hash_key: str, range_key: str) -> T | None:
    """One item by its key, read consistently; None when there is none."""
    try:
        return model.get(hash_key, range_key, consistent_read=True)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        return None


def get_many(model: type[T], keys: list[tuple[str, str]], consistent: bool = False) -> dict[tuple[str, str], T]:
    """BatchGetItem, 100 keys at a time; duplicates asked once."""
    unique = list(dict.fromkeys(keys))
    found: dict[tuple[str, str], T] = {}
    for start in range(0, len(unique), 100):
        chunk = unique[start:start + 100]
        for item in model.batch_get(chunk, consistent_read=consistent):  # type: ignore[attr-defined]
            found[(item.PK, item.SK)] = item
    return found


class BatchRead:
    """Items of one model by key (at most MAX_KEYS), to read in the BatchGetItem that checks the caller's token
    for revocation (`http.caller(route, reads=...)`): one AWS call instead of two. Eventually consistent, as
    `get_many`, unless `consistent`; `found` maps each key to its item once read (a missing item is absent).
    `keys` may be a function of the caller's user id (the token's subject), for a route whose first read is the
    caller's own item: it is called once the token's signature and claims hold."""

    MAX_KEYS = 98  # with the revocation check's two keys, one BatchGetItem's 100

    def __init__(self, model: type[Model], keys: list[tuple[str, str]] | Callable[[str], list[tuple[str, str]]],
                 consistent: bool = False) -> None:
        self.model, self.consistent = model, consistent
        self._keys_of = keys if callable(keys) else None
        self.keys = [] if callable(keys) else self._checked(keys)
        self.table: str = model.Meta.table_name
        self.found: dict[tuple[str, str], Any] = {}

    def _checked(self, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
        unique = list(dict.fromkeys(keys))
        if len(unique) > self.MAX_KEYS:
            raise ValueError(f"at most {self.MAX_KEYS} keys in one read with the token's check")
        return unique

    def request(self, caller_id: str) -> dict[str, Any]:
        """This read as one table's entry of BatchGetItem's RequestItems."""
        if self._keys_of is not None:
            self.keys = self._checked(self._keys_of(caller_id))
        hash_key, range_key = self.model._hash_key_attribute(), self.model._range_key_attribute()  # noqa: SLF001
        entry: dict[str, Any] = {"Keys": [{hash_key.attr_name: {hash_key.attr_type: hash_key.serialize(h)},
                                           range_key.attr_name: {range_key.attr_type: range_key.serialize(r)}}
                                          for h, r in self.keys]}
        if self.consistent:
            entry["ConsistentRead"] = True
        return entry

    def take(self, items: list[dict[str, Any]]) -> None:
        """The table's items of a BatchGetItem answer (DynamoDB JSON)."""
        for raw in items:
            item = self.model.from_raw_data(raw)
            self.found[(item.PK, item.SK)] = item

    def fetch(self, caller_id: str) -> None:
        """Read on its own (no token to check with it)."""
        if self._keys_of is not None:
            self.keys = self._checked(self._keys_of(caller_id))
        self.found.update(get_many(self.model, self.keys, self.consistent))


def page(index: GlobalSecondaryIndex[Any], partition: str, limit: int, start_key: dict | None,
         newest_first: bool = True, **conditions: Any) -> tuple[list[Any], dict | None]:
    """One page of an index partition: exactly one Query, however deep the cursor is."""
    results = index.query(partition, scan_index_forward=not newest_first, page_size=limit,
                          last_evaluated_key=start_key, **conditions)
    raw = next(results.page_iter)
    model = index._model  # noqa: SLF001 - pynamodb's link from an index to its model
    return [model.from_raw_data(item) for item in raw.get("Items", [])], results.page_iter.last_evaluated_key


def update_if(item: Model, actions: list[Any], condition: Any) -> bool:
    """One conditional update (an upsert); False when the condition refuses it - for a replica, a stale or
    repeated message: nothing to do."""
    try:
        item.update(actions=actions, condition=condition)
        return True
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise


def put_if(item: Model, condition: Any) -> bool:
    """One conditional put (the whole item); False when the condition refuses it: what is stored is newer."""
    try:
        item.save(condition=condition)
        return True
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
