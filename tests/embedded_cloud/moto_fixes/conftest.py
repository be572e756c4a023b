"""A moto server for the moto-fix tests, run once as moto 5.2.5 released it and once with our fixes.

Tests of behaviour take the `moto` fixture and run both ways: they describe what moto does, and show the
fixes keep it. Tests of a defect call `moto.expect_defect()`, which marks the unpatched run as a strict
xfail: the test must fail on moto as released and pass once fixed.
"""

from __future__ import annotations

import importlib
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import boto3
import pytest
from botocore.config import Config

from embedded_cloud.moto_server import MotoServer, backend_lock

ISSUE_8_FIXES = ("dynamodb_query_by_partition", "dynamodb_transaction_rollback", "sqs_send_message_cost")
ACCOUNT = "123456789012"
REGION = "us-east-1"
T = TypeVar("T")


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    server = MotoServer("127.0.0.1", 0)
    server.start()
    yield server
    server.stop()


@dataclass
class MotoMode:
    patched: bool
    request: pytest.FixtureRequest

    def expect_defect(self, reason: str) -> None:
        """On unpatched moto this test shows the defect: it must fail there."""
        if not self.patched:
            self.request.applymarker(pytest.mark.xfail(strict=True, reason=f"moto 5.2.5: {reason}"))


@pytest.fixture(params=[False, True], ids=["moto-5.2.5", "patched"])
def moto(request: pytest.FixtureRequest, moto_server: MotoServer) -> MotoMode:
    with backend_lock():
        for name in ISSUE_8_FIXES:
            fix = importlib.import_module(f"embedded_cloud.moto_fixes.{name}")
            fix.install() if request.param else fix.uninstall()
    return MotoMode(patched=request.param, request=request)


def _client(server: MotoServer, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}, account_id_endpoint_mode="disabled"),
    )


@pytest.fixture(scope="session")
def dynamodb(moto_server: MotoServer) -> Any:
    return _client(moto_server, "dynamodb")


@pytest.fixture(scope="session")
def streams(moto_server: MotoServer) -> Any:
    return _client(moto_server, "dynamodbstreams")


@pytest.fixture(scope="session")
def sqs(moto_server: MotoServer) -> Any:
    return _client(moto_server, "sqs")


@pytest.fixture
def unique_name() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class Backends:
    """moto's in-process state, for what the API cannot show (read it under `backend_lock()`)."""

    @property
    def dynamodb(self) -> Any:
        from moto.dynamodb.models import dynamodb_backends

        return dynamodb_backends[ACCOUNT][REGION]

    @property
    def sqs(self) -> Any:
        from moto.sqs.models import sqs_backends

        return sqs_backends[ACCOUNT][REGION]


@pytest.fixture
def backends() -> Backends:
    return Backends()


def _poll(read: Callable[[], T], until: Callable[[T], bool], deadline_s: float = 10.0) -> T:
    ends = time.monotonic() + deadline_s
    while True:
        result = read()
        if until(result):
            return result
        if time.monotonic() > ends:
            raise AssertionError(f"still {result!r} after {deadline_s} s")
        time.sleep(0.05)


@pytest.fixture
def poll() -> Callable[..., Any]:
    """poll(read, until): call `read` until its result satisfies `until`, or fail at a deadline."""
    return _poll


class CallCounter:
    """Counts calls of a moto method or property getter (the server runs in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        self.count = 0
        original = owner.__dict__[name]
        if isinstance(original, property):
            getter = original.fget

            def counted_get(this: Any) -> Any:
                self.count += 1
                return getter(this)  # type: ignore[misc]

            monkeypatch.setattr(owner, name, property(counted_get))
        else:

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.count += 1
                return original(*args, **kwargs)

            monkeypatch.setattr(owner, name, counted)

    def during(self, action: Callable[[], Any]) -> int:
        """How many calls `action` caused."""
        before = self.count
        action()
        return self.count - before


@pytest.fixture
def count_calls(monkeypatch: pytest.MonkeyPatch) -> Callable[[type, str], CallCounter]:
    """count_calls(Class, "method_or_property") -> CallCounter, removed after the test."""
    return lambda owner, name: CallCounter(monkeypatch, owner, name)
