"""A state machine without TimeoutSeconds runs its states on its execution's thread, not on one more of its own.

moto 5.2.5's `Program.eval` starts a thread for the machine's states and joins it, the machine's TimeoutSeconds
as the join's timeout: without one the join waits for the end all the same, so every execution held two threads
(the execution's, blocked in the join, and the program's) and paid a thread start under the moto lock (the
execution starts inside StartExecution's request): ~1 % of the platform's CPU per checkout.

Here a machine without TimeoutSeconds evaluates its states on the execution's thread, as the program's thread
did; one with TimeoutSeconds keeps moto's thread and its timeout. An exception escaping the evaluation is logged
and the execution ends, as when it ended moto's thread.
"""

from __future__ import annotations

import logging
from typing import Any

from moto.stepfunctions.parser.asl.component.eval_component import EvalComponent
from moto.stepfunctions.parser.asl.component.program.program import Program

from .replacements import Replacements

log = logging.getLogger(__name__)


def eval_program(self: Program, env: Any) -> None:
    if self.timeout_seconds:  # moto's test: a TimeoutSeconds given
        return replaced.originals["Program.eval"](self, env)
    env.next_state_name = self.start_at.start_at_name
    try:
        EvalComponent.eval(self, env)  # what moto's thread ran
    except Exception:
        log.exception("a state machine's evaluation failed")
    return None


replaced = Replacements((Program, "eval", eval_program))
install, uninstall = replaced.install, replaced.uninstall
