"""Fixtures: a running Stripe emulator (fake clock, fast retries), a webhook receiver, the official SDK."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import stripe
from embedded_cloud.stripe_emulator import StripeEmulator, run_in_thread
from stripe_emulator_support import API_KEY, WEBHOOK_SECRET, FakeClock, WebhookReceiver


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def emulator_factory(clock: FakeClock) -> Iterator[Callable[..., StripeEmulator]]:
    stops = []

    def start(**kwargs: object) -> StripeEmulator:
        options = {
            "retry_base_delay": 0.02,
            "max_delivery_attempts": 4,
            "clock": clock,
            "expiry_check_interval": 0.02,
            **kwargs,
        }
        emulator, stop = run_in_thread(**options)
        stops.append(stop)
        return emulator

    yield start
    for stop in reversed(stops):
        stop()


@pytest.fixture
def emulator(emulator_factory: Callable[..., StripeEmulator], receiver: WebhookReceiver) -> StripeEmulator:
    return emulator_factory(webhook_endpoints=[(receiver.url, WEBHOOK_SECRET)])


@pytest.fixture
def client(emulator: StripeEmulator) -> stripe.StripeClient:
    return stripe.StripeClient(API_KEY, base_addresses={"api": emulator.url}, max_network_retries=0)
