"""The modules on the worker's sample cloud are one unit of work (support/schedule.py), so that one pytest-xdist
worker starts the sample cloud, not both."""

from __future__ import annotations

import pytest
from support.schedule import SAMPLE, unit_of


def test_every_module_on_the_sample_cloud_is_in_its_unit(request: pytest.FixtureRequest) -> None:
    on_the_sample_cloud = {item.nodeid.split("::", 1)[0] for item in request.session.items
                           if "sample_cloud" in getattr(item, "fixturenames", ())}
    if len(on_the_sample_cloud) < 2:  # run alone (a path, -k, --lf): there is nothing to compare
        pytest.skip("needs the sample cloud's modules collected beside it")
    assert {module for module in on_the_sample_cloud if unit_of(module) != SAMPLE} == set()
