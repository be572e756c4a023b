"""Nothing fails silently: read from every context template, so a new consumer, rule or queue cannot forget it.

- every SQS event source's queue has a dead-letter queue (RedrivePolicy);
- every EventBridge rule target and every schedule has a DeadLetterConfig;
- every asynchronously invoked function (S3 events) has an OnFailure destination;
- every dead-letter queue, failure destination and OutboxFailures queue has a CloudWatch alarm on its depth
  (> 0 messages visible) that tells the optional AlarmTopicArn, which the root template hands every context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from embedded_cloud.template import load_yaml

REPO = Path(__file__).resolve().parents[2]
CONTEXTS = sorted(p for p in (REPO / "infrastructure").glob("*.yaml") if ".asl." not in p.name)


def _resources(path: Path, kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in load_yaml(path)["Resources"].items() if r["Type"] == kind}


def _events(path: Path, event_type: str) -> list[tuple[str, dict[str, Any]]]:
    return [(name, event.get("Properties", {}))
            for name, function in _resources(path, "AWS::Serverless::Function").items()
            for event in function["Properties"].get("Events", {}).values() if event["Type"] == event_type]


def _queue_of(arn: Any) -> str:
    """The logical id of a queue named by `!GetAtt Queue.Arn`."""
    assert isinstance(arn, dict) and "Fn::GetAtt" in arn, arn
    target = arn["Fn::GetAtt"]
    name, attribute = target.split(".") if isinstance(target, str) else target
    assert attribute == "Arn", arn
    return name


def _failure_queues(path: Path) -> set[str]:
    queues = _resources(path, "AWS::SQS::Queue")
    found = {name for name in queues if name.endswith("OutboxFailures")}
    found |= {_queue_of(q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
              for q in queues.values() if "RedrivePolicy" in q.get("Properties", {})}
    for _, props in _events(path, "DynamoDB"):
        found.add(_queue_of(props["DestinationConfig"]["OnFailure"]["Destination"]))
    for function in _resources(path, "AWS::Serverless::Function").values():
        on_failure = function["Properties"].get("EventInvokeConfig", {}).get("DestinationConfig", {}).get("OnFailure")
        if on_failure:
            found.add(_queue_of(on_failure["Destination"]))
    for rule in _resources(path, "AWS::Events::Rule").values():
        found |= {_queue_of(t["DeadLetterConfig"]["Arn"]) for t in rule["Properties"]["Targets"]
                  if "DeadLetterConfig" in t}
    for _, props in _events(path, "Schedule"):
        if "DeadLetterConfig" in props:
            found.add(_queue_of(props["DeadLetterConfig"]["Arn"]))
    return found


@pytest.mark.parametrize("path", CONTEXTS, ids=lambda p: p.stem)
def test_every_consumer_queue_has_a_dead_letter_queue(path: Path) -> None:
    queues = _resources(path, "AWS::SQS::Queue")
    consumed = {_queue_of(props["Queue"]) for _, props in _events(path, "SQS")}
    assert consumed
    for name in consumed:
        policy = queues[name]["Properties"].get("RedrivePolicy")
        assert policy and int(policy["maxReceiveCount"]) >= 1, name


@pytest.mark.parametrize("path", CONTEXTS, ids=lambda p: p.stem)
def test_every_rule_target_and_schedule_has_a_dead_letter_config(path: Path) -> None:
    targets = [(name, t) for name, rule in _resources(path, "AWS::Events::Rule").items()
               for t in rule["Properties"]["Targets"]]
    for name, target in targets:
        assert "DeadLetterConfig" in target, f"{name}: {target['Id']}"
    for name, props in _events(path, "Schedule") + _events(path, "EventBridgeRule"):
        assert "DeadLetterConfig" in props, name


@pytest.mark.parametrize("path", CONTEXTS, ids=lambda p: p.stem)
def test_every_asynchronously_invoked_function_has_an_on_failure_destination(path: Path) -> None:
    functions = _resources(path, "AWS::Serverless::Function")
    for name, _ in _events(path, "S3"):
        config = functions[name]["Properties"].get("EventInvokeConfig", {})
        assert config.get("DestinationConfig", {}).get("OnFailure", {}).get("Type") == "SQS", name


@pytest.mark.parametrize("path", CONTEXTS, ids=lambda p: p.stem)
def test_every_dead_letter_and_failure_queue_has_an_alarm_on_its_depth(path: Path) -> None:
    template = load_yaml(path)
    assert template["Parameters"]["AlarmTopicArn"].get("Default") == ""
    watched: dict[str, dict[str, Any]] = {}
    for name, alarm in _resources(path, "AWS::CloudWatch::Alarm").items():
        props = alarm["Properties"]
        [dimension] = props["Dimensions"]
        assert dimension["Name"] == "QueueName"
        queue, attribute = dimension["Value"]["Fn::GetAtt"]
        assert attribute == "QueueName", name
        watched[queue] = props
    failure_queues = _failure_queues(path)
    assert failure_queues and failure_queues <= set(watched), failure_queues - set(watched)
    for queue in failure_queues:
        props = watched[queue]
        assert (props["Namespace"], props["MetricName"]) == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")
        assert (props["ComparisonOperator"], int(props["Threshold"])) == ("GreaterThanThreshold", 0), queue
        assert props["AlarmActions"] == {"Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}],
                                                    {"Ref": "AWS::NoValue"}]}, queue


def test_the_root_template_hands_its_alarm_topic_to_every_context() -> None:
    root = load_yaml(REPO / "template.yaml")
    assert root["Parameters"]["AlarmTopicArn"]["Default"] == ""
    contexts = [r for r in root["Resources"].values() if r["Type"] == "AWS::Serverless::Application"]
    assert len(contexts) == len(CONTEXTS)
    for context in contexts:
        assert context["Properties"]["Parameters"]["AlarmTopicArn"] == {"Ref": "AlarmTopicArn"}
