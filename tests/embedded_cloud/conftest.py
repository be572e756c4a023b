from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cloud import FunctionLogs, RunningCloud

SAMPLE_TEMPLATE = Path(__file__).parent / "sample_app" / "template.yaml"
CONSUMER_SECONDS = 5  # the sample consumer does a read and a push per message: ample on a loaded machine


@pytest.fixture(scope="session")
def sample_template() -> Path:
    return SAMPLE_TEMPLATE


@pytest.fixture(scope="session")
def sample_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCloud]:
    # Schedules run 60x faster so that the sample's rate(1 minute) fires every second. A failing message is received
    # again 5 s after its receive, not 10 (the consumer's timeout and its queue's visibility timeout): the poison
    # and cured-later messages of test_event_flow and test_dlq_command waited twice 10 s for their dead-lettering.
    cloud = RunningCloud(SAMPLE_TEMPLATE, tmp_path_factory.mktemp("sample-data"), "--schedule-speed", "60",
                         "--parameter-overrides", f"ConsumerSeconds={CONSUMER_SECONDS}", fsync=False)
    yield cloud
    cloud.stop()


@pytest.fixture
def function_logs(sample_cloud: RunningCloud) -> FunctionLogs:
    return sample_cloud.logs
