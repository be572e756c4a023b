"""Write a sample event for every function of the template, for `eventonight invoke`, like `sam local invoke`.

    python -m embedded_cloud.sample_events           (re)write functions/<context>/sample-events/<LogicalId>.json
    python -m embedded_cloud.sample_events --check   exit 1, naming them, if a sample is missing, stale or left over

Each sample is what the function's trigger delivers: an API Gateway payload 2.0 request for an HTTP route (its body
an example of the route's request model from the context's OpenAPI), an SQS batch of one EventBridge event (the first
event type the consumer's rules subscribe to, from events_schema/examples) or of one work message, a DynamoDB stream
INSERT of an outbox item, a scheduled event, an S3 notification, a WebSocket route request, or a Step Functions
task's input. Authenticated routes carry `Authorization: Bearer <paste an access token>`: as generated they answer
401; put a token from `POST /users/login` there to go further. The files are generated: change this script, not them.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from .template import ACCOUNT_ID, REGION, load_yaml

ROOT = Path(__file__).resolve().parents[2]  # the repository: this package lives in infrastructure/embedded_cloud

SAMPLES_DIR = "sample-events"
CONTEXTS = ("users", "events", "interactions", "chat", "ticketing", "notifications", "media")
EXAMPLES = ROOT / "events_schema" / "examples"
TOKEN_PLACEHOLDER = "Bearer <paste an access token from POST /users/login>"
TIME, EPOCH_MS = "2026-11-22T12:00:00Z", 1795348800000
USER, OTHER_USER = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "3b4c5d6e-7f80-4912-a3b4-c5d6e7f80912"
EVENT, ORDER = "c6a1f0d2-8e4b-4f3a-b5c7-9d0e1f2a3b4c", "order_5d2e7a41-93c8-4b6f-a0d1-7e8f9a0b1c2d"
PATH_VALUES = {"userId": USER, "eventId": EVENT, "organizationId": OTHER_USER, "followedId": OTHER_USER,
               "conversationId": "0f1e2d3c-4b5a-4968-8776-655443322110", "orderId": ORDER,
               "ticketId": "ticket_7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
               "ticketTypeId": "ett_b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e", "category": "EventType",
               "notificationId": "2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081", "promoCode": "SUMMER10",
               "key": f"events/{EVENT}/poster.webp"}
VALUES = {  # by property name: what a client would send (a model's own examples and defaults come first)
    "email": "grace@example.com", "username": "grace_hopper", "password": "correct-Horse-battery-9",
    "currentPassword": "correct-Horse-battery-9", "newPassword": "staple-Battery-horse-7",
    "confirmPassword": "staple-Battery-horse-7", "role": "member", "refreshToken": "<a refresh token from login>",
    "language": "en", "gender": None, "birthDate": "1990-12-10", "interests": ["Jazz"], "contacts": [],
    "bio": "Jazz, vinyl and long nights.", "status": "PUBLISHED", "title": "Jazz on the Roof",
    "description": "An evening of jazz standards under the stars.", "tags": ["Jazz", "Live Music"],
    "date": "2027-07-15T20:00:00", "timezone": "Europe/Rome", "collaboratorIds": [OTHER_USER], "creatorId": USER,
    "country": "Italy", "countryCode": "IT", "state": "Lazio", "province": "RM", "city": "Rome",
    "road": "Via del Corso", "postcode": "00186", "houseNumber": "1", "lat": 41.9028, "lon": 12.4964,
    "link": "https://www.openstreetmap.org/?mlat=41.9028&mlon=12.4964", "followedId": OTHER_USER,
    "recipientId": OTHER_USER, "rating": 5, "comment": "A great night.", "content": "See you at the door at eight!",
    "ticketTypeId": "ett_b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e", "attendeeName": "Ada Lovelace",
    "successUrl": None, "cancelUrl": None, "currency": "EUR", "amount": 2500, "quantity": 100, "maxPerOrder": 4,
    "name": "Terrazza Martini", "userId": USER, "eventId": EVENT, "organizationId": OTHER_USER,
}


# --- the parts of the template a sample needs -------------------------------------------------------------------
def functions() -> list[tuple[str, str, dict, dict]]:
    """(context, logical id, properties, the stack's resources) of every function of the nested stacks."""
    root = load_yaml(ROOT / "template.yaml")
    found = []
    for resource in root["Resources"].values():
        if resource["Type"] not in ("AWS::Serverless::Application", "AWS::CloudFormation::Stack"):
            continue
        path = (ROOT / resource["Properties"]["Location"]).resolve()
        context = path.stem
        resources = load_yaml(path)["Resources"]
        for logical_id, function in resources.items():
            if function["Type"] == "AWS::Serverless::Function":
                found.append((context, logical_id, function.get("Properties", {}), resources))
    return found


def _mentions(value: Any, logical_id: str) -> bool:
    text = json.dumps(value)
    return f'"{logical_id}"' in text or f"{logical_id}." in text or f"{{{logical_id}}}" in text


def _queue_of(source: dict) -> str:
    queue = source["Properties"]["Queue"]
    return queue["Fn::GetAtt"].split(".")[0] if isinstance(queue["Fn::GetAtt"], str) else queue["Fn::GetAtt"][0]


def _subscribed_event(queue: str, resources: dict) -> str | None:
    """The first event type an EventBridge rule of the stack sends to `queue`, or None (a work queue)."""
    for resource in resources.values():
        if resource["Type"] == "AWS::Events::Rule" and _mentions(resource["Properties"].get("Targets"), queue):
            return resource["Properties"]["EventPattern"]["detail-type"][0]
    return None


def _websocket_route(logical_id: str, resources: dict) -> str | None:
    integrations = {name for name, r in resources.items()
                    if r["Type"] == "AWS::ApiGatewayV2::Integration" and _mentions(r["Properties"], logical_id)}
    for resource in resources.values():
        target = json.dumps(resource.get("Properties", {}).get("Target", ""))
        if resource["Type"] == "AWS::ApiGatewayV2::Route" and any(f"${{{i}}}" in target for i in integrations):
            return str(resource["Properties"]["RouteKey"])
    return None


def _cognito_trigger(logical_id: str, resources: dict) -> bool:
    """The function is a user pool's trigger: Cognito may invoke it."""
    return any(r["Type"] == "AWS::Lambda::Permission"
               and r["Properties"].get("Principal") == "cognito-idp.amazonaws.com"
               and _mentions(r["Properties"].get("FunctionName"), logical_id) for r in resources.values())


def cognito_custom_message_event() -> dict:
    return {"version": "1", "triggerSource": "CustomMessage_ForgotPassword", "region": "eu-west-1",
            "userPoolId": "eu-west-1_sample", "userName": "marco",
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "sample-client"},
            "request": {"userAttributes": {"sub": USER, "email": "marco@example.org", "email_verified": "true",
                                           "locale": "it"},
                        "codeParameter": "{####}", "linkParameter": "{##Click Here##}", "usernameParameter": None},
            "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None}}


def _task_input(logical_id: str) -> dict | None:
    """The Payload a state of the purchase saga gives the function, with sample values for its paths."""
    machine = json.loads((ROOT / "infrastructure" / "ticketing-purchase.asl.json").read_text())
    for state in machine["States"].values():
        if f"${{{logical_id}Arn}}" == state.get("Parameters", {}).get("FunctionName"):
            values = {"$.orderId": ORDER, "$$.Task.Token": "AQCEAAAAKgAAAAMAAAAAAAAAAeXampleTaskToken"}
            return {key.removesuffix(".$"): values[path] for key, path in state["Parameters"]["Payload"].items()}
    return None


# --- request bodies from the contexts' OpenAPI documents --------------------------------------------------------
def openapi_documents() -> dict[str, dict]:
    """Each context's OpenAPI document, built from its handlers' models as `GET /<context>/openapi.json` does."""
    sys.path[:0] = [str(ROOT / "layers" / "kernel" / "python"), *(str(ROOT / "functions" / c) for c in CONTEXTS)]
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    importlib.import_module("ticketing.stripe_client").require_configured = lambda *_, **__: None  # no secret
    http = importlib.import_module("kernel.http")
    documents = {}
    for context in CONTEXTS:
        # its handler serves all its lists of routers (`handlers/openapi.py`, or the flat layout's `openapi.py`)
        layered = importlib.util.find_spec(f"{context}.handlers") is not None
        module = importlib.import_module(f"{context}.handlers.openapi" if layered else f"{context}.openapi")
        routers = [r for value in vars(module).values() if isinstance(value, list) for r in value
                   if isinstance(r, http.APIGatewayHttpRouter)]
        app = http.create_app(context, *routers)
        documents[context] = json.loads(app.get_openapi_json_schema(security_schemes=http.security_schemes()))
    return documents


def example(schema: dict, document: dict, name: str = "") -> Any:
    """A plausible value of a JSON schema: its example or default, else one built from its type and bounds."""
    if "$ref" in schema:
        return example(document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], document, name)
    if name in VALUES:
        return VALUES[name]
    for key in ("examples", "example", "const", "default", "enum"):
        if key in schema and schema[key] is not None:
            return schema[key][0] if key in ("examples", "enum") and isinstance(schema[key], list) else schema[key]
    for key in ("anyOf", "oneOf", "allOf"):
        options = [s for s in schema.get(key, []) if s.get("type") != "null"]
        if options:
            return example(options[0], document, name)
    kind = schema.get("type", "object")
    if kind == "object":
        return {prop: example(s, document, prop) for prop, s in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}), document, name.removesuffix("s"))] * max(1, schema.get("minItems", 1))
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1) if kind == "integer" else float(max(schema.get("minimum", 10), 10))
    if kind == "boolean":
        return True
    return _string(schema, name)


def _string(schema: dict, name: str) -> str:
    formats = {"email": "grace@example.com", "date-time": "2027-07-15T20:00:00Z", "date": "2027-07-15",
               "uuid": USER if "user" in name.lower() else EVENT, "uri": "https://eventonight.example/"}
    if schema.get("format") in formats:
        return formats[schema["format"]]
    if name in PATH_VALUES:
        return PATH_VALUES[name]
    value = name or "sample"
    return (value * schema.get("minLength", 1))[: schema.get("maxLength", 200)] if len(value) < schema.get(
        "minLength", 0) else value[: schema.get("maxLength", 200)]


# --- the events -------------------------------------------------------------------------------------------------
def http_event(method: str, path: str, operation: dict | None, document: dict) -> dict:
    raw_path = path
    for name, value in PATH_VALUES.items():
        raw_path = raw_path.replace(f"{{{name}+}}", value).replace(f"{{{name}}}", value.replace("#", "%23"))
    parameters = [p for p in (operation or {}).get("parameters", []) if p["in"] == "query" and p.get("required")]
    query = {p["name"]: str(example(p.get("schema", {}), document, p["name"])) for p in parameters}
    headers = {"accept": "application/json", "user-agent": "eventonight invoke"}
    if operation and operation.get("security"):
        headers["authorization"] = TOKEN_PLACEHOLDER
    event: dict[str, Any] = {
        "version": "2.0", "routeKey": f"{method} {path}", "rawPath": raw_path,
        "rawQueryString": "&".join(f"{k}={v}" for k, v in query.items()), "headers": headers,
        "requestContext": {"accountId": ACCOUNT_ID, "apiId": "local", "domainName": "127.0.0.1",
                           "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1",
                                    "sourceIp": "127.0.0.1", "userAgent": "eventonight invoke"},
                           "requestId": "sample-request", "routeKey": f"{method} {path}", "stage": "$default",
                           "time": "22/Nov/2026:12:00:00 +0000", "timeEpoch": EPOCH_MS},
        "isBase64Encoded": False}
    if query:
        event["queryStringParameters"] = query
    if "{" in path:
        event["pathParameters"] = {n.strip("{}+"): PATH_VALUES.get(n.strip("{}+"), "sample")
                                   for n in path.split("/") if n.startswith("{")}
    body = (operation or {}).get("requestBody", {}).get("content", {}).get("application/json")
    if body:
        headers["content-type"] = "application/json"
        event["body"] = json.dumps(example(body["schema"], document))
    return event


def sqs_event(queue: str, body: dict) -> dict:
    return {"Records": [{
        "messageId": "0d5f8a2c-4b1e-4c3d-9e8f-7a6b5c4d3e2f", "receiptHandle": "sample-receipt-handle",
        "body": json.dumps(body),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(EPOCH_MS),
                       "SenderId": ACCOUNT_ID, "ApproximateFirstReceiveTimestamp": str(EPOCH_MS)},
        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{queue}", "awsRegion": REGION}]}


def eventbridge_event(detail: dict) -> dict:
    return {"version": "0", "id": "2f1e0d9c-8b7a-4655-a443-322110ffeedd", "detail-type": detail["eventType"],
            "source": f"eventonight.{detail['producer']}", "account": ACCOUNT_ID, "time": TIME, "region": REGION,
            "resources": [], "detail": detail}


WORK_MESSAGES = {  # the work queues' messages, as the functions that enqueue them write them
    "RefundQueue": {"kind": "order", "orderId": ORDER},
    "AnnounceQueue": {"eventId": EVENT},
    "DeliveryQueue": {"kind": "one", "to": USER, "frame": {"type": "notification", "data": {"message": "sample"}},
                      "note": None},
}


def stream_event(context: str) -> dict:
    envelope = json.loads((EXAMPLES / "user.created.json").read_text())
    return {"Records": [{
        "eventID": "c81e728d9d4c2f636f067f89cc14862c", "eventName": "INSERT", "eventVersion": "1.1",
        "eventSource": "aws:dynamodb", "awsRegion": REGION,
        "dynamodb": {"ApproximateCreationDateTime": EPOCH_MS // 1000,
                     "Keys": {"PK": {"S": f"OUTBOX#{envelope['eventId']}"}, "SK": {"S": "EVENT"}},
                     "NewImage": {"PK": {"S": f"OUTBOX#{envelope['eventId']}"}, "SK": {"S": "EVENT"},
                                  "envelope": {"S": json.dumps(envelope)}, "expiresAt": {"N": "1795953600"}},
                     "SequenceNumber": "111100000000000000000001", "SizeBytes": 512,
                     "StreamViewType": "NEW_IMAGE"},
        "eventSourceARN": f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{context}/stream/2026-11-22T12:00:00.000"}]}


def schedule_event(logical_id: str) -> dict:
    return {"version": "0", "id": "89d1a02d-5ec7-412e-82f5-13505f849b41", "detail-type": "Scheduled Event",
            "source": "aws.events", "account": ACCOUNT_ID, "time": TIME, "region": REGION,
            "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{logical_id}Schedule"], "detail": {}}


def s3_event(bucket: str) -> dict:
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION, "eventTime": "2026-11-22T12:00:00.000Z",
        "eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "EXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"}, "responseElements": {},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "Uploaded",
               "bucket": {"name": bucket, "ownerIdentity": {"principalId": "EXAMPLE"},
                          "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": f"uploads/avatars/{USER}/sample.png", "size": 1024,
                          "eTag": "0123456789abcdef0123456789abcdef", "sequencer": "0A1B2C3D4E5F678901"}}}]}


def websocket_event(route: str) -> dict:
    kinds = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}
    event: dict[str, Any] = {
        "headers": {"Host": "127.0.0.1"}, "isBase64Encoded": False,
        "requestContext": {"routeKey": route, "eventType": kinds.get(route, "MESSAGE"), "messageId": "sample-message",
                           "connectionId": "c2FtcGxlLWNvbm5lY3Rpb24=", "domainName": "127.0.0.1", "stage": "local",
                           "apiId": "local", "requestId": "sample-request", "connectedAt": EPOCH_MS,
                           "requestTimeEpoch": EPOCH_MS, "identity": {"sourceIp": "127.0.0.1"}}}
    if route == "$connect":
        event["queryStringParameters"] = {"token": "<paste an access token from POST /users/login>"}
    elif route != "$disconnect":
        event["body"] = json.dumps({"action": route})
    return event


def sample(context: str, logical_id: str, properties: dict, resources: dict, documents: dict[str, dict]) -> dict:
    for source in properties.get("Events", {}).values():
        kind, props = source["Type"], source.get("Properties", {})
        if kind == "HttpApi":
            document = documents[context]
            operation = document["paths"].get(props["Path"], {}).get(props["Method"].lower())
            return http_event(props["Method"].upper(), props["Path"], operation, document)
        if kind == "SQS":
            queue = _queue_of(source)
            detail_type = _subscribed_event(queue, resources)
            if detail_type:
                detail = json.loads((EXAMPLES / f"{detail_type}.json").read_text())
                return sqs_event(queue, eventbridge_event(detail))
            return sqs_event(queue, WORK_MESSAGES[queue])
        if kind == "DynamoDB":
            return stream_event(context)
        if kind == "Schedule":
            return schedule_event(logical_id)
        if kind == "S3":
            return s3_event("eventonight-media-local")  # the embedded cloud's stack id ends in "local"
    route = _websocket_route(logical_id, resources)
    if route:
        return websocket_event(route)
    if _cognito_trigger(logical_id, resources):
        return cognito_custom_message_event()
    task = _task_input(logical_id)
    if task is not None:
        return task
    raise SystemExit(f"{context}/{logical_id}: no trigger this script knows; teach it one")


def expected() -> dict[Path, str]:
    documents = openapi_documents()
    return {ROOT / "functions" / context / SAMPLES_DIR / f"{logical_id}.json":
            json.dumps(sample(context, logical_id, properties, resources, documents), indent=2) + "\n"
            for context, logical_id, properties, resources in functions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the samples are up to date")
    args = parser.parse_args(argv)
    wanted = expected()
    present = set((ROOT / "functions").glob(f"*/{SAMPLES_DIR}/*.json"))
    differing = {p for p, text in wanted.items() if not p.exists() or p.read_text() != text}
    stale = sorted(differing | (present - set(wanted)))
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python -m embedded_cloud.sample_events)",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in present - set(wanted):
        path.unlink()
    for path, text in wanted.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    print(f"{len(wanted)} sample events in functions/*/{SAMPLES_DIR}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
