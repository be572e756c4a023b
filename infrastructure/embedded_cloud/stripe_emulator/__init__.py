"""A Stripe emulator for the embedded cloud: Checkout Sessions with a hosted page, PaymentIntents, Charges,
Refunds, Events and signed webhooks, in Stripe's wire format so the official `stripe` SDK works against it:

    emulator = StripeEmulator(webhook_endpoints=[("http://127.0.0.1:3000/webhooks/stripe", "whsec_...")])
    await emulator.start()          # 127.0.0.1, ephemeral port; emulator.url tells where
    client = stripe.StripeClient("sk_test_anything", base_addresses={"api": emulator.url})

A session's `url` is its hosted page; paying is a form POST to it (see `hosted_checkout`). `snapshot()` and
`restore()` carry the state across restarts. Mount `app()` at the root of a site: the page and `/v1` are
absolute paths.
"""

from .emulator import StripeEmulator
from .threaded import run_in_thread
from .webhook_delivery import signature_header

__all__ = ["StripeEmulator", "run_in_thread", "signature_header"]
