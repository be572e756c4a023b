"""Notification ids: UUIDv7 (time-ordered, so a user's notifications read newest first by key) whose time is the
domain event's and whose random bits come from (event, recipient): a redelivered event makes the same id."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime


def notification_id(occurred_at: str, source: str, recipient: str) -> str:
    millis = int(datetime.fromisoformat(occurred_at.replace("Z", "+00:00")).timestamp() * 1000)
    rand = int.from_bytes(hashlib.sha256(f"{source}|{recipient}".encode()).digest()[:10], "big")
    value = (millis & (2**48 - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | (rand & (2**62 - 1))
    return str(uuid.UUID(int=value))
