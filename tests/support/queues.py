"""Waiting on consumers: a function's queue is drained when it holds no message, visible, in flight or delayed."""

from __future__ import annotations

import uuid

from support.platform import Platform
from support.polling import eventually


def queue_of(platform: Platform, function: str) -> str:
    """The URL of the queue a function of the template consumes."""
    name = platform.cloud.function_named(function)
    return next(q for q in platform.cloud.deployment.queue_sources if q.function == name).queue_url


def drained(platform: Platform, *functions: str, timeout: float = 30) -> None:
    """Wait until each function has handled every message of its queue (or failed it for good). Name them
    upstream first: a message a function passes on is on the next queue before it leaves its own, so queues
    found empty in that order, in one look, hold nothing still on its way."""
    sqs = platform.cloud.client("sqs")
    urls = [queue_of(platform, function) for function in functions]

    def empty() -> bool:
        for url in urls:
            counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed"])["Attributes"]
            if any(int(v) for v in counts.values()):
                return False
        return True

    eventually(empty, timeout=timeout, what=f"the queues of {', '.join(functions)} to drain")


def copy_of(envelope: dict) -> dict:
    """The same fact told again under a new eventId (the kernel's per-eventId dedupe does not stop it: only the
    handler's own idempotency does)."""
    return {**envelope, "eventId": str(uuid.uuid4())}
