"""Fixtures of the media context's end-to-end tests: the media API with its bucket, a queue of the tests' own on
the bus that catches every event the context publishes, and fresh users registered through the public API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from media_e2e import Media
from support.bus import BusTap
from support.platform import Platform


@pytest.fixture(scope="session")
def media(platform: Platform) -> Media:
    return Media(platform, platform.cloud.client("s3"), platform.cloud.deployment.outputs["MediaBucketName"])


@pytest.fixture(scope="session")
def bus(platform: Platform) -> Iterator[BusTap]:
    """A queue subscribed to every event of the media context, as a consuming context's would be."""
    with BusTap(platform.cloud, "media") as tap:
        yield tap
