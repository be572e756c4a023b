"""The notifications API's request bodies (kernel.http.Command: camelCase, unknown fields refused)."""

from __future__ import annotations

from kernel import http
from pydantic import StrictBool

from .domain import NoteType


class ChannelChoice(http.Command):
    in_app: StrictBool
    email: StrictBool


class PreferencesBody(http.Command):
    """The whole grid: the types named are set, every other one goes back to its default."""

    preferences: dict[NoteType, ChannelChoice]
