"""Fixtures of the interactions tests: the bus and the world of interactions_world.py, one per session."""

from __future__ import annotations

import pytest
from interactions_world import Bus, World
from support.platform import Platform


@pytest.fixture(scope="session")
def bus(platform: Platform) -> Bus:
    return Bus(platform)


@pytest.fixture(scope="session")
def world(platform: Platform, bus: Bus) -> World:
    return World(platform, bus)
