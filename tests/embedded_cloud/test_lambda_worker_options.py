"""`eventonight up --lambda-max-warm N`: at most N Lambda workers stay alive, the least recently used go first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually

pytestmark = pytest.mark.slow


def reports(up: RunningCloud, function: str) -> list[str]:
    return [line for line in up.logs.lines if re.match(rf"\[{re.escape(function)} \S+\] REPORT RequestId: ", line)]


def test_beyond_max_warm_the_least_recently_used_worker_is_stopped(tmp_path: Path, sample_template: Path) -> None:
    up = RunningCloud(sample_template, tmp_path / "data", "--verbose", "--lambda-max-warm", "1")
    try:
        items = up.function_named("CreateItemFunction")
        assert call(up.http_url, "GET", "/sample/items/missing")[0] == 404
        eventually(lambda: len(reports(up, items)) == 1, what="the first REPORT")

        # another function's worker: the one of CreateItemFunction is now the least recently used, and goes
        assert call(up.http_url, "POST", "/sample/stripe/webhook", {})[0] < 500
        assert call(up.http_url, "GET", "/sample/items/missing")[0] == 404

        first, again = eventually(lambda: reports(up, items) if len(reports(up, items)) == 2 else None,
                                  what="the second REPORT")
        assert "Init Duration: " in first and "Init Duration: " in again  # a cold start both times
    finally:
        up.stop()
