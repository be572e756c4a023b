"""Helpers of the tickets' end-to-end tests (reads, PDFs, the door, refunds): tickets bought through the real
purchase (checkout, the Stripe emulator's hosted page, the webhook), PDFs read back, the ticketing queue
drained, and what the Stripe emulator holds."""

from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request
from typing import Any

import zxingcpp
from pypdf import PdfReader
from support.platform import Platform, Response, User
from support.polling import eventually
from ticketing_e2e import checked_out, order_in, pay


def bought(platform: Platform, buyer: User, ticket_type_id: str, count: int = 1) -> dict[str, Any]:
    """A paid order (COMPLETED, its tickets ACTIVE), bought as a buyer's browser does."""
    started = checked_out(platform, buyer, ticket_type_id, count)
    status, _ = pay(started["redirectUrl"])
    assert status == 303, status
    return order_in(platform, buyer, started["orderId"], "COMPLETED")


def ticket(platform: Platform, holder: User, ticket_id: str) -> dict[str, Any]:
    response = platform.request("GET", f"/ticketing/tickets/{ticket_id}", user=holder)
    assert response.status == 200, response.raw
    return response.json


TONIGHT = 0.1  # days ahead: an event starting in 2.4 hours, whose doors are open now (its tickets on sale still)


def verify(platform: Platform, user: User | None, event_id: str, ticket_id: str) -> Response:
    """A scan at the door of `event_id`."""
    return platform.request("PUT", f"/ticketing/events/{event_id}/tickets/{ticket_id}/verify", user=user)


def pdf_pages(response: Response) -> list[Any]:
    """The pages of a PDF answer (checked to be one)."""
    assert response.status == 200, response.raw[:500]
    assert response.headers["content-type"] == "application/pdf"
    assert response.raw.startswith(b"%PDF-")
    return list(PdfReader(io.BytesIO(response.raw)).pages)


def qr_codes(page: Any) -> list[str]:
    """What the QR codes printed on a page say."""
    return [code.text for image in page.images for code in zxingcpp.read_barcodes(image.image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]


def queue_url(platform: Platform, function: str) -> str:
    """The queue a function of the template consumes."""
    name = platform.cloud.function_named(function)
    return next(q for q in platform.cloud.deployment.queue_sources if q.function == name).queue_url


def queue_drained(platform: Platform, function: str = "TicketingConsumerFunction") -> None:
    """Wait until the function (the ticketing consumer unless told) has taken every message off its queue
    (handled, or failed to the DLQ)."""
    url = queue_url(platform, function)
    sqs = platform.cloud.client("sqs")

    def empty() -> bool:
        counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        return all(int(v) == 0 for v in counts.values())

    eventually(empty, timeout=30, what=f"the queue of {function} to drain")


def stripe_get(platform: Platform, path: str) -> dict[str, Any]:
    """An object of the Stripe emulator, as the Dashboard would show it."""
    request = urllib.request.Request(f"{platform.cloud.stripe_url}/v1/{path}",
                                     headers={"Authorization": "Bearer sk_test_local"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def stripe_post(platform: Platform, path: str, params: dict[str, str]) -> dict[str, Any]:
    """What someone does by hand in Stripe's Dashboard (e.g. a refund), on the Stripe emulator."""
    request = urllib.request.Request(f"{platform.cloud.stripe_url}/v1/{path}",
                                     data=urllib.parse.urlencode(params).encode(), method="POST",
                                     headers={"Authorization": "Bearer sk_test_local"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())
