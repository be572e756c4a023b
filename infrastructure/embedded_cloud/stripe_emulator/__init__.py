"""A Stripe emulator for the embedded cloud: Checkout Sessions with a hosted page, PaymentIntents, Charges,
Refunds, Events and signed webhooks, in Stripe's wire format so the official `stripe` SDK works against it."""

from .emulator import StripeEmulator
from .threaded import run_in_thread
from .webhook_delivery import signature_header

__all__ = ["StripeEmulator", "run_in_thread", "signature_header"]
