"""Running the same test on moto as released and on moto with our fixes: the test pins moto's behaviour, and
a test of a defect must fail on the released moto (a strict xfail there)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from embedded_cloud.moto_server import MotoServer, backend_lock


@contextmanager
def running_moto_server() -> Iterator[MotoServer]:
    step_functions_port = os.environ.get("MOTO_PORT")
    server = MotoServer("127.0.0.1", 0)
    server.start()
    if step_functions_port is not None:  # another server of this process runs Step Functions: leave it
        os.environ["MOTO_PORT"] = step_functions_port
    try:
        yield server
    finally:
        server.stop()


def set_fixes(names: Iterable[str], installed: bool) -> None:
    with backend_lock():
        for name in names:
            fix = importlib.import_module(f"embedded_cloud.moto_fixes.{name}")
            fix.install() if installed else fix.uninstall()


@dataclass
class MotoMode:
    patched: bool
    request: pytest.FixtureRequest

    def expect_defect(self, reason: str, raises: type[BaseException] | tuple[type[BaseException], ...]) -> None:
        """On unpatched moto this test shows the defect: it must fail there, and fail with `raises` - the
        assertion that catches the defect (AssertionError, or pytest.fail.Exception for a `pytest.raises` that
        saw nothing) or the error moto answers with (ClientError). Any other failure (a typo, a fixture, a
        changed signature) fails the test instead of passing as the defect."""
        if not self.patched:
            self.request.applymarker(pytest.mark.xfail(strict=True, raises=raises, reason=f"moto 5.2.5: {reason}"))
