"""`eventonight dlq`: the dead-letter queues of the running platform, and moving their messages back.

    eventonight dlq list                     every dead-letter queue, its message count and a line per message
    eventonight dlq redrive <queue> [--all]  one message (or all) back to where it failed

A dead-letter queue is any queue that another queue's RedrivePolicy names, that a CloudWatch alarm watches (the
template puts one on every dead-letter and outbox-failure queue), or that a function's OnFailure destination
names. Redrive sends a message back to its source queue (moto has no StartMessageMoveTask: receive, send,
delete), or, for an asynchronous invocation's OnFailure record, invokes the function again with the original
event. A stream's failure record (OutboxFailures) only says which records failed: it cannot be replayed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .deployment import Deployment

LIST_VISIBILITY_SECONDS = 30  # messages read for the listing are hidden meanwhile, then released at once
SUMMARY_LENGTH = 160


class NotRunning(Exception):
    pass


@dataclass
class DeadLetterQueue:
    name: str
    url: str
    sources: list[str] = field(default_factory=list)  # queue URLs whose RedrivePolicy names this one
    failed_function: str | None = None  # the function whose asynchronous failures land here


def register(commands: Any, default_data_dir: Path) -> None:
    """Add `dlq list` and `dlq redrive` to the CLI's subcommands."""
    dlq = commands.add_parser("dlq", help="list the dead-letter queues of the running platform, redrive them")
    actions = dlq.add_subparsers(dest="dlq_command", required=True)
    listing = actions.add_parser("list", help="every dead-letter queue with its messages")
    listing.add_argument("--data-dir", type=Path, default=default_data_dir)
    redrive = actions.add_parser("redrive", help="move a dead-letter queue's messages back to their source")
    redrive.add_argument("queue", help="the queue's name, or a part of it that names one queue")
    redrive.add_argument("--all", action="store_true", help="every message (default: one)")
    redrive.add_argument("--data-dir", type=Path, default=default_data_dir)


def run(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        clients = _Clients(_aws_url(args.data_dir))
        queues = dead_letter_queues(clients, _deployment(args.data_dir))
        if args.dlq_command == "list":
            print(listing(clients, queues))
            return 0
        return redrive(clients, queues, args.queue, args.all)
    except NotRunning as error:
        print(error, file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"the platform's AWS endpoint failed: {error}", file=sys.stderr)
        return 1


# --- finding the platform and its dead-letter queues ---------------------------------------------------------

def _aws_url(data_dir: Path) -> str:
    endpoints = data_dir / "endpoints.json"
    if not endpoints.exists():
        raise NotRunning(f"no platform in {data_dir}: start it with `eventonight up` first")
    return json.loads(endpoints.read_text())["aws"]


def _deployment(data_dir: Path) -> Deployment | None:
    path = data_dir / "deployment.json"
    return Deployment.load(path) if path.exists() else None


class _Clients:
    def __init__(self, aws_url: str) -> None:
        self.aws_url = aws_url
        self._made: dict[str, Any] = {}

    def __call__(self, service: str) -> Any:
        if service not in self._made:
            import boto3
            from botocore.config import Config

            self._made[service] = boto3.client(
                service, endpoint_url=self.aws_url, region_name="us-east-1", aws_access_key_id="test",
                aws_secret_access_key="test", config=Config(connect_timeout=3, retries={"max_attempts": 1}))
        return self._made[service]


def dead_letter_queues(clients: Any, deployment: Deployment | None) -> list[DeadLetterQueue]:
    from botocore.exceptions import BotoCoreError

    sqs = clients("sqs")
    try:
        urls = sqs.list_queues(MaxResults=1000).get("QueueUrls", [])
    except BotoCoreError as error:
        raise NotRunning(f"the platform is not running ({error}): start it with `eventonight up`") from error
    by_name = {url.rsplit("/", 1)[-1]: url for url in urls}
    found: dict[str, DeadLetterQueue] = {}

    def queue(name: str) -> DeadLetterQueue | None:
        if name not in by_name:
            return None
        return found.setdefault(name, DeadLetterQueue(name, by_name[name]))

    for url in urls:
        policy = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"]).get(
            "Attributes", {}).get("RedrivePolicy")
        if policy and (dlq := queue(json.loads(policy)["deadLetterTargetArn"].split(":")[-1])):
            dlq.sources.append(url)
    for page in clients("cloudwatch").get_paginator("describe_alarms").paginate():
        for alarm in page.get("MetricAlarms", []):
            if alarm.get("Namespace") == "AWS/SQS":
                for dimension in alarm.get("Dimensions", []):
                    if dimension["Name"] == "QueueName":
                        queue(dimension["Value"])
    for function in (deployment.functions.values() if deployment else []):
        if function.on_failure_arn and (dlq := queue(function.on_failure_arn.split(":")[-1])):
            dlq.failed_function = function.name
    for source in (deployment.stream_sources if deployment else []):
        if source.on_failure_arn:
            queue(source.on_failure_arn.split(":")[-1])
    return sorted(found.values(), key=lambda q: q.name)


# --- list ------------------------------------------------------------------------------------------------------

def _count(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return sum(int(value) for value in attributes.values())


def _peek(sqs: Any, url: str, limit: int = 100) -> list[dict[str, Any]]:
    """Up to `limit` messages, left in the queue: read hidden, then made visible again."""
    seen: dict[str, dict[str, Any]] = {}
    while len(seen) < limit:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                       VisibilityTimeout=LIST_VISIBILITY_SECONDS,
                                       AttributeNames=["All"]).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update((m["MessageId"], m) for m in fresh)
    for message in seen.values():
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    return list(seen.values())


def summary(body: str) -> str:
    """One line about a dead letter: which event, which failure."""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:SUMMARY_LENGTH]
    if not isinstance(data, dict):
        return body[:SUMMARY_LENGTH]
    if "detail-type" in data:  # an EventBridge event (a consumer queue's, or a rule target's dead letter)
        detail = data.get("detail") if isinstance(data.get("detail"), dict) else {}
        text = f"{data['detail-type']} from {data.get('source')} eventId={detail.get('eventId', data.get('id'))}"
    elif "requestContext" in data and "requestPayload" in data:  # an asynchronous invocation's OnFailure record
        context = data["requestContext"]
        function = str(context.get("functionArn", "")).split(":function:")[-1].split(":")[0]
        text = (f"{context.get('condition')} {function}: "
                f"{_payload_summary(data['requestPayload'])}")
    elif "DDBStreamBatchInfo" in data:
        info = data["DDBStreamBatchInfo"]
        text = (f"stream records {info.get('startSequenceNumber')}..{info.get('endSequenceNumber')} "
                f"({info.get('batchSize')}) after {data.get('requestContext', {}).get('condition')}")
    elif data.get("condition") == "SchemaInvalid":
        text = f"SchemaInvalid outbox item {data.get('sequenceNumber')}: {data.get('error', '')}"
    else:  # a work message of our own queues (refunds, deliveries)
        text = " ".join(f"{k}={v}" for k, v in data.items() if isinstance(v, str | int) and v is not None)
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH - 1] + "…"


def _payload_summary(payload: Any) -> str:
    records = payload.get("Records") if isinstance(payload, dict) else None
    if records and isinstance(records[0], dict) and "s3" in records[0]:
        from urllib.parse import unquote_plus

        return ", ".join(f"s3://{r['s3']['bucket']['name']}/{unquote_plus(r['s3']['object']['key'])}" for r in records)
    return json.dumps(payload)[:SUMMARY_LENGTH]


def listing(clients: Any, queues: list[DeadLetterQueue]) -> str:
    sqs = clients("sqs")
    lines = []
    for queue in queues:
        count = _count(sqs, queue.url)
        target = (f"back to {', '.join(u.rsplit('/', 1)[-1] for u in queue.sources)}" if queue.sources
                  else f"back to {queue.failed_function} (invoked again)" if queue.failed_function
                  else "no redrive")
        lines.append(f"{queue.name}  {count} message{'' if count == 1 else 's'}  ({target})")
        if count:
            for message in sorted(_peek(sqs, queue.url), key=lambda m: int(m["Attributes"].get("SentTimestamp", 0))):
                lines.append(f"    {message['MessageId']}  {summary(message['Body'])}")
    return "\n".join(lines) if lines else "no dead-letter queues (is the platform deployed?)"


# --- redrive ---------------------------------------------------------------------------------------------------

def _named(queues: list[DeadLetterQueue], wanted: str) -> DeadLetterQueue:
    exact = [q for q in queues if wanted in (q.name, q.url)]
    matches = exact or [q for q in queues if wanted in q.name]
    if len(matches) != 1:
        names = "\n  ".join(q.name for q in (matches or queues))
        which = "say which one" if matches else "the platform has"
        raise NotRunning(f"{wanted!r} names {len(matches)} dead-letter queues; {which}:\n  {names}")
    return matches[0]


def redrive(clients: Any, queues: list[DeadLetterQueue], wanted: str, everything: bool) -> int:
    queue = _named(queues, wanted)
    if len(queue.sources) > 1 or not (queue.sources or queue.failed_function):
        why = "several queues send their dead letters there" if queue.sources else "it has no source to go back to"
        print(f"{queue.name}: cannot redrive, {why}; `eventonight dlq list` shows what it holds", file=sys.stderr)
        return 2
    sqs = clients("sqs")
    moved = 0
    while everything or moved == 0:
        messages = sqs.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10 if everything else 1,
                                       WaitTimeSeconds=0, VisibilityTimeout=LIST_VISIBILITY_SECONDS,
                                       MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            break
        for message in messages:
            _send_back(clients, queue, message)
            sqs.delete_message(QueueUrl=queue.url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    where = queue.sources[0].rsplit("/", 1)[-1] if queue.sources else queue.failed_function
    print(f"{queue.name}: {moved} message{'' if moved == 1 else 's'} moved back to {where}")
    return 0


def _send_back(clients: Any, queue: DeadLetterQueue, message: dict[str, Any]) -> None:
    if queue.sources:
        request: dict[str, Any] = {"QueueUrl": queue.sources[0], "MessageBody": message["Body"]}
        if message.get("MessageAttributes"):
            request["MessageAttributes"] = message["MessageAttributes"]
        clients("sqs").send_message(**request)
        return
    record = json.loads(message["Body"])  # an OnFailure record: the event goes to the function again, async
    clients("lambda").invoke(FunctionName=queue.failed_function, InvocationType="Event",
                             Payload=json.dumps(record["requestPayload"]).encode())
