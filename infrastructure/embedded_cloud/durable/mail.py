"""The local mailbox: each message delivered (its record: envelope and MIME) and each deletion, by id. The
snapshot keeps the mailbox in the runtime state (`EmbeddedCloud._runtime_state`)."""

from __future__ import annotations

from typing import Any

from ..mailbox import MAILBOX

_tracking = False
_pending: list[Any] = []


def start_tracking(on: bool) -> None:
    global _tracking
    _pending.clear()
    _tracking = on


def _record(entry: list[Any]) -> None:
    if _tracking:
        _pending.append(entry)


def install() -> None:
    MAILBOX.on_change = _record


def collect(journal: Any) -> list[Any]:
    entries = list(_pending)
    _pending.clear()
    return entries


def apply(entry: list[Any], journal_dir: Any) -> None:
    if entry[0] == "mail.message":
        MAILBOX.restore(entry[1])
    elif entry[0] == "mail.delete":
        MAILBOX.remove(entry[1])
