from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cloud import FunctionLogs, start_cloud

from embedded_cloud.cloud import EmbeddedCloud

SAMPLE_TEMPLATE = Path(__file__).parent / "sample_app" / "template.yaml"


@pytest.fixture(scope="session")
def sample_template() -> Path:
    return SAMPLE_TEMPLATE


@pytest.fixture(scope="session")
def sample_cloud_with_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedCloud, FunctionLogs]]:
    # Schedules run 60x faster so that the sample's rate(1 minute) fires every second.
    cloud, logs = start_cloud(SAMPLE_TEMPLATE, data_dir=tmp_path_factory.mktemp("sample-data"), schedule_speed=60)
    yield cloud, logs
    cloud.stop()


@pytest.fixture(scope="session")
def sample_cloud(sample_cloud_with_logs: tuple[EmbeddedCloud, FunctionLogs]) -> EmbeddedCloud:
    return sample_cloud_with_logs[0]


@pytest.fixture
def function_logs(sample_cloud_with_logs: tuple[EmbeddedCloud, FunctionLogs]) -> FunctionLogs:
    return sample_cloud_with_logs[1]

