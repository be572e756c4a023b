"""Schedules that fire: `rate(...)` and `cron(...)` expressions of rules, SAM Schedule events and Scheduler.

moto stores schedules and never fires them. `speed` runs the clock of schedules faster (tests and demos use it
to see a `rate(1 minute)` fire in a second); it changes nothing else.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from croniter import croniter

from .deployment import Schedule
from .template import ACCOUNT_ID, REGION

log = logging.getLogger("eventonight.schedules")

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def next_fire(expression: str, after: float) -> float:
    """The next instant (epoch seconds) at which the expression fires, strictly after `after`."""
    rate = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if rate:
        return after + int(rate.group(1)) * _UNITS[rate.group(2)]
    cron = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if cron:
        fields = cron.group(1).split()
        if len(fields) != 6:
            raise ValueError(f"cron needs six fields: {expression}")
        minute, hour, day, month, weekday, _year = (f.replace("?", "*") for f in fields)
        return croniter(f"{minute} {hour} {day} {month} {weekday}", after).get_next(float)
    raise ValueError(f"not a schedule expression: {expression}")


def scheduled_event(schedule: Schedule) -> bytes:
    if schedule.input and schedule.input != "{}":
        return schedule.input.encode()
    return json.dumps({
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": ACCOUNT_ID, "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{schedule.name}"], "detail": {},
    }).encode()


class Scheduler(threading.Thread):
    def __init__(self, schedules: list[Schedule], deliver: Callable[[str, bytes], None], speed: float = 1.0) -> None:
        super().__init__(name="schedules", daemon=True)
        self.schedules = [s for s in schedules if s.enabled]
        self.deliver = deliver
        self.speed = speed
        self.stopping = threading.Event()
        self.fired: dict[str, int] = {s.name: 0 for s in self.schedules}

    def run(self) -> None:
        start = time.time()
        # Schedule time runs `speed` times faster than the wall clock, from the moment we start.
        def now() -> float:
            return start + (time.time() - start) * self.speed

        due = {s.name: next_fire(s.expression, now()) for s in self.schedules}
        while not self.stopping.is_set() and self.schedules:
            name = min(due, key=due.__getitem__)
            wait = (due[name] - now()) / self.speed
            if wait > 0:
                self.stopping.wait(min(wait, 1.0))
                continue
            schedule = next(s for s in self.schedules if s.name == name)
            log.info("schedule %s fires", name)
            self.fired[name] += 1
            try:
                self.deliver(schedule.target_arn, scheduled_event(schedule))
            except Exception:
                log.exception("schedule %s could not deliver", name)
            due[name] = next_fire(schedule.expression, due[name])

    def stop(self) -> None:
        self.stopping.set()
