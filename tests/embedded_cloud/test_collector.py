"""Once the platform has started, the collector no longer walks what start-up built, and collects less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from embedded_cloud import collector


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_start_up_objects_are_frozen_and_thresholds_raised(restored_collector) -> None:
    built_at_start = [{"item": n} for n in range(1000)]  # what a deployment leaves behind, in small
    gc.unfreeze()

    collector.settle_after_start()

    assert gc.get_freeze_count() >= len(built_at_start)
    walked = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not any(id(o) in walked for o in built_at_start)
    assert gc.get_threshold() == collector.THRESHOLDS
