"""Fixtures of the chat tests: the helpers of chat_e2e.py, one per session."""

from __future__ import annotations

import pytest
from chat_e2e import Chat
from support.platform import Platform


@pytest.fixture(scope="session")
def chat(platform: Platform) -> Chat:
    return Chat(platform)
