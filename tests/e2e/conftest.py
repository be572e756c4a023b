"""End-to-end tests run against the platform's own template.yaml on one embedded cloud per test session
(per pytest-xdist worker), through its real HTTP and WebSocket endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cloud import RunningCloud
from support.platform import Platform

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    cloud = RunningCloud(TEMPLATE, tmp_path_factory.mktemp("platform-data"), "--quiet")
    yield Platform(cloud)
    cloud.stop()
