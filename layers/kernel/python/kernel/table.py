"""The context's own table (TABLE_NAME), single-table design keyed PK/SK: the base of every context's models."""

from __future__ import annotations

import os
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from .aws import region


class ContextTable(Model):
    class Meta:
        table_name = os.environ.get("TABLE_NAME", "context")
        region = region()

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)


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


def index_keys(*numbers: int) -> dict[str, tuple[str, ...]]:
    """The key attributes of each GSI<n> (table keys first), as a page cursor of that index holds them."""
    return {f"GSI{n}": ("PK", "SK", f"GSI{n}PK", f"GSI{n}SK") for n in numbers}
