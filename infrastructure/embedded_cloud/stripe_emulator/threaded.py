"""Run a `StripeEmulator` on its own event loop in a daemon thread, for tests and tools without a loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from .emulator import StripeEmulator

_START_TIMEOUT = 30.0


def run_in_thread(
    *, host: str = "127.0.0.1", port: int = 0, **kwargs
) -> tuple[StripeEmulator, Callable[[], None]]:
    """Start an emulator (constructor arguments in `kwargs`) and return it with a function that stops it."""
    loop = asyncio.new_event_loop()
    emulator = StripeEmulator(**kwargs)
    thread = threading.Thread(target=loop.run_forever, name="stripe-emulator", daemon=True)
    thread.start()

    def end_loop() -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_START_TIMEOUT)
        loop.close()

    try:
        asyncio.run_coroutine_threadsafe(emulator.start(host, port), loop).result(_START_TIMEOUT)
    except BaseException:
        end_loop()
        raise

    def stop() -> None:
        try:
            asyncio.run_coroutine_threadsafe(emulator.stop(), loop).result(_START_TIMEOUT)
        finally:
            end_loop()

    return emulator, stop
