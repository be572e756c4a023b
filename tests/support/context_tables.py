"""A context's table in in-process moto, created from the context's own template: store tests without a cloud.

    from support.context_tables import context_table

    @pytest.fixture
    def table():
        with context_table("ticketing"):   # the Table of infrastructure/ticketing.yaml, keys, indexes and stream
            yield

The table takes the name `kernel.table` read from TABLE_NAME when it was imported (every context's models share
that base), and moto carries the embedded cloud's DynamoDB fixes (atomic transactions, partition queries), so a
store behaves here as it does on the platform.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# The embedded cloud's fixes of what a DynamoDB request does (atomic transactions, partition queries) and of what it
# costs: the requests, expressions, items and answers moto 5.2.5 handles in several passes (about half the unit tier's
# CPU went to moto's generic request handling; each fix's module says what it saves on the platform)
DYNAMODB_FIXES = ("dynamodb_query_by_partition", "dynamodb_transaction_rollback", "dispatcher_lookups",
                  "json_request_parsing", "json_protocol_responses", "json_error_bodies", "dynamodb_parsed_expressions",
                  "dynamodb_update_validation", "dynamodb_item_copies", "dynamodb_item_json", "dynamodb_item_size")
TABLE_PROPERTIES = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
                    "BillingMode", "StreamSpecification")


@cache
def table_properties(context: str) -> dict[str, Any]:
    """The CreateTable arguments of the context's one AWS::DynamoDB::Table resource."""
    from embedded_cloud.template import load_yaml

    document = load_yaml(ROOT / "infrastructure" / f"{context}.yaml")
    tables = [resource["Properties"] for resource in document["Resources"].values()
              if resource.get("Type") == "AWS::DynamoDB::Table"]
    if len(tables) != 1:
        raise LookupError(f"infrastructure/{context}.yaml declares {len(tables)} tables, expected one")
    properties = {key: value for key, value in tables[0].items() if key in TABLE_PROPERTIES}
    if "StreamSpecification" in properties:  # CloudFormation implies StreamEnabled; the API wants it said
        properties["StreamSpecification"] = {"StreamEnabled": True, **properties["StreamSpecification"]}
    return properties


@contextmanager
def context_table(context: str) -> Iterator[str]:
    """A fresh in-process moto holding the context's table (empty), named in TABLE_NAME while it lasts (as a
    function's environment names it); yields the table's name."""
    import importlib

    import boto3
    from kernel.aws import region
    from kernel.table import ContextTable
    from moto import mock_aws

    name = ContextTable.Meta.table_name
    os.environ.setdefault("AWS_DEFAULT_REGION", region())
    before = os.environ.get("TABLE_NAME")
    # the outbox writes to the table its function is given: set here, not left to whichever module set it before
    os.environ["TABLE_NAME"] = name
    try:
        with mock_aws():
            for fix in DYNAMODB_FIXES:  # idempotent; put back here in case a moto-mode test took them out
                importlib.import_module(f"embedded_cloud.moto_fixes.{fix}").install()
            boto3.client("dynamodb", region_name=region()).create_table(TableName=name, **table_properties(context))
            yield name
    finally:
        if before is None:
            os.environ.pop("TABLE_NAME", None)
        else:
            os.environ["TABLE_NAME"] = before


def empty_table(name: str) -> None:
    """Deletes every item of the table (creating one takes a third of a second of CPU, emptying it milliseconds)."""
    import boto3
    from kernel.aws import region

    table = boto3.resource("dynamodb", region_name=region()).Table(name)
    page: dict[str, Any] = {"ProjectionExpression": "PK, SK"}
    with table.batch_writer() as batch:
        while True:
            found = table.scan(**page)
            for item in found["Items"]:
                batch.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
            if "LastEvaluatedKey" not in found:
                return
            page["ExclusiveStartKey"] = found["LastEvaluatedKey"]


def table_per_module(context: str) -> tuple[Any, Any]:
    """Two fixtures for a module's store tests: `moto_table` (the context's table in moto, made once for the
    module) and `table` (autouse: the table, emptied after each test, so each test starts on an empty one).

        moto_table, table = table_per_module("chat")
    """
    import pytest

    @pytest.fixture(scope="module", name="moto_table")
    def moto_table() -> Iterator[str]:
        with context_table(context) as name:
            yield name

    @pytest.fixture(autouse=True, name="table")
    def table(moto_table: str) -> Iterator[str]:
        yield moto_table
        empty_table(moto_table)

    return moto_table, table
