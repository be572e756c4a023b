"""Fixtures of the ticketing end-to-end tests: members whose e-mail address is verified, since buying asks for it
(organizations stay unverified: their events reach ticketing on the bus, `ticketing_e2e.announce_event`; one that
publishes through the events API is registered verified by its test)."""

from __future__ import annotations

from support.verified_users import member, other_member

__all__ = ["member", "other_member"]
