"""JSON-protocol calls reach moto's handlers without Flask around them: every answer - status, headers, body,
for valid and invalid calls of each JSON service the platform uses - is the one moto 5.2.5 gives through Flask."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from embedded_cloud.moto_fixes import json_target_dispatch
from embedded_cloud.moto_server import MotoServer
from flask import Flask
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

SIGNING = {"dynamodb": "dynamodb", "sqs": "sqs", "states": "states", "events": "events",
           "cognito-idp": "cognito-idp"}
JSON_10, JSON_11 = "application/x-amz-json-1.0", "application/x-amz-json-1.1"
# (signing service, X-Amz-Target, content type, body)
CALLS: list[tuple[str, str, str, bytes]] = [
    ("dynamodb", "DynamoDB_20120810.ListTables", JSON_10, b'{"Limit": 100}'),
    ("dynamodb", "DynamoDB_20120810.DescribeTable", JSON_10, b'{"TableName": "no-such-table"}'),
    ("dynamodb", "DynamoDB_20120810.GetItem", JSON_10, b'{"TableName": "no-such-table", "Key": {"k": {"S": "1"}}}'),
    ("dynamodb", "DynamoDB_20120810.PutItem", JSON_10, b'{"TableName": "t", "Item": {"k": {"S": ""}}}'),
    ("dynamodb", "DynamoDB_20120810.Query", JSON_10, b'{"TableName": "t", "Limit": "many"}'),
    ("dynamodb", "DynamoDB_20120810.GetItem", JSON_10, b"{not json"),
    ("dynamodb", "DynamoDB_20120810.NoSuchOperation", JSON_10, b"{}"),
    ("sqs", "AmazonSQS.ListQueues", JSON_10, b'{"QueueNamePrefix": "no-such-prefix"}'),
    ("sqs", "AmazonSQS.GetQueueUrl", JSON_10, b'{"QueueName": "no-such-queue"}'),
    ("sqs", "AmazonSQS.SendMessage", JSON_10, b'{"QueueUrl": "http://localhost/123456789012/none", "MessageBody": ""}'),
    ("states", "AWSStepFunctions.ListStateMachines", JSON_10, b"{}"),
    ("states", "AWSStepFunctions.DescribeExecution", JSON_10, b'{"executionArn": "arn:aws:states:us-east-1:1:x"}'),
    ("events", "AWSEvents.DescribeEventBus", JSON_11, b'{"Name": "no-such-bus"}'),
    ("cognito-idp", "AWSCognitoIdentityProviderService.DescribeUserPool", JSON_11,
     b'{"UserPoolId": "us-east-1_nosuchpool"}'),
    ("cognito-idp", "AWSCognitoIdentityProviderService.ListUserPools", JSON_11, b'{"MaxResults": 0}'),
]
VARYING = {"x-amzn-requestid", "x-amz-request-id", "date"}  # new on every answer, whoever builds it


def call(server: MotoServer, service: str, target: str, content_type: str, body: bytes) -> tuple[Any, ...]:
    address = urlparse(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.request("POST", "/", body=body, headers={
        "X-Amz-Target": target, "Content-Type": content_type,
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{SIGNING[service]}/aws4_request, "
                         "SignedHeaders=host, Signature=0"})
    response = connection.getresponse()
    answer = (response.status, sorted((k.lower(), v) for k, v in response.getheaders() if k.lower() not in VARYING),
              response.read())
    connection.close()
    return answer


@pytest.fixture
def without_flask() -> Iterator[None]:
    json_target_dispatch.install()
    yield
    json_target_dispatch.install()  # as the embedded cloud runs


@pytest.mark.parametrize(("service", "target", "content_type", "body"), CALLS,
                         ids=[f"{c[1].split('.')[-1]}-{n}" for n, c in enumerate(CALLS)])
def test_a_call_is_answered_as_through_flask(moto_server: MotoServer, without_flask: None, service: str,
                                             target: str, content_type: str, body: bytes) -> None:
    direct = call(moto_server, service, target, content_type, body)
    json_target_dispatch.uninstall()
    through_flask = call(moto_server, service, target, content_type, body)
    assert direct == through_flask  # moto's 500s included (a Limit of "many", a body that is no JSON, ...)


def test_calls_skip_flask_and_other_calls_still_take_it(moto_server: MotoServer, without_flask: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    apps: list[str] = []
    enter = Flask.wsgi_app

    def counted(app: Flask, environ: dict, start_response: Any) -> Any:
        apps.append(environ.get("HTTP_X_AMZ_TARGET", environ["PATH_INFO"]))
        return enter(app, environ, start_response)

    monkeypatch.setattr(Flask, "wsgi_app", counted)
    for service, target, content_type, body in CALLS[:3]:
        call(moto_server, service, target, content_type, body)
    address = urlparse(moto_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.request("GET", "/moto-api/data.json")  # not a JSON-protocol call
    connection.getresponse().read()
    assert apps == ["/moto-api/data.json"]
    assert DomainDispatcherApplication.__call__ is json_target_dispatch.__call__
