"""kernel.idempotency on a moto table: a request killed at its deadline (a Lambda timeout, a crash) leaves its
Idempotency-Key "in progress" only until that deadline, then the same key runs again (review L10)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto import mock_aws


class Killed(BaseException):
    """The runtime ending an invocation at its timeout: no `except Exception` sees it, nothing is cleaned up."""


@dataclass
class Context:
    remaining_ms: int
    function_name: str = "CreateThing"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:CreateThing"
    aws_request_id: str = "request-1"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    for name, value in {"TABLE_NAME": "things", "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "test",
                        "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        boto3.client("dynamodb").create_table(
            TableName="things", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                  {"AttributeName": "SK", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}])
        from kernel import http, idempotency

        idempotency._persistence.cache_clear()  # a persistence layer (boto3 client) of this moto account
        router, runs = http.router(), []

        @router.post("/things")
        def create_thing() -> object:
            def command() -> object:
                runs.append(1)
                if len(runs) == 1:
                    raise Killed
                return http.json_response(201, {"run": len(runs)})

            return idempotency.once(router, "someone", command)

        yield http.entrypoint(http.create_app("things", router)), runs
        idempotency._persistence.cache_clear()


def request(key: str) -> dict:
    return {"version": "2.0", "routeKey": "POST /things", "rawPath": "/things", "rawQueryString": "",
            "headers": {"content-type": "application/json", "idempotency-key": key}, "body": "{}",
            "isBase64Encoded": False,
            "requestContext": {"http": {"method": "POST", "path": "/things", "protocol": "HTTP/1.1",
                                        "sourceIp": "127.0.0.1", "userAgent": "test"},
                               "routeKey": "POST /things", "requestId": "r1", "stage": "$default",
                               "accountId": "123456789012", "apiId": "api", "domainName": "localhost",
                               "time": "04/Dec/2026:22:00:00 +0000", "timeEpoch": 0}}


def test_a_key_whose_request_died_at_its_deadline_runs_again(handler: tuple) -> None:
    entry, runs = handler
    with pytest.raises(Killed):
        entry(request("k1"), Context(remaining_ms=0))  # killed at its timeout: the deadline is now
    answer = entry(request("k1"), Context(remaining_ms=10_000))
    assert answer["statusCode"] == 201, answer
    assert json.loads(answer["body"]) == {"run": 2}
    again = entry(request("k1"), Context(remaining_ms=10_000))  # and from now on answered from the record
    assert (again["statusCode"], json.loads(again["body"])) == (201, {"run": 2}) and len(runs) == 2


def test_a_key_whose_request_may_still_be_running_is_a_409(handler: tuple) -> None:
    entry, runs = handler
    with pytest.raises(Killed):
        entry(request("k2"), Context(remaining_ms=60_000))  # its invocation could still be running a minute
    answer = entry(request("k2"), Context(remaining_ms=10_000))
    assert answer["statusCode"] == 409 and "still in progress" in json.loads(answer["body"])["detail"]
    assert len(runs) == 1
