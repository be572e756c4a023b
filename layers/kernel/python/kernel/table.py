"""The context's own table (TABLE_NAME), single-table design keyed PK/SK: the base of every context's models."""

from __future__ import annotations

import os

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from .aws import region


class ContextTable(Model):
    class Meta:
        table_name = os.environ.get("TABLE_NAME", "context")
        region = region()

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
