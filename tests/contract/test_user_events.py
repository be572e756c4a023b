"""The users context keeps its event contracts: every user.* envelope it really publishes, caught from the bus
while a member and an organization go through their whole life (register, update, clear, avatar reset,
delete), and every example in events_schema/examples/, validate against events_schema/ with jsonschema
(formats checked), independently of the kernel's own validation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from support.platform import Platform, User
from support.polling import eventually

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "events_schema"
USER_EVENTS = ("user.created", "user.updated", "user.deleted", "user.language.changed")
CHECKED_FORMATS = {"uuid", "date-time", "email"}  # the formats these schemas use that jsonschema can check


def validator(event_type: str) -> Draft202012Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))
        resources += [(path.name, resource), (resource.id() or path.name, resource)]
    schema = json.loads((SCHEMAS / f"{event_type}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=Registry().with_resources(resources),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_formats_of_the_contracts_are_really_checked() -> None:
    assert set(Draft202012Validator.FORMAT_CHECKER.checkers) >= CHECKED_FORMATS


@pytest.mark.parametrize("event_type", USER_EVENTS)
def test_the_example_of_each_user_event_keeps_its_contract(event_type: str) -> None:
    example = json.loads((SCHEMAS / "examples" / f"{event_type}.json").read_text(encoding="utf-8"))
    validator(event_type).validate(example)


def without(field: str) -> Callable[[dict[str, Any]], None]:
    return lambda payload: payload.pop(field)


def with_(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda payload: payload.update({field: value})


@pytest.mark.parametrize(("event_type", "in_envelope", "breakage"), [
    ("user.created", False, without("role")),
    ("user.created", False, with_("email", "ada@example.com")),
    ("user.created", False, with_("avatar", "users/default.png")),
    ("user.created", False, with_("bio", None)),
    ("user.created", False, with_("name", " padded ")),
    ("user.created", False, with_("password", "Secret!123")),
    ("user.updated", False, with_("language", "xx")),
    ("user.updated", False, with_("interests", ["Rock", "Rock"])),
    ("user.updated", False, with_("role", "admin")),
    ("user.deleted", False, with_("id", "5d2c1e7a")),
    ("user.deleted", False, with_("name", "extra")),
    ("user.created", True, with_("eventId", "not-a-uuid")),
    ("user.created", True, with_("occurredAt", "2026-11-22T10:15:00+01:00")),
    ("user.updated", True, with_("producer", "events")),
    ("user.deleted", True, with_("version", 2)),
    ("user.deleted", True, without("occurredAt")),
])
def test_an_envelope_that_breaks_the_contract_is_refused(event_type: str, in_envelope: bool,
                                                         breakage: Callable[[dict[str, Any]], None]) -> None:
    event = json.loads((SCHEMAS / "examples" / f"{event_type}.json").read_text(encoding="utf-8"))
    breakage(event if in_envelope else event["payload"])
    with pytest.raises(ValidationError):
        validator(event_type).validate(event)


def life_of(platform: Platform, user: User) -> None:
    """Everything a user can do that the users context announces."""
    def put(body: dict[str, Any]) -> None:
        response = platform.request("PUT", f"/users/{user.id}", body, user=user)
        assert response.status == 200, response.raw

    account: dict[str, Any] = {"darkMode": True, "language": "fr", "interests": ["live music", "Club"]}
    profile: dict[str, Any] = {"name": "  Élise & Co  ", "bio": "Bonsoir"}
    if user.role == "member":
        account |= {"gender": "female", "birthDate": "1995-06-01"}
    else:
        profile |= {"contacts": ["https://elise.example.org"]}
    put({"account": account, "profile": profile})
    put({"account": {"darkMode": False, "language": "en"}, "profile": {"name": user.username}})
    table = platform.cloud.deployment.function_by_logical_id("ResetAvatarFunction").environment["TABLE_NAME"]
    platform.cloud.client("dynamodb").update_item(  # what an avatar upload (media context) leaves
        TableName=table, Key={"PK": {"S": f"USER#{user.id}"}, "SK": {"S": "PROFILE"}},
        UpdateExpression="SET avatar = :custom",
        ExpressionAttributeValues={":custom": {"S": f"{platform.url}/media/users/{user.id}/avatar.jpg"}})
    assert platform.request("DELETE", f"/users/{user.id}/avatar", user=user).status == 204
    assert platform.request("DELETE", f"/users/{user.id}", user=user).status == 204


@pytest.fixture(scope="module")
def published(platform: Platform) -> list[dict[str, Any]]:
    """Every EventBridge event of the users context about two users while they live their lives, as a queue
    receives it (on the session's platform, where other tests' users live too: theirs are left out)."""
    sqs, bus = platform.cloud.client("sqs"), platform.cloud.client("events")
    name = f"user-events-contract-{uuid.uuid4().hex[:8]}"
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus.put_rule(Name=name, EventBusName="eventonight", EventPattern=json.dumps({"source": ["eventonight.users"]}))
    bus.put_targets(Rule=name, EventBusName="eventonight", Targets=[{"Id": "contract", "Arn": queue_arn}])
    users = [platform.register("member"), platform.register("organization")]
    for user in users:
        life_of(platform, user)

    caught: list[dict[str, Any]] = []
    ids = {user.id for user in users}

    def everything_arrived() -> bool:
        for message in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
            event = json.loads(message["Body"])
            if event.get("detail", {}).get("payload", {}).get("id") in ids:
                caught.append(event)
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        deleted = {e["detail"]["payload"]["id"] for e in caught if e["detail-type"] == "user.deleted"}
        return deleted == ids

    eventually(everything_arrived, what="the user.deleted of both users")
    return caught


def test_every_published_user_event_keeps_its_contract(published: list[dict[str, Any]]) -> None:
    for event in published:
        assert event["source"] == "eventonight.users"
        assert event["detail-type"] == event["detail"]["eventType"]
        validator(event["detail-type"]).validate(event["detail"])


def test_each_user_event_type_was_published_and_every_event_is_unique(published: list[dict[str, Any]]) -> None:
    counts = {event_type: sum(e["detail-type"] == event_type for e in published) for event_type in USER_EVENTS}
    # per user: registered; updated with everything, then cleared, then the avatar reset; deleted. The language
    # went to French and back: two changes each
    assert counts == {"user.created": 2, "user.updated": 6, "user.deleted": 2, "user.language.changed": 4}, counts
    assert len({e["detail"]["eventId"] for e in published}) == len(published)


def test_the_optional_fields_are_sent_when_set_and_left_out_when_cleared(published: list[dict[str, Any]]) -> None:
    updates = [e["detail"]["payload"] for e in published if e["detail-type"] == "user.updated"]
    full = [p for p in updates if "bio" in p]
    assert len(full) == 2 and all(p["interests"] == ["Live Music", "Club"] and p["name"] == "Élise & Co"
                                  and p["language"] == "fr" for p in full)
    cleared = [p for p in updates if "bio" not in p]
    assert len(cleared) == 4 and all("interests" not in p and p["language"] == "en" for p in cleared)
    assert all(None not in p.values() for p in updates)
