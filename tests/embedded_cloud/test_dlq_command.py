"""Dead letters on the embedded cloud: an async invocation's OnFailure destination, the template's CloudWatch alarms,
and `eventonight dlq list` / `redrive` putting a dead letter back to work."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually

TABLE = "eventonight-Table"


def dlq(cloud: RunningCloud, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", "dlq", *args, "--data-dir",
                           str(cloud.data_dir)], capture_output=True, text=True, timeout=60)


def item(cloud: RunningCloud, pk: str) -> dict | None:
    return cloud.client("dynamodb").get_item(TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": "-"}}).get("Item")


def cure(cloud: RunningCloud, key: str) -> None:
    cloud.client("dynamodb").put_item(TableName=TABLE, Item={"PK": {"S": f"CURE#{key}"}, "SK": {"S": "-"}})


def messages_of(cloud: RunningCloud, queue: str) -> int:
    sqs = cloud.client("sqs")
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return sum(int(v) for v in counts.values())


class Failing:
    """What fails before the module's first test (pytestmark below), so that the queue's visibility timeouts
    between a message's receives (twice the sample cloud's ConsumerSeconds) and an upload's async retries pass
    while the other tests run."""

    def __init__(self, cloud: RunningCloud) -> None:
        status, _, body = call(cloud.http_url, "POST", "/sample/items", {"name": "cured-later"})
        assert status == 201
        self.item_id: str = json.loads(body)["id"]  # its message fails until cured
        self.bucket: str = cloud.deployment.outputs["UploadsBucket"]
        self.key = f"incoming/fail/{uuid.uuid4()}.txt"  # its upload fails until cured
        cloud.client("s3").put_object(Bucket=self.bucket, Key=self.key, Body=b"x")


@pytest.fixture(scope="module")
def failing(sample_cloud: RunningCloud) -> Failing:
    return Failing(sample_cloud)


pytestmark = pytest.mark.usefixtures("failing")


def test_the_templates_alarm_is_stored_in_cloudwatch(sample_cloud: RunningCloud) -> None:
    alarms = sample_cloud.client("cloudwatch").describe_alarms()["MetricAlarms"]
    alarm = next(a for a in alarms if a["AlarmName"] == "eventonight-ConsumerDeadLettersAlarm")
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": "eventonight-ConsumerDeadLetters"}]
    assert (alarm["MetricName"], alarm["ComparisonOperator"], alarm["Threshold"]) == (
        "ApproximateNumberOfMessagesVisible", "GreaterThanThreshold", 0.0)


def _dead_letter_listed(cloud: RunningCloud, item_id: str) -> str | None:
    """`dlq list` once the dead letter about this item shows there (its message id's line, found via SQS)."""
    sqs = cloud.client("sqs")
    url = sqs.get_queue_url(QueueName="eventonight-ConsumerDeadLetters")["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
    ids = [m["MessageId"] for m in messages if json.loads(m["Body"])["detail"].get("itemId") == item_id]
    if not ids:
        return None
    out = dlq(cloud, "list")
    assert out.returncode == 0, out.stderr
    return out.stdout if all(message_id in out.stdout for message_id in ids) else None


def _failed_upload_queued(cloud: RunningCloud, key: str) -> bool:
    """The OnFailure record of the upload of `key` is in its queue (read through SQS: a `dlq list` is a process)."""
    sqs = cloud.client("sqs")
    url = sqs.get_queue_url(QueueName="eventonight-UploadFailures")["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
    return any(key in m["Body"] for m in messages)


def test_an_upload_failing_its_async_retries_lands_in_the_on_failure_queue_and_is_redriven(
        sample_cloud: RunningCloud, failing: Failing) -> None:
    bucket, key = failing.bucket, failing.key

    eventually(lambda: _failed_upload_queued(sample_cloud, key), timeout=60, interval=0.3,
               what="the failed upload in the OnFailure queue")
    listed = dlq(sample_cloud, "list")
    assert listed.returncode == 0, listed.stderr
    shown = listed.stdout
    line = next(line for line in shown.splitlines() if key in line)
    assert f"RetriesExhausted eventonight-UploadedFunction: s3://{bucket}/{key}" in line
    queue_line = next(line for line in shown.splitlines() if line.startswith("eventonight-UploadFailures "))
    assert "(back to eventonight-UploadedFunction (invoked again))" in queue_line

    cure(sample_cloud, key)
    moved = dlq(sample_cloud, "redrive", "UploadFailures", "--all")
    assert moved.returncode == 0, moved.stderr
    eventually(lambda: sample_cloud.client("dynamodb").get_item(TableName=TABLE, Key={
        "PK": {"S": f"UPLOAD#{key}"}, "SK": {"S": "UPLOAD"}}).get("Item"), timeout=30, what="the upload processed")
    assert messages_of(sample_cloud, "eventonight-UploadFailures") == 0


def test_redrive_refuses_a_queue_without_a_source_and_an_unknown_name(sample_cloud: RunningCloud) -> None:
    no_source = dlq(sample_cloud, "redrive", "BatchTallyFailures")
    assert no_source.returncode == 2
    assert "no source to go back to" in no_source.stderr
    unknown = dlq(sample_cloud, "redrive", "NoSuchQueue")
    assert unknown.returncode == 2 and "names 0 dead-letter queues" in unknown.stderr


def test_dlq_without_a_running_platform_says_so(tmp_path: Path) -> None:
    def dlq_in(data_dir: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", "dlq", "list", "--data-dir",
                               str(data_dir)], capture_output=True, text=True, timeout=60)

    never = dlq_in(tmp_path / "never-started")
    assert never.returncode == 2 and "start it with `eventonight up` first" in never.stderr
    with socket.socket() as unused:  # a port nobody listens on: a platform that was stopped
        unused.bind(("127.0.0.1", 0))
        (tmp_path / "endpoints.json").write_text(json.dumps({"aws": f"http://127.0.0.1:{unused.getsockname()[1]}"}))
        stopped = dlq_in(tmp_path)
    assert stopped.returncode == 2 and "the platform is not running" in stopped.stderr


def test_a_message_failing_past_max_receive_count_is_listed_redriven_and_consumed(sample_cloud: RunningCloud,
                                                                                 failing: Failing) -> None:
    """Last in the module: its message's receives take longer than the upload's retries."""
    item_id = failing.item_id

    def our_line(text: str) -> str:
        return next(line for line in text.splitlines() if line.startswith("eventonight-ConsumerDeadLetters "))

    shown = eventually(lambda: _dead_letter_listed(sample_cloud, item_id), timeout=60, interval=0.5,
                       what="the failing message in `dlq list`")
    assert "(back to eventonight-ConsumerQueue)" in our_line(shown)
    assert any("item.created from sample.items" in line for line in shown.splitlines())
    assert item(sample_cloud, f"CONSUMED#{item_id}") is None

    cure(sample_cloud, item_id)
    moved = dlq(sample_cloud, "redrive", "ConsumerDeadLetters", "--all")
    assert moved.returncode == 0, moved.stderr
    assert "moved back to eventonight-ConsumerQueue" in moved.stdout
    eventually(lambda: item(sample_cloud, f"CONSUMED#{item_id}"), timeout=30, what="the redriven message consumed")
    assert not _dead_letter_listed(sample_cloud, item_id)
