"""Fixtures for the Lambda runtime's tests: runtimes whose log is captured, shut down after each test.

Each test gets a runtime of its own (its pools, options and log), forking its workers from one zygote the session
shares: a zygote's preload (stripe, boto3, pydantic, powertools, pynamodb; botocore's models) is ~0.85 s of CPU,
a forked worker ~0.03 s, and the zygote keeps no state of a runtime's but its forked children's ends. A test of
the zygote's own life (killed, closed by the runtime's shutdown) asks for `make_runtime(own_zygote=True)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from embedded_cloud.lambda_runtime import LambdaRuntime, start_zygote
from embedded_cloud.lambda_zygote import Zygote
from lambda_runtime_testing import BASE_ENVIRONMENT, CapturedLog


@pytest.fixture(scope="session")
def shared_zygote() -> Iterator[Zygote]:
    zygote = start_zygote(BASE_ENVIRONMENT)
    yield zygote
    zygote.close()


@pytest.fixture
def log() -> CapturedLog:
    return CapturedLog()


@pytest.fixture
def make_runtime(log: CapturedLog, shared_zygote: Zygote) -> Iterator[Callable[..., LambdaRuntime]]:
    runtimes: list[LambdaRuntime] = []

    def make(own_zygote: bool = False, **options: Any) -> LambdaRuntime:
        if not own_zygote and options.get("fork_workers", True):
            options["zygote"] = shared_zygote
        runtimes.append(LambdaRuntime(BASE_ENVIRONMENT, log=log, **options))
        return runtimes[-1]

    yield make
    for runtime in runtimes:
        runtime.shutdown()
    assert shared_zygote.process.poll() is None, "a runtime's shutdown closed the zygote it was given"


@pytest.fixture
def runtime(make_runtime: Callable[..., LambdaRuntime]) -> LambdaRuntime:
    return make_runtime()


@pytest.fixture
def runtime_with_own_zygote(make_runtime: Callable[..., LambdaRuntime]) -> LambdaRuntime:
    """For a test that kills the zygote or proves what the runtime's shutdown does with the one it started."""
    return make_runtime(own_zygote=True)
