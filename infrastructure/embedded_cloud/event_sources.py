"""Event sources that moto stores but never runs: DynamoDB streams and SQS queues polled into functions.

Both behave as Lambda's event source mappings do: batches, FilterCriteria, partial batch responses
(`ReportBatchItemFailures`), retries; for streams bisecting, a retry limit and an on-failure destination; for
queues the queue's own redrive policy moves poison messages to their DLQ. Pollers sleep until moto signals a
new record or message (see moto_fixes.change_signals) and read, receive and delete what moto holds in this
process, as Lambda's pollers work inside AWS (no API round trip); a queue with messages in flight sleeps until
the first becomes visible again.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from .deployment import QueueSource, StreamSource
from .moto_fixes import change_signals
from .moto_server import backend_lock, changing
from .template import REGION

log = logging.getLogger("eventonight.sources")

Invoke = Callable[[str, bytes], tuple[Any, bool]]  # (function, event) -> (decoded result, errored)
FALLBACK_POLL_SECONDS = 1.0
IDLE_POLL_SECONDS = 30.0  # a stream or an empty queue changes only by what signals; this is a safety net
MAX_RETRY_DELAY = 10.0


def matches_any(patterns: list[dict], record: dict) -> bool:
    """FilterCriteria: EventBridge patterns, with an SQS body that is JSON matched as data. moto's matcher copies
    the whole event through JSON and flattens it; it is handed only the parts the pattern can look at (a stream
    record's item images are most of it), which it matches the same."""
    if not patterns:
        return True
    for raw in patterns:
        pattern, paths = _pattern(json.dumps(raw))
        if pattern.matches_event(_pruned(record, paths, "")):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _pattern(text: str) -> tuple[Any, frozenset[str]]:
    """moto's parsed pattern, and every dotted path its matcher may look up in the flattened event."""
    from moto.events.models import EventPattern

    pattern = EventPattern.load(text)
    return pattern, frozenset(_paths(pattern.get_pattern(), ""))


def _paths(node: Any, prefix: str) -> Iterator[str]:
    """The flat keys moto's `_does_event_match` reads: a dict nests, `$or` tries each alternative at the same
    place, anything else is a leaf."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "$or":
            for alternative in value if isinstance(value, list) else []:
                yield from _paths(alternative, prefix)
            continue
        path = f"{prefix}.{key}" if prefix else key  # as moto joins them
        if isinstance(value, dict):
            yield from _paths(value, path)
        else:
            yield path


def _pruned(node: Any, paths: frozenset[str], prefix: str) -> Any:
    """`node` with only the keys on the way to a path (a path's own value whole), in their order: the flattened
    event then holds every key of `paths` it held before, with the same value (other keys are never read)."""
    if not isinstance(node, dict):
        return node
    kept: dict = {}
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else f"{key}"  # as moto's _flatten_dict joins them
        if path in paths:
            kept[key] = value
        elif any(candidate.startswith(path + ".") for candidate in paths):
            kept[key] = _pruned(value, paths, path)
    return kept


def failed_item_ids(result: Any) -> list[str] | None:
    """The itemIdentifiers of a partial batch response, or None when the response reports none."""
    if isinstance(result, dict) and isinstance(result.get("batchItemFailures"), list):
        return [str(f.get("itemIdentifier")) for f in result["batchItemFailures"]]
    return None


class Poller(threading.Thread):
    def __init__(self, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            seen = change_signals.seen(self.signal)
            try:
                busy = self.poll_once()
            except Exception:  # a poller never dies: the next poll tries again
                log.exception("%s: poll failed", self.name)
                busy, self.idle_seconds = False, FALLBACK_POLL_SECONDS
            if not busy:
                change_signals.wait(self.signal, seen, self.idle_seconds)

    signal = ""
    idle_seconds = FALLBACK_POLL_SECONDS  # how long to sleep, when nothing signals, after a poll found nothing

    def poll_once(self) -> bool:
        raise NotImplementedError


def checkpoint_key(source: StreamSource) -> str:
    return f"{source.function}|{source.stream_arn}"


def streams_read(sources: list[StreamSource], checkpoints: Mapping[str, str]) -> dict[str, int]:
    """Stream ARN -> the last sequence number every poller of the stream has processed; a stream with a poller
    that has no position yet is left out (all of it may still be read)."""
    read: dict[str, int] = {}
    unstarted: set[str] = set()
    for source in sources:
        position = checkpoints.get(checkpoint_key(source))
        if position is None:
            unstarted.add(source.stream_arn)
        else:
            read[source.stream_arn] = min(int(position), read.get(source.stream_arn, int(position)))
    return {arn: position for arn, position in read.items() if arn not in unstarted}


class StreamPoller(Poller):
    """One shard reader per (stream, function), in order, one batch at a time, as Lambda does.

    It reads the table's stream shard in this process, under the server lock, as Lambda's own poller reads a
    stream inside AWS: through moto's HTTP API a poll took three calls (DescribeStream, GetShardIterator,
    GetRecords), ~25 ms of server lock each time with moto's response serialiser and botocore's parser, and every
    write to a table woke each of its pollers (profile of 50 checkouts: 556 polls, 13.8 s of the server lock).
    Records are kept as the wire sends them (a binary attribute stays base64, as Lambda delivers it).
    """

    def __init__(self, source: StreamSource, clients: Any, invoke: Invoke, checkpoints: dict[str, str]) -> None:
        super().__init__(f"stream:{source.function}")
        self.source = source
        self.sqs = clients("sqs")
        self.invoke = invoke
        self.checkpoints = checkpoints  # key -> last processed sequence number (persisted by the cloud)
        self.key = checkpoint_key(source)
        _, _, _, self.region, self.account, resource = source.stream_arn.split(":", 5)
        self.table_name = resource.split("/")[1]
        self.signal = f"table:{self.table_name}"
        self.attempts = 0
        self.batch_limit = source.batch_size  # halved on each error when bisecting, back to full on success
        self._latest: int | None = None  # LATEST without a checkpoint: where the stream ended when we started
        self.idle_seconds = IDLE_POLL_SECONDS  # every appended record signals

    def _records(self) -> list[dict]:
        """Up to `batch_limit` records after the checkpoint, copied where we change them."""
        from moto.dynamodb.models import dynamodb_backends

        with backend_lock():
            table = dynamodb_backends[self.account][self.region].tables.get(self.table_name)
            shard = table.stream_shard if table is not None else None
            if shard is None:
                return []
            position = self.checkpoints.get(self.key)
            if position:
                start = int(position) + 1
            elif self.source.starting_position == "LATEST":
                if self._latest is None:
                    self._latest = shard.starting_sequence_number + len(shard.items)
                start = self._latest
            else:
                start = shard.starting_sequence_number
            records = shard.get(max(start, shard.starting_sequence_number), self.batch_limit)
            return [{**r, "dynamodb": {**r["dynamodb"]}} for r in records]

    def poll_once(self) -> bool:
        records = self._records()
        if not records:
            return False
        for record in records:  # as Lambda delivers them: plain JSON, the creation time in epoch seconds
            record["eventSourceARN"] = self.source.stream_arn
            created = record["dynamodb"].get("ApproximateCreationDateTime")
            if isinstance(created, datetime):  # naive UTC from moto
                utc = created if created.tzinfo else created.replace(tzinfo=UTC)
                record["dynamodb"]["ApproximateCreationDateTime"] = int(utc.timestamp())
        wanted = [r for r in records if matches_any(self.source.filters, r)]
        if wanted and not self._deliver(wanted):
            return True
        self.checkpoints[self.key] = records[-1]["dynamodb"]["SequenceNumber"]
        self.batch_limit = self.source.batch_size
        return True

    def _deliver(self, records: list[dict]) -> bool:
        """True when the whole batch is done (processed, or given up on); False to retry from the checkpoint."""
        event = json.dumps({"Records": records}).encode()
        result, errored = self.invoke(self.source.function, event)
        failed = None if errored or not self.source.report_batch_item_failures else failed_item_ids(result)
        if not errored and not failed:
            self.attempts = 0
            return True
        if failed:  # everything before the first failure is done
            first = next((i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] in failed), 0)
            if first > 0:
                self.checkpoints[self.key] = records[first - 1]["dynamodb"]["SequenceNumber"]
                self.attempts = 0
                return False
        elif self.source.bisect_on_error and len(records) > 1:
            self.batch_limit = len(records) // 2  # the next poll retries the first half alone, down to one record
            return False
        self.attempts += 1
        if 0 <= self.source.maximum_retry_attempts < self.attempts:
            self._send_to_failure_destination(records)
            self.attempts = 0
            return True
        self.stopping.wait(min(MAX_RETRY_DELAY, 0.2 * 2 ** self.attempts))
        return False

    def _send_to_failure_destination(self, records: list[dict]) -> None:
        log.warning("%s: giving up on %d stream records after retries", self.source.function, len(records))
        if not self.source.on_failure_arn:
            return
        info = {"requestContext": {"condition": "RetryAttemptsExhausted", "functionArn": self.source.function,
                                   "approximateInvokeCount": self.attempts},
                "timestamp": datetime.utcnow().isoformat() + "Z",
                "DDBStreamBatchInfo": {"shardId": "shardId-local", "streamArn": self.source.stream_arn,
                                       "batchSize": len(records),
                                       "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                                       "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"]}}
        queue_name = self.source.on_failure_arn.split(":")[-1]
        url = self.sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
        self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(info))


class QueuePoller(Poller):
    """Receives batches and invokes the function with them, several batches at once, as Lambda scales out."""

    CONCURRENT_BATCHES = 4

    def __init__(self, source: QueueSource, invoke: Invoke) -> None:
        super().__init__(f"queue:{source.function}")
        self.source = source
        self.invoke = invoke
        self.signal = f"queue:{source.queue_arn.split(':')[-1]}"
        self.slots = threading.BoundedSemaphore(self.CONCURRENT_BATCHES)
        self.pool = ThreadPoolExecutor(self.CONCURRENT_BATCHES, thread_name_prefix=self.name)

    def stop(self) -> None:
        super().stop()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _ready_in(self) -> float | None:
        """Seconds until a message can be received (0: now), None for an empty queue; read in this process, so an
        idle queue costs no request (a receive through moto's API took ~10 ms of the server lock, every second)."""
        from moto.core.utils import unix_time_millis
        from moto.sqs.models import sqs_backends

        _, _, _, region, account, name = self.source.queue_arn.split(":", 5)
        with backend_lock():
            queue = sqs_backends[account][region].queues.get(name)
            if queue is None:
                return None
            now_ms = unix_time_millis()
            waits = [max(m.visible_at, m.delayed_until) - now_ms for m in queue._messages]
        return max(0.0, min(waits) / 1000) if waits else None

    def poll_once(self) -> bool:
        ready_in = self._ready_in()
        if ready_in is None or ready_in > 0:  # ready later (in flight, delayed): sleep until then or a signal
            self.idle_seconds = min(IDLE_POLL_SECONDS, ready_in + 0.01) if ready_in else IDLE_POLL_SECONDS
            return False
        self.idle_seconds = FALLBACK_POLL_SECONDS  # visible yet not received: a FIFO group in flight
        if not self.slots.acquire(timeout=FALLBACK_POLL_SECONDS):
            return True
        messages = self._receive()
        if not messages:
            self.slots.release()
            return False
        try:
            self.pool.submit(self._process, messages)
        except RuntimeError:  # stopping: the messages become visible again after their timeout
            self.slots.release()
            return False
        return True

    def _receive(self) -> list[Any]:
        """A batch of the queue's visible messages, received as ReceiveMessage receives them (the queue's
        visibility timeout, its redrive policy), in this process: through moto's API, a receive and a delete per
        batch cost the platform a botocore request, an HTTP request and a response each (~15 % of its CPU
        per registration, whose user.created reaches five queues)."""
        from moto.sqs.models import sqs_backends

        _, _, _, region, account, name = self.source.queue_arn.split(":", 5)
        with changing():
            backend = sqs_backends[account][region]
            queue = backend.queues.get(name)
            if queue is None:
                return []
            return backend.receive_message(name, min(10, self.source.batch_size), 0, queue.visibility_timeout,
                                           ["All"])

    def _process(self, messages: list[Any]) -> None:
        try:
            records = [self._record(m) for m in messages]
            wanted = [r for r in records if matches_any(self.source.filters, _filterable(r))]
            done = [r for r in records if r not in wanted]  # filtered out: Lambda deletes them
            if wanted:
                result, errored = self.invoke(self.source.function, json.dumps({"Records": wanted}).encode())
                if not errored:
                    failed = set(failed_item_ids(result) or []) if self.source.report_batch_item_failures else set()
                    done += [r for r in wanted if r["messageId"] not in failed]
            if done:
                self._delete(done)
        except Exception:
            log.exception("%s: batch failed", self.name)
        finally:
            self.slots.release()

    def _delete(self, records: list[dict]) -> None:
        """DeleteMessageBatch's work, in this process (a receipt handle already gone is no error)."""
        from moto.sqs.models import sqs_backends

        _, _, _, region, account, name = self.source.queue_arn.split(":", 5)
        with changing():
            backend = sqs_backends[account][region]
            if name in backend.queues:
                backend.delete_message_batch(name, [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]}
                                                    for i, r in enumerate(records)])

    def _record(self, message: Any) -> dict:
        """The Lambda record of a received moto message: what ReceiveMessage answers with `AttributeNames` and
        `MessageAttributeNames` All, as Lambda passes it on."""
        attributes = {"SenderId": message.sender_id, "SentTimestamp": str(message.sent_timestamp),
                      "ApproximateReceiveCount": str(message.approximate_receive_count),
                      "ApproximateFirstReceiveTimestamp": str(message.approximate_first_receive_timestamp)}
        for name, value in (("MessageDeduplicationId", message.deduplication_id),
                            ("MessageGroupId", message.group_id), ("SequenceNumber", message.sequence_number),
                            ("AWSTraceHeader", (message.system_attributes or {}).get("AWSTraceHeader", {})
                             .get("StringValue"))):
            if value is not None:
                attributes[name] = value
        return {
            "messageId": message.id, "receiptHandle": message.receipt_handle, "body": message.body,
            "attributes": attributes,
            "messageAttributes": {k: {"stringValue": v.get("StringValue"), "dataType": v["DataType"]}
                                  for k, v in message.message_attributes.items()},
            "md5OfBody": message.body_md5, "eventSource": "aws:sqs",
            "eventSourceARN": self.source.queue_arn, "awsRegion": REGION,
        }


def _filterable(record: dict) -> dict:
    try:
        return {**record, "body": json.loads(record["body"])}
    except ValueError:
        return record

