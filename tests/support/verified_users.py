"""Fresh users whose e-mail address is verified, for the modules whose journeys buy or publish (buying and
publishing ask for it). A conftest takes the ones it needs by importing them: `from support.verified_users import
member, other_member`; they stand in for tests/e2e/conftest.py's unverified fixtures of the same names."""

from __future__ import annotations

import pytest

from support.platform import Platform, User


@pytest.fixture
def member(platform: Platform) -> User:
    return platform.register("member", verified=True)


@pytest.fixture
def other_member(platform: Platform) -> User:
    return platform.register("member", verified=True)


@pytest.fixture
def organization(platform: Platform) -> User:
    return platform.register("organization", verified=True)


@pytest.fixture
def other_organization(platform: Platform) -> User:
    return platform.register("organization", verified=True)
