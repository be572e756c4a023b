"""Fixtures for the Lambda runtime's tests: runtimes whose log is captured, shut down after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from embedded_cloud.lambda_runtime import LambdaRuntime
from lambda_runtime_testing import BASE_ENVIRONMENT, CapturedLog


@pytest.fixture
def log() -> CapturedLog:
    return CapturedLog()


@pytest.fixture
def make_runtime(log: CapturedLog) -> Iterator[Callable[..., LambdaRuntime]]:
    runtimes: list[LambdaRuntime] = []

    def make(**options: Any) -> LambdaRuntime:
        runtimes.append(LambdaRuntime(BASE_ENVIRONMENT, log=log, **options))
        return runtimes[-1]

    yield make
    for runtime in runtimes:
        runtime.shutdown()


@pytest.fixture
def runtime(make_runtime: Callable[..., LambdaRuntime]) -> LambdaRuntime:
    return make_runtime()
