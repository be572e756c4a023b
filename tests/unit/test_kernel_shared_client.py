"""A context's models share one botocore DynamoDB client (the unit of work's) instead of building one each at a
cold start; a model whose settings would make another client keeps its own. Against in-process moto."""

from __future__ import annotations

from kernel import unit_of_work
from kernel.table import ContextTable, get
from pynamodb.attributes import UnicodeAttribute
from support.context_tables import table_per_module

moto_table, table = table_per_module("ticketing")


class Seat(ContextTable):
    row = UnicodeAttribute(null=True)


class Stand(ContextTable):
    name = UnicodeAttribute(null=True)


class SlowStand(ContextTable):
    class Meta(ContextTable.Meta):
        read_timeout_seconds = 7  # a client of other settings

    name = UnicodeAttribute(null=True)


def client_of(model: type[ContextTable]):
    return model._get_connection().connection.client


def test_models_of_one_table_read_and_write_through_one_client(table) -> None:
    Seat(PK="SEAT#1", SK="SEAT", row="A").save()
    Stand(PK="STAND#1", SK="STAND", name="North").save()
    unit_of_work.commit("tests", lambda unit: unit.save(Seat(PK="SEAT#2", SK="SEAT", row="B")))

    assert (get(Seat, "SEAT#1", "SEAT").row, get(Stand, "STAND#1", "STAND").name) == ("A", "North")
    assert get(Seat, "SEAT#2", "SEAT").row == "B"
    assert client_of(Seat) is client_of(Stand) is unit_of_work.connection().client


def test_a_model_with_settings_of_its_own_keeps_its_own_client(table) -> None:
    SlowStand(PK="STAND#2", SK="STAND", name="South").save()

    assert get(SlowStand, "STAND#2", "STAND").name == "South"
    assert client_of(SlowStand) is not client_of(Stand)
    assert client_of(SlowStand).meta.config.read_timeout == 7
