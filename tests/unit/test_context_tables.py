"""The unit tier's tables are the templates' tables: keys and indexes as declared, in in-process moto."""

import boto3
import pytest
from kernel.aws import region
from support.context_tables import context_table, table_properties

CONTEXTS = ("chat", "events", "interactions", "media", "notifications", "ticketing", "users")


@pytest.mark.parametrize("context", CONTEXTS)
def test_each_context_gets_its_templates_table(context):
    declared = table_properties(context)
    with context_table(context) as name:
        table = boto3.client("dynamodb", region_name=region()).describe_table(TableName=name)["Table"]
    assert table["KeySchema"] == declared["KeySchema"]
    assert sorted(index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])) == sorted(
        index["IndexName"] for index in declared.get("GlobalSecondaryIndexes", []))


def test_a_failed_condition_raises_the_error_it_names_and_writes_nothing():
    from kernel import unit_of_work
    from kernel.errors import Conflict
    from kernel.table import ContextTable

    class Item(ContextTable):
        pass

    with context_table("ticketing"):
        def write(unit):
            unit.save(Item(PK="A", SK="1"))
            unit.save(Item(PK="B", SK="1"), condition=Item.PK.exists(), failure=Conflict("B is not there"))

        with pytest.raises(Conflict):
            unit_of_work.commit("ticketing", write)
        assert list(Item.scan()) == []
