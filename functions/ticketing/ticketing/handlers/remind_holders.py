"""Hourly: the holders of valid tickets to the events starting in 24 hours' hour get a reminder, once per holder
and start. 'Now' is the schedule's time, so a test (or a missed hour run again) names the hour it stands for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from .. import replicas
from ..domain.events import PUBLISHED
from ..mail import ledger
from ..mail.holders_of import to_holders

logger = Logger()


def _now(event: dict[str, Any]) -> datetime:
    stamp = (event or {}).get("time")
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if stamp else datetime.now(UTC)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    bucket = (_now(event) + timedelta(hours=24)).strftime("%Y-%m-%dT%H")
    reminded = 0  # events whose holders are being reminded (a page at a time, through the announce queue)
    for item in ledger.starting_in(bucket):
        event_id = item.PK.removeprefix("EVENT#")
        known = replicas.event(event_id)
        if known is None or known.status != PUBLISHED:
            continue
        to_holders("reminder", event_id, ledger.whereabouts(item))
        reminded += 1
    logger.info("reminded", extra={"hour": bucket, "reminded": reminded})
    return {"hour": bucket, "reminded": reminded}
