"""Fixtures of the users context's end-to-end tests: a queue of the test's own on the bus that catches every
event the context publishes, the platform's user pool, and fresh users registered through the public API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.bus import BusTap
from support.platform import Platform
from users_e2e import Pool


@pytest.fixture(scope="session")
def published(platform: Platform) -> Iterator[BusTap]:
    """A queue subscribed to every event of the users context, as a consuming context's would be."""
    with BusTap(platform.cloud, "users") as tap:
        yield tap


@pytest.fixture(scope="session")
def pool(platform: Platform) -> Pool:
    outputs = platform.cloud.deployment.outputs
    return Pool(platform.cloud.client("cognito-idp"), outputs["UserPoolId"], outputs["UserPoolClientId"])
