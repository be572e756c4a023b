"""SQS: each message sent (its body, attributes and ids) and each message deleted, by id.

A queue is looked at when a request sent to, received from (which may move a message to its dead-letter queue),
deleted from or purged it: the messages it holds now are compared with those already journalled. Receipt state
(visibility, receive counts) is not kept: after a crash a message in flight is visible again, as after its
visibility timeout.
"""

from __future__ import annotations

from typing import Any

from moto.sqs.models import Message, Queue, SQSBackend, sqs_backends

_installed = False
_tracking = False
_dirty: dict[int, Queue] = {}
_journalled: dict[int, tuple[Queue, set[str]]] = {}
_FIELDS = ("message_attributes", "sender_id", "sent_timestamp", "deduplication_id", "group_id", "sequence_number",
           "delayed_until")


def start_tracking(on: bool) -> None:
    global _tracking
    _dirty.clear()
    _journalled.clear()
    if on:
        for queue in _queues():
            _journalled[id(queue)] = (queue, {m.id for m in queue._messages})
    _tracking = on


def _queues() -> list[Queue]:
    return [queue for account in sqs_backends.values() for backend in account.values()
            for queue in backend.queues.values()]


def mark(queue: Queue | None) -> None:
    if _tracking and queue is not None:
        _dirty[id(queue)] = queue


def install() -> None:
    global _installed
    if _installed:
        return
    add_message, delete_message = Queue.add_message, Queue.delete_message
    receive_message, purge_queue = SQSBackend.receive_message, SQSBackend.purge_queue

    def add_and_mark(self: Queue, *args: Any, **kwargs: Any) -> None:
        add_message(self, *args, **kwargs)
        mark(self)

    def delete_and_mark(self: Queue, *args: Any, **kwargs: Any) -> None:
        try:
            delete_message(self, *args, **kwargs)
        finally:
            mark(self)

    def receive_and_mark(self: SQSBackend, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return receive_message(self, queue_name, *args, **kwargs)
        finally:
            mark(self.queues.get(queue_name))  # a message past maxReceiveCount went to the dead-letter queue
            if _tracking:
                for queue in _queues():
                    _, known = _journalled.get(id(queue), (queue, set()))
                    if len(queue._messages) != len(known):
                        mark(queue)

    def purge_and_mark(self: SQSBackend, queue_name: str) -> None:
        try:
            purge_queue(self, queue_name)
        finally:
            mark(self.queues.get(queue_name))

    Queue.add_message, Queue.delete_message = add_and_mark, delete_and_mark
    SQSBackend.receive_message, SQSBackend.purge_queue = receive_and_mark, purge_and_mark
    _installed = True


def image(message: Message) -> dict[str, Any]:
    return {"id": message.id, "body": message.body, "system_attributes": message.system_attributes,
            **{name: getattr(message, name) for name in _FIELDS}}


def collect(_journal: Any) -> list[Any]:
    entries: list[Any] = []
    for queue in _dirty.values():
        _, known = _journalled.get(id(queue), (queue, set()))
        now = {m.id: m for m in queue._messages}
        where = [queue.account_id, queue.region, queue.name]
        entries.extend(["sqs.sent", *where, image(message)] for id_, message in now.items() if id_ not in known)
        entries.extend(["sqs.deleted", *where, id_] for id_ in known if id_ not in now)
        _journalled[id(queue)] = (queue, set(now))
    _dirty.clear()
    return entries


def apply(entry: list[Any], _journal_dir: Any) -> None:
    kind, account, region, name, value = entry
    queue = sqs_backends[account][region].queues[name]
    if kind == "sqs.sent":
        if any(m.id == value["id"] for m in queue._messages):
            return
        message = Message(value["id"], value["body"], value["system_attributes"])
        for field in _FIELDS:
            setattr(message, field, value[field])
        queue._messages.append(message)
    else:
        queue._messages = [m for m in queue._messages if m.id != value]
