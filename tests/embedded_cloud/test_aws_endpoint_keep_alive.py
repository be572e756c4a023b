"""The AWS endpoint keeps a client's connection open between requests (werkzeug's server closed every one)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from embedded_cloud.moto_server import MotoServer

LIST_TABLES = {"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0",
               "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
                                "SignedHeaders=host, Signature=0"}


@pytest.fixture(scope="module")
def server() -> Iterator[MotoServer]:
    moto = MotoServer(port=0)
    moto.start()
    yield moto
    moto.stop()


def connection_to(server: MotoServer) -> http.client.HTTPConnection:
    address = urlparse(server.url)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=30)


def list_tables(connection: http.client.HTTPConnection) -> http.client.HTTPResponse:
    connection.request("POST", "/", body=b"{}", headers=LIST_TABLES)
    response = connection.getresponse()
    assert response.status == 200, response.read()
    assert "TableNames" in json.loads(response.read())
    return response


def test_one_connection_serves_request_after_request(server: MotoServer) -> None:
    connection = connection_to(server)
    first = list_tables(connection)
    assert first.getheader("Connection") != "close"
    socket = connection.sock
    for _ in range(3):
        list_tables(connection)
        assert connection.sock is socket  # http.client reconnects silently: the same socket means kept alive
    connection.close()


def test_a_body_the_service_does_not_read_does_not_become_the_next_request(server: MotoServer) -> None:
    connection = connection_to(server)
    # moto ignores a GET's body; its config, unlike data.json, does not walk every backend of this process (an
    # in-process Lambda function another test made sends data.json to Docker)
    connection.request("GET", "/moto-api/config", body=b"x" * 70_000)
    response = connection.getresponse()
    assert response.status == 201
    response.read()
    socket = connection.sock
    assert socket is not None, "the connection was closed"
    list_tables(connection)
    assert connection.sock is socket
    connection.close()


def test_a_chunked_request_is_answered_and_its_connection_closed(server: MotoServer) -> None:
    connection = connection_to(server)
    connection.request("POST", "/", body=iter([b"{", b"}"]), headers=LIST_TABLES, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 200
    assert "TableNames" in json.loads(response.read())
    assert response.getheader("Connection") == "close"
    connection.close()


def test_a_request_moto_fails_on_is_answered_500_not_dropped(server: MotoServer) -> None:
    connection = connection_to(server)
    headers = {**LIST_TABLES, "X-Amz-Target": "DynamoDB_20120810.DescribeTable"}
    connection.request("POST", "/", body=b"{}", headers=headers)  # no TableName: moto raises a KeyError
    response = connection.getresponse()
    assert (response.status, response.read()) == (500, b"Internal Server Error")
    assert response.getheader("Connection") == "close"
    connection.close()


def test_a_request_whose_body_is_still_on_its_way_holds_up_no_other(server: MotoServer) -> None:
    slow = connection_to(server)
    slow.putrequest("POST", "/")
    for name, value in {**LIST_TABLES, "Content-Length": "2"}.items():
        slow.putheader(name, value)
    slow.endheaders()  # the headers are sent, the body not yet: the server waits for it

    list_tables(connection_to(server))  # answered meanwhile (it waited for the lock, and timed out, before)

    slow.send(b"{}")
    assert "TableNames" in json.loads(slow.getresponse().read())
