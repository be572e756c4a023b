"""Scheduled: every PUBLISHED event whose end has passed becomes COMPLETED, with `event.completed` once,
whether or not anyone reads it (the reference did it lazily on read, §12 item 7).

The candidates are one Query on ByDate (SEL=PUBLISHED, DATEKEY - the start - up to now), never a scan: every
event that has ended has started; those still on are left for a later run. Each completes in its own
transaction, conditioned on the version it was read at, so a concurrent change or a second sweep cannot complete
it twice. "Now" is the schedule's `time` (EventBridge's instant of the run), so a run says which minute it sweeps
and a test can invoke a run of a later minute instead of waiting for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from kernel.unit_of_work import Stale

from .. import payloads, store
from ..domain import PUBLISHED, complete, utc

logger = Logger()
BATCH = 100


def _run_time(event: dict[str, Any]) -> datetime:
    try:
        return datetime.strptime(str(event["time"]), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (KeyError, TypeError, ValueError):
        return datetime.now(UTC)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    now = _run_time(event)
    due = store.EventItem.by_date.query(PUBLISHED, store.EventItem.DATEKEY <= f"{utc(now)}#~", page_size=BATCH)  # noqa: SIM300
    completed = 0
    for item in due:
        if context and context.get_remaining_time_in_millis() < 2000:
            break  # the next run goes on
        current = store.get(item.eventId)
        transition = complete(current, now) if current is not None else None
        if transition is None:
            continue
        try:
            store.save(transition.after, current, payloads.messages(transition))
            completed += 1
        except Stale:
            logger.info("changed while completing; the next run looks again", extra={"eventId": item.eventId})
    if completed:
        logger.info("completed events", extra={"count": completed})
    return {"completed": completed}
