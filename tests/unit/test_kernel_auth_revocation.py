"""The revocation check fails closed (security review L3): a BatchGetItem that leaves keys unprocessed (throttling)
says nothing about them, so the request is a 503, never "not revoked". moto never throttles, so the DynamoDB
answer comes from botocore's Stubber, which checks request and response against the service model."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber
from kernel import auth, table
from kernel.errors import ServiceUnavailable

TABLE = "RevokedTokens"
CLAIMS = {"sub": "5b7f4c2e-0d1a-4e8b-9c3f-2a6d8e1f0b47", "jti": "jti-1", "origin_jti": "session-1",
          "iat": 1_700_000_000}
KEYS = [{"id": {"S": "session#session-1"}}, {"id": {"S": f"user#{CLAIMS['sub']}"}}]


@pytest.fixture
def dynamodb(monkeypatch: pytest.MonkeyPatch) -> Stubber:
    real = boto3.client("dynamodb", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(auth, "client", lambda service: real)
    with Stubber(real) as stub:
        yield stub
        stub.assert_no_pending_responses()


def verifier() -> auth.TokenVerifier:
    return auth.TokenVerifier("eu-west-1_pool", "client", TABLE)


def test_unprocessed_revocation_keys_are_a_503(dynamodb: Stubber) -> None:
    request = {"RequestItems": {TABLE: {"Keys": KEYS}}}
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: []},
                                              "UnprocessedKeys": {TABLE: {"Keys": KEYS[1:]}}}, request)
    with pytest.raises(ServiceUnavailable):
        verifier()._revoked(CLAIMS)
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: []}, "UnprocessedKeys": {}}, request)
    assert verifier()._revoked(CLAIMS) is False
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: [{"id": {"S": "session#session-1"}}]}}, request)
    assert verifier()._revoked(CLAIMS) is True


def test_the_identity_providers_keys_are_fetched_within_3_seconds() -> None:
    assert verifier().jwks.timeout == 3  # a function times out at 10 s: a slow JWKS is a 503, not a 504


def _reads() -> table.BatchRead:
    return table.BatchRead(table.ContextTable, [("EVENT#e1", "PROFILE"), ("TT#t1", "TICKETTYPE")])


READ_KEYS = [{"PK": {"S": "EVENT#e1"}, "SK": {"S": "PROFILE"}}, {"PK": {"S": "TT#t1"}, "SK": {"S": "TICKETTYPE"}}]


def test_a_routes_first_read_goes_in_the_revocation_checks_one_call(dynamodb: Stubber) -> None:
    reads = _reads()
    request = {"RequestItems": {TABLE: {"Keys": KEYS}, reads.table: {"Keys": READ_KEYS}}}
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: [], reads.table: [
        {"PK": {"S": "TT#t1"}, "SK": {"S": "TICKETTYPE"}}]}}, request)
    assert verifier()._revoked(CLAIMS, reads) is False
    assert list(reads.found) == [("TT#t1", "TICKETTYPE")]  # the missing one is absent


def test_with_a_read_along_a_revoked_token_is_still_refused_and_unprocessed_keys_still_a_503(
        dynamodb: Stubber) -> None:
    request = {"RequestItems": {TABLE: {"Keys": KEYS}, _reads().table: {"Keys": READ_KEYS}}}
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: [
        {"id": {"S": f"user#{CLAIMS['sub']}"}, "revokedBefore": {"N": str(CLAIMS["iat"])}}]}}, request)
    assert verifier()._revoked(CLAIMS, _reads()) is True
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: []},  # only the route's keys left: fail closed
                                              "UnprocessedKeys": {_reads().table: {"Keys": READ_KEYS[1:]}}}, request)
    with pytest.raises(ServiceUnavailable):
        verifier()._revoked(CLAIMS, _reads())


def test_a_read_of_the_callers_own_item_goes_in_the_one_call_consistently_once_the_caller_is_known(
        dynamodb: Stubber) -> None:
    # GET /notifications/unread-count reads the caller's counters: keyed on the token's subject, read with it
    asked: list[str] = []
    reads = table.BatchRead(table.ContextTable, lambda user_id: asked.append(user_id) or [(f"USER#{user_id}", "C")],
                            consistent=True)
    own = [{"PK": {"S": f"USER#{CLAIMS['sub']}"}, "SK": {"S": "C"}}]
    request = {"RequestItems": {TABLE: {"Keys": KEYS}, reads.table: {"Keys": own, "ConsistentRead": True}}}
    dynamodb.add_response("batch_get_item", {"Responses": {TABLE: [], reads.table: own}}, request)

    assert verifier()._revoked(CLAIMS, reads) is False

    assert asked == [CLAIMS["sub"]] and list(reads.found) == [(f"USER#{CLAIMS['sub']}", "C")]
