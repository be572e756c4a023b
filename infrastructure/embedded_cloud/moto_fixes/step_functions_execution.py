"""moto's Step Functions executes state machines (ASL) instead of only recording executions.

The switch must be on before a state machine is created; the interpreter calls other services through the
server's port (MOTO_PORT, set by `MotoServer.start`).
"""

from __future__ import annotations


def install() -> None:
    from moto.core.config import default_user_config

    default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
