"""Step Functions executions that were running when the platform stopped or crashed.

moto runs an execution in a thread of the process; a restart restores its record (from the snapshot) but not the
thread, so it would show RUNNING forever and its task token could never end. Such executions are marked ABORTED
at start: their sagas' own compensation takes over (in the purchase saga, the sweeper releases an order still
PENDING after its hold, and a payment that arrives for it is honoured while it is PENDING, refunded once it is
released). Executions started after the last snapshot are not restored at all, which the same compensation covers.
"""

from __future__ import annotations

import logging

from moto.core.utils import utcnow
from moto.stepfunctions.models import stepfunctions_backends

log = logging.getLogger("eventonight.durable")


def abort_interrupted() -> int:
    """Mark every restored RUNNING execution ABORTED; how many there were."""
    aborted = 0
    for account in stepfunctions_backends.values():
        for backend in account.values():
            for machine in backend.state_machines:
                for execution in machine.executions:
                    if execution.status == "RUNNING":
                        execution.status, execution.stop_date = "ABORTED", utcnow()
                        aborted += 1
    if aborted:
        log.warning("%d Step Functions executions were interrupted by the last stop; marked ABORTED (their sagas "
                    "compensate: pending orders are released after their hold)", aborted)
    return aborted
