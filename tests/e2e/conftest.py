"""End-to-end tests run against the platform's own template.yaml on an embedded cloud, through its real HTTP and
WebSocket endpoints: the session's `platform` (tests/conftest.py, one per pytest-xdist worker) unless a module needs
one of its own."""

from __future__ import annotations

import pytest
from support.platform import Platform, User


# A fresh, logged-in user for each test that asks, of the role it names, its e-mail address unverified (as
# registration leaves it): enough to browse, follow, like, chat, sell tickets of an event ticketing heard of.
# A test whose user buys or publishes takes `platform.register(role, verified=True)` (the ticketing and browser
# tests' conftests make their members and organizations so).
@pytest.fixture
def member(platform: Platform) -> User:
    return platform.register("member")


@pytest.fixture
def organization(platform: Platform) -> User:
    return platform.register("organization")


@pytest.fixture
def other_organization(platform: Platform) -> User:
    return platform.register("organization")


@pytest.fixture
def other_member(platform: Platform) -> User:
    return platform.register("member")
