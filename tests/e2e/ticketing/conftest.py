"""Fixtures of the ticketing end-to-end tests: members whose e-mail address is verified, since buying asks for it
(organizations stay unverified: their events reach ticketing on the bus, `ticketing_e2e.announce_event`; one that
publishes through the events API is registered verified by its test)."""

from __future__ import annotations

import pytest
from support.platform import Platform, User


@pytest.fixture
def member(platform: Platform) -> User:
    return platform.register("member", verified=True)


@pytest.fixture
def other_member(platform: Platform) -> User:
    return platform.register("member", verified=True)
