"""Fixtures of the events context's end-to-end tests (helpers live in events_e2e.py)."""

from __future__ import annotations

import pytest
from events_e2e import Events
from support.platform import Platform, User


@pytest.fixture
def events(platform: Platform) -> Events:
    return Events(platform)


@pytest.fixture
def org(events: Events) -> User:
    return events.organization()
