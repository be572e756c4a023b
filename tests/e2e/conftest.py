"""End-to-end tests run against the platform's own template.yaml on one embedded cloud per test session
(per pytest-xdist worker), through its real HTTP and WebSocket endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cloud import RunningCloud
from support.platform import Platform, User

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
_clouds: list[RunningCloud] = []


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    cloud = RunningCloud(TEMPLATE, tmp_path_factory.mktemp("platform-data"))
    _clouds.append(cloud)
    yield Platform(cloud)
    cloud.stop()


# A fresh, logged-in user for each test that asks, of the role it names.
@pytest.fixture
def member(platform: Platform) -> User:
    return platform.register("member")


@pytest.fixture
def organization(platform: Platform) -> User:
    return platform.register("organization")


@pytest.fixture
def other_organization(platform: Platform) -> User:
    return platform.register("organization")


@pytest.fixture
def other_member(platform: Platform) -> User:
    return platform.register("member")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed test shows what the functions said that went wrong (errors, timeouts, crashes) meanwhile."""
    report = yield
    if report.failed and _clouds:
        trouble = [line for line in _clouds[-1].logs.lines[-3000:]
                   if any(word in line for word in ("[ERROR]", "Task timed out", "Runtime.", "Traceback"))]
        if trouble:
            report.sections.append(("embedded cloud: function errors (latest 40)", "\n".join(trouble[-40:])))
    return report
