"""Unit tests of the ticketing context's pure modules: its package importable as on Lambda (CodeUri root)."""

import os
import sys
from pathlib import Path

import pytest
from support.context_tables import context_table, empty_table

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "functions" / "ticketing"))


@pytest.fixture(scope="module")
def moto_table():
    """The ticketing table in in-process moto, one per test module; yields its name."""
    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name  # the outbox writes to it too
    with context_table("ticketing") as name:
        yield name


@pytest.fixture
def table(moto_table):
    """The module's table, emptied after each test."""
    yield
    empty_table(moto_table)
