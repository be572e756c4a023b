"""Durable writes: every change moto makes to the data we keep is recorded as a value in the journal.

Each service module tracks what a request changed (`mark`, from hooks where moto's write completes) and, at the
end of the request, still under the moto lock, `collect`s the current images of what changed: DynamoDB items and
stream records, SQS messages sent and deleted, Cognito users, S3 objects (as files), the local mailbox's messages,
Step Functions executions in flight (where they wait: `stepfunctions`).
`commit` writes them to the journal as one line; the response leaves after `sync` (see `moto_server`). Values, not
requests: replaying a request would mint new ids (a user's `sub`, a message id); an image restores the very same
object.
On start, `apply` puts the journal's images back on top of the last snapshot, in order.
"""

from __future__ import annotations

import logging
from typing import Any

from ..journal import Journal
from . import cognito, dynamodb, mail, s3, sqs, stepfunctions

log = logging.getLogger("eventonight.durable")

SERVICES = {"ddb": dynamodb, "sqs": sqs, "cognito": cognito, "s3": s3, "mail": mail, "sfn": stepfunctions}
_journal: Journal | None = None


def attach(journal: Journal | None) -> None:
    """Start (or, with None, stop) recording; what exists now counts as recorded (it is in a snapshot or was
    replayed from the journal)."""
    global _journal
    for service in SERVICES.values():
        service.install()
        service.start_tracking(journal is not None)
    stepfunctions.use_journal(journal)  # its interpreter's threads write outside requests
    _journal = journal


def commit() -> int | None:
    """Journal what the request changed (the caller holds the moto lock); the ticket to `sync`, if anything."""
    if _journal is None:
        return None
    entries: list[Any] = []
    for service in SERVICES.values():
        try:
            entries.extend(service.collect(_journal))
        except Exception:  # never fail the request that made the change; say loudly what was not journalled
            log.exception("could not journal the changes to %s", service.__name__)
    return _journal.append(entries) if entries else None


def sync(ticket: int | None) -> None:
    if ticket is not None and _journal is not None:
        _journal.sync(ticket)


def apply(entry: list[Any], journal_dir: Any) -> bool:
    """Put one journal entry back into moto; False for an entry of another part (Stripe, checkpoints)."""
    service = SERVICES.get(entry[0].split(".", 1)[0])
    if service is None:
        return False
    try:
        service.apply(entry, journal_dir)
    except Exception:  # one bad entry (a table the template no longer has) must not lose all the others
        log.exception("could not restore journal entry %s", entry[:4])
    return True
