"""Hourly until done (backfill.py): tickets written before My events and the attendee search get their holder's
entry and their search key; a run stops a minute before its time is up and the next goes on from there. Once
done, a run is one read. Invoked by hand it does the same (`aws lambda invoke`, `eventonight invoke`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from .. import backfill

logger = Logger()
MARGIN_MS = 60_000


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result = backfill.run(lambda: context.get_remaining_time_in_millis() > MARGIN_MS)
    logger.info("backfilled", extra=result)
    return result
