from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cloud import FunctionLogs, RunningCloud

SAMPLE_TEMPLATE = Path(__file__).parent / "sample_app" / "template.yaml"


@pytest.fixture(scope="session")
def sample_template() -> Path:
    return SAMPLE_TEMPLATE


@pytest.fixture(scope="session")
def sample_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCloud]:
    # Schedules run 60x faster so that the sample's rate(1 minute) fires every second.
    cloud = RunningCloud(SAMPLE_TEMPLATE, tmp_path_factory.mktemp("sample-data"), "--schedule-speed", "60",
                         fsync=False)
    yield cloud
    cloud.stop()


@pytest.fixture
def function_logs(sample_cloud: RunningCloud) -> FunctionLogs:
    return sample_cloud.logs
