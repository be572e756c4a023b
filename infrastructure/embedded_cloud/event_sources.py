"""Event sources that moto stores but never runs: DynamoDB streams and SQS queues polled into functions.

Both behave as Lambda's event source mappings do: batches, FilterCriteria, partial batch responses
(`ReportBatchItemFailures`), retries; for streams bisecting, a retry limit and an on-failure destination; for
queues the queue's own redrive policy moves poison messages to their DLQ. Pollers sleep until moto signals a
new record or message (see moto_fixes.change_signals), with a slow fallback poll for visibility timeouts.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from .deployment import QueueSource, StreamSource
from .moto_fixes import change_signals
from .template import REGION

log = logging.getLogger("eventonight.sources")

Invoke = Callable[[str, bytes], tuple[Any, bool]]  # (function, event) -> (decoded result, errored)
FALLBACK_POLL_SECONDS = 1.0
MAX_RETRY_DELAY = 10.0


def matches_any(patterns: list[dict], record: dict) -> bool:
    """FilterCriteria: EventBridge patterns, with an SQS body that is JSON matched as data."""
    if not patterns:
        return True
    from moto.events.models import EventPattern

    return any(EventPattern.load(json.dumps(p)).matches_event(record) for p in patterns)


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
            try:
                busy = self.poll_once()
            except Exception:  # a poller never dies: the next poll tries again
                log.exception("%s: poll failed", self.name)
                busy = False
            if not busy:
                change_signals.wait(self.signal, FALLBACK_POLL_SECONDS)

    signal = ""

    def poll_once(self) -> bool:
        raise NotImplementedError


class StreamPoller(Poller):
    """One shard reader per (stream, function), in order, one batch at a time, as Lambda does."""

    def __init__(self, source: StreamSource, clients: Any, invoke: Invoke, checkpoints: dict[str, str]) -> None:
        super().__init__(f"stream:{source.function}")
        self.source = source
        self.streams = clients("dynamodbstreams")
        self.sqs = clients("sqs")
        self.invoke = invoke
        self.checkpoints = checkpoints  # key -> last processed sequence number (persisted by the cloud)
        self.key = f"{source.function}|{source.stream_arn}"
        self.signal = f"table:{source.stream_arn.split(':table/')[1].split('/')[0]}"
        self.attempts = 0
        self.batch_limit = source.batch_size  # halved on each error when bisecting, back to full on success
        self._latest_iterator: str | None = None

    def _iterator(self, shard_id: str) -> str:
        # A fresh iterator on every poll: moto's iterators go stale (e.g. when a transaction rolls back).
        position = self.checkpoints.get(self.key)
        request: dict[str, Any] = {"StreamArn": self.source.stream_arn, "ShardId": shard_id}
        if position:
            request.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=position)
        elif self.source.starting_position == "LATEST":
            if self._latest_iterator is None:
                self._latest_iterator = self.streams.get_shard_iterator(
                    **request, ShardIteratorType="LATEST")["ShardIterator"]
            return self._latest_iterator
        else:
            request["ShardIteratorType"] = "TRIM_HORIZON"
        return self.streams.get_shard_iterator(**request)["ShardIterator"]

    def poll_once(self) -> bool:
        shards = self.streams.describe_stream(StreamArn=self.source.stream_arn)["StreamDescription"]["Shards"]
        if not shards:
            return False
        response = self.streams.get_records(ShardIterator=self._iterator(shards[0]["ShardId"]),
                                            Limit=self.batch_limit)
        if not self.checkpoints.get(self.key) and self.source.starting_position == "LATEST":
            self._latest_iterator = response.get("NextShardIterator")
        records = response.get("Records", [])
        if not records:
            return False
        for record in records:  # as Lambda delivers them: plain JSON, the creation time in epoch seconds
            record["eventSourceARN"] = self.source.stream_arn
            created = record["dynamodb"].get("ApproximateCreationDateTime")
            if isinstance(created, datetime):
                record["dynamodb"]["ApproximateCreationDateTime"] = int(created.timestamp())
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

    def __init__(self, source: QueueSource, clients: Any, invoke: Invoke) -> None:
        super().__init__(f"queue:{source.function}")
        self.source = source
        self.sqs = clients("sqs")
        self.invoke = invoke
        self.signal = f"queue:{source.queue_arn.split(':')[-1]}"
        self.slots = threading.BoundedSemaphore(self.CONCURRENT_BATCHES)
        self.pool = ThreadPoolExecutor(self.CONCURRENT_BATCHES, thread_name_prefix=self.name)

    def stop(self) -> None:
        super().stop()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def poll_once(self) -> bool:
        if not self.slots.acquire(timeout=FALLBACK_POLL_SECONDS):
            return True
        messages = self.sqs.receive_message(
            QueueUrl=self.source.queue_url, MaxNumberOfMessages=min(10, self.source.batch_size), WaitTimeSeconds=0,
            AttributeNames=["All"], MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            self.slots.release()
            return False
        try:
            self.pool.submit(self._process, messages)
        except RuntimeError:  # stopping: the messages become visible again after their timeout
            self.slots.release()
            return False
        return True

    def _process(self, messages: list[dict]) -> None:
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
                self.sqs.delete_message_batch(QueueUrl=self.source.queue_url, Entries=[
                    {"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(done)])
        except Exception:
            log.exception("%s: batch failed", self.name)
        finally:
            self.slots.release()

    def _record(self, message: dict) -> dict:
        return {
            "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"], "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": {k: {"stringValue": v.get("StringValue"), "dataType": v["DataType"]}
                                  for k, v in message.get("MessageAttributes", {}).items()},
            "md5OfBody": message.get("MD5OfBody"), "eventSource": "aws:sqs",
            "eventSourceARN": self.source.queue_arn, "awsRegion": REGION,
        }


def _filterable(record: dict) -> dict:
    try:
        return {**record, "body": json.loads(record["body"])}
    except ValueError:
        return record

