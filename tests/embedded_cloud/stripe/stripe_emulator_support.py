"""Helpers for the Stripe emulator tests: polling, a fake clock, a webhook receiver, platform-like calls."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

API_KEY = "sk_test_emulator_tests_0000"
WEBHOOK_SECRET = "whsec_test_secret_for_the_receiver"


def wait_for(condition: Callable[[], object], timeout: float = 10.0, message: str = "condition") -> object:
    """Poll until `condition()` is truthy and return its value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.01)


class FakeClock:
    """The emulator's notion of now; tests move it forward instead of waiting."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class WebhookReceiver:
    """A real HTTP server recording every delivery; it can answer 500 to the first N or hold requests."""

    def __init__(self) -> None:
        self.deliveries: list[dict] = []  # {"body": str, "signature": str | None, "status": int}
        self.failures_left = 0
        self.gate = threading.Event()
        self.gate.set()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.gate.wait(30)
                with receiver._lock:
                    status = 500 if receiver.failures_left > 0 else 200
                    receiver.failures_left = max(receiver.failures_left - 1, 0)
                    receiver.deliveries.append(
                        {
                            "body": body,
                            "signature": self.headers.get("Stripe-Signature"),
                            "status": status,
                            "content_type": self.headers.get("Content-Type"),
                        }
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/stripe/webhook"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def accepted(self, event_type: str | None = None) -> list[dict]:
        """Events delivered with a 2xx answer, parsed, optionally of one type."""
        with self._lock:
            bodies = [d["body"] for d in self.deliveries if d["status"] == 200]
        events = [json.loads(body) for body in bodies]
        return [e for e in events if event_type is None or e["type"] == event_type]

    def wait_for_event(self, event_type: str, object_id: str | None = None) -> dict:
        def find() -> dict | None:
            for event in self.accepted(event_type):
                if object_id is None or event["data"]["object"]["id"] == object_id:
                    return event
            return None

        return wait_for(find, message=f"webhook {event_type}")  # type: ignore[return-value]

    def delivery_of(self, event_id: str) -> dict:
        with self._lock:
            return next(
                d for d in self.deliveries if d["status"] == 200 and json.loads(d["body"])["id"] == event_id
            )

    def close(self) -> None:
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()


def session_params(**overrides: object) -> dict:
    """What the platform sends: one ticket type, the order id in metadata, its own success/cancel URLs."""
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 1500,
                    "product_data": {"name": "Standard ticket"},
                },
                "quantity": 2,
            },
            {
                "price_data": {"currency": "eur", "unit_amount": 500, "product_data": {"name": "Cloakroom"}},
                "quantity": 1,
            },
        ],
        "metadata": {"orderId": "order_7f3c"},
        "client_reference_id": "order_7f3c",
        "customer_email": "ada@example.com",
        "success_url": "http://127.0.0.1:5173/orders/order_7f3c?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:5173/orders/order_7f3c/cancelled",
        "payment_intent_data": {"metadata": {"orderId": "order_7f3c"}},
    }
    params.update(overrides)
    return params


def pay(session_url: str, card_number: str, **fields: str) -> requests.Response:
    """Submit the hosted checkout form, as the buyer's browser does."""
    return requests.post(
        session_url, data={"card_number": card_number, **fields}, allow_redirects=False, timeout=10
    )


def auth(key: str = API_KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
