"""SendMessage on a standard queue in constant time, and ReceiveMessage without rebuilding the queue's
attributes for each message it hands out.

moto 5.2.5's `SQSBackend.send_message` reads one setting with `queue.attributes.get(...)`, and
`Queue.attributes` builds every attribute of the queue, among them ApproximateNumberOfMessages,
...Delayed and ...NotVisible: three passes over every queued message, each reading the clock per
message (5.6 ms per send on an empty queue, 39.7 ms with about 2,000 queued). Here the setting is read
from the queue itself; the rest of the function is moto's, unchanged.

`receive_message` checks each message it hands out against the queue's retention period through
`get_queue_attributes(name, ["MessageRetentionPeriod"])`, which builds `Queue.attributes` three times (nine
passes over the queue's messages, each reading the clock): a tenth of the platform's CPU in a domain event's
fan-out to the consuming contexts' queues (benchmarks/bus_fan_out_cost.py). Here the period is read from the
queue itself, the same number `get_queue_attributes` answers with.

FIFO queues keep moto's behaviour and cost: deduplication compares the new message with every message
still in the queue (`Queue.add_message`), which is how moto models the deduplication window.
"""

from __future__ import annotations

import hashlib
import string
from typing import Any

from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random as random
from moto.sqs.exceptions import InvalidParameterValue
from moto.sqs.models import MAXIMUM_MESSAGE_DELAY, Message, Queue, SQSBackend

from .replacements import Replacements


def content_based_deduplication(queue: Queue) -> Any:
    """What `queue.attributes.get("ContentBasedDeduplication")` returns, without counting messages."""
    if not queue.fifo_queue:
        return None
    value = queue.content_based_deduplication  # type: ignore[attr-defined]
    return str(value).lower() if isinstance(value, bool) else value


def send_message(
    self: SQSBackend,
    queue_name: str,
    message_body: str,
    message_attributes: dict[str, Any] | None = None,
    delay_seconds: int | None = None,
    deduplication_id: str | None = None,
    group_id: str | None = None,
    system_attributes: dict[str, Any] | None = None,
    validate_group_id: bool = True,
) -> Message:
    queue = self.get_queue(queue_name)

    self._validate_message(
        queue,
        message_body=message_body,
        delay_seconds=int(delay_seconds or 0),
        deduplication_id=deduplication_id,
        group_id=group_id,
        validate_group_id=validate_group_id,
    )

    delay_seconds = int(delay_seconds) if delay_seconds is not None else queue.delay_seconds  # type: ignore[attr-defined]

    message_id = str(random.uuid4())
    message = Message(message_id, message_body, system_attributes)

    if content_based_deduplication(queue) == "true":
        sha256 = hashlib.sha256()
        sha256.update(message_body.encode("utf-8"))
        message.deduplication_id = sha256.hexdigest()

    if deduplication_id is not None:
        message.deduplication_id = deduplication_id
        message.sequence_number = "".join(random.choice(string.digits) for _ in range(20))

    if group_id is not None:
        message.group_id = group_id

    if message_attributes:
        message.message_attributes = message_attributes

    if delay_seconds > MAXIMUM_MESSAGE_DELAY:
        raise InvalidParameterValue(
            f"Value {delay_seconds} for parameter DelaySeconds is invalid. "
            "Reason: DelaySeconds must be >= 0 and <= 900."
        )

    message.mark_sent(delay_seconds=delay_seconds)
    queue.add_message(message)
    return message


def is_message_valid_based_on_retention_period(self: SQSBackend, queue_name: str, message: Message) -> bool:
    """moto 5.2.5's check, with the period read from the queue (an int, as the attribute holds it)."""
    retention_period = self.get_queue(queue_name).message_retention_period  # type: ignore[attr-defined]
    return retention_period + message.sent_timestamp / 1000 > unix_time()  # type: ignore[operator]


replaced = Replacements((SQSBackend, "send_message", send_message),
                        (SQSBackend, "is_message_valid_based_on_retention_period",
                         is_message_valid_based_on_retention_period))
install, uninstall = replaced.install, replaced.uninstall
