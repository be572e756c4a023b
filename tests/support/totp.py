"""Authenticator codes as an app computes them, for tests of two-factor sign-in against the platform."""

from __future__ import annotations

import time

import pyotp
from embedded_cloud.moto_fixes.cognito_software_tokens import STEP


def code(secret: str, steps: int = 0) -> str:
    """The code of `secret` this many 30-second steps from now."""
    return pyotp.TOTP(secret).at(time.time() + steps * STEP)


def early_in_a_step(margin: float = 3) -> None:
    """Waits out the last seconds of a step (at most `margin`): a code computed right after is still of its step,
    or the neighbour Cognito takes too, when the platform checks it. A clock, not an event: nothing to await."""
    left = STEP - time.time() % STEP
    if left < margin:
        time.sleep(left)
