"""CPU of moto's parse of the DynamoDB conditions the app sends, with and without `dynamodb_parsed_expressions`.

moto parses a ConditionExpression on every request (twice for an UpdateItem and for each write of a transaction:
the handler checks the placeholders, the backend evaluates). The fix keeps a parsed condition per text and names
and binds each request's values to it. Measured here in-process, released parse and fixed parse in turn: a
replica's newest-wins update of ten fields (`kernel.replica.keep`: a timestamp value that differs with every
message, so a cache keyed on the values as well never hit) and the conditions of one checkout.

    .venv/bin/python benchmarks/dynamodb_conditions.py [--rounds 3]

Figures (2026-12-05, load average ~6-9, per parse, two rounds): moto 5.2.5 -> fixed, a replica's condition
1017-1126 -> 105-107 us (each replica update parses it twice; a registration's user.created updates five
replicas: ~10 ms of the platform's CPU per registration), a checkout's eight conditions 482-488 -> 53-55 us.
The previous fix (keyed on the values too, run in turn with this one from its file): a replica's condition
1132-1310 -> 102-105 us (it never hit), a checkout's conditions 88-97 -> 54-74 us (six of eight already hit).
"""

from __future__ import annotations

import argparse
import sys
import timeit
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "infrastructure"))

# a replica's update as kernel.replica.keep sends it through pynamodb: a tombstone check, then each field newest-wins
REPLICA = ("(attribute_not_exists (#0) OR NOT attribute_exists (#1) ) AND " + " AND ".join(
    f"(attribute_not_exists (#{2 * i + 2}) OR #{2 * i + 2} <= :{i})" for i in range(10)),
    {"#0": "PK", "#1": "buriedAt", **{f"#{2 * i + 2}": f"field{i}At" for i in range(10)}})


def replica_values() -> dict[str, Any]:
    stamp = {"S": f"2026-12-05T14:00:00.{uuid.uuid4()}"}
    return {f":{i}": stamp for i in range(10)}


def checkout_conditions() -> list[tuple[str, dict[str, str], dict[str, Any] | None]]:
    order = str(uuid.uuid4())
    return [
        ("(attribute_not_exists (#0) AND #1 = :0)", {"#0": "deletedAt", "#1": "status"},
         {":0": {"S": "PUBLISHED"}}),
        ("(attribute_exists (#2) AND #0 >= :2)", {"#0": "available", "#1": "sold", "#2": "PK"},
         {":0": {"N": "-1"}, ":1": {"N": "1"}, ":2": {"N": "1"}}),
        *[("(attribute_not_exists (#0) OR #0 < :1)", {"#0": "count"}, {":0": {"N": "1"}, ":1": {"N": "100"}})] * 2,
        *[("attribute_not_exists (#0)", {"#0": "PK"}, None)] * 2,
        ("#s = :p", {"#0": "sessionId", "#1": "sessionUrl", "#s": "status"},
         {":0": {"S": "cs_" + order}, ":1": {"S": "u" * 90}, ":p": {"S": "PENDING"}}),
        ("#s = :p", {"#0": "taskToken", "#s": "status"}, {":0": {"S": "t" * 200 + order}, ":p": {"S": "PENDING"}}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from embedded_cloud.moto_fixes import dynamodb_parsed_expressions as fix
    from moto.dynamodb.comparisons import create_condition_expression_parser as parser_of

    def replica() -> None:
        parser_of(*REPLICA, replica_values()).parse()

    def checkout() -> None:
        for text, names, values in checkout_conditions():
            parser_of(text, names, values).parse()

    for _ in range(args.rounds):
        for installed in (False, True):
            fix.install() if installed else fix.uninstall()
            replica(), checkout()  # the first parse of each text
            figures = [min(timeit.repeat(case, number=200, repeat=5)) / 200 * 1e6 for case in (replica, checkout)]
            print(f"{'fixed' if installed else 'moto 5.2.5':>10}: a replica's condition {figures[0]:7.1f} us, "
                  f"a checkout's conditions {figures[1]:6.1f} us")


if __name__ == "__main__":
    main()
