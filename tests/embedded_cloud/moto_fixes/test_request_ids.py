"""A response's request id: 52 letters and digits, new for each response, in the XML body where moto puts one,
fixed by seeding moto - drawn from moto's random source in one piece, not one `random.choice` per character."""

from __future__ import annotations

import random
import re

import boto3
import requests


def _sts(url: str):
    return boto3.client("sts", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def test_each_response_has_its_own_id_of_52_letters_and_digits(moto, dynamodb) -> None:
    ids = [dynamodb.list_tables()["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] for _ in range(20)]

    assert all(re.fullmatch(r"[A-Za-z0-9]{52}", each) for each in ids), ids
    assert len(set(ids)) == 20
    assert len(set("".join(ids))) > 40  # drawn from the whole alphabet (20 x 52 characters of 62)


def test_an_xml_body_carries_the_id_of_its_header(moto, moto_server) -> None:
    answer = _sts(moto_server.url).get_caller_identity()["ResponseMetadata"]

    assert re.fullmatch(r"[A-Za-z0-9]{52}", answer["RequestId"])
    assert answer["RequestId"] == answer["HTTPHeaders"]["x-amzn-requestid"]


def test_seeding_moto_fixes_the_ids(moto, moto_server, dynamodb) -> None:
    def ids_after_seeding() -> list[str]:
        requests.post(f"{moto_server.url}/moto-api/seed?a=42", timeout=10).raise_for_status()
        return [dynamodb.list_tables()["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] for _ in range(3)]

    first = ids_after_seeding()
    assert ids_after_seeding() == first and len(set(first)) == 3


def test_a_response_draws_no_character_by_itself(moto, dynamodb, count_calls) -> None:
    moto.expect_defect("each of the id's 52 characters is its own random.choice", raises=AssertionError)
    choices = count_calls(random.Random, "choice")

    assert choices.during(dynamodb.list_tables) == 0
