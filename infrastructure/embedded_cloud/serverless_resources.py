"""Creators for SAM's serverless resources: functions (and their event sources), layers, HTTP APIs, state machines."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from .aws_resources import arn, put_rule
from .deploy import Created, DeployContext, physical_name, short_id
from .deployment import Cors, FunctionConfig, HttpRoute, QueueSource, Schedule, StreamSource
from .template import ACCOUNT_ID, REGION, Resolver, Stack, TemplateError
from .throttling import stage_throttling

IMPLICIT_HTTP_API = "ServerlessHttpApi"
LAMBDA_ROLE = "eventonight-embedded-lambda"


@cache
def _placeholder_zip() -> str:
    """moto needs a package (base64, as CreateFunction's JSON has it); the code really runs from CodeUri in our
    runtime."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "code runs from the template's CodeUri in the embedded cloud runtime\n")
    return base64.b64encode(buffer.getvalue()).decode()


def _lambda_role(ctx: DeployContext) -> str:
    """The one role every function is created with: looked up (or made) once per deploy, not once per function
    (a start made 160 extra calls of its ~650 for it)."""
    if "_lambda_role" not in ctx.__dict__:
        iam = ctx.client("iam")
        try:
            role = iam.get_role(RoleName=LAMBDA_ROLE)["Role"]["Arn"]
        except ClientError:
            policy = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            role = iam.create_role(RoleName=LAMBDA_ROLE, AssumeRolePolicyDocument=json.dumps(policy))["Role"]["Arn"]
        ctx.__dict__["_lambda_role"] = role
    return ctx.__dict__["_lambda_role"]


def _with_globals(stack: Stack, kind: str, props: dict) -> dict:
    """SAM's Globals: maps merge (Environment.Variables), lists add up (a function's Layers come after the global
    ones), scalars are overridden by the resource."""
    defaults = Resolver(stack).resolve(stack.globals.get(kind, {}))
    merged = {**defaults, **props}
    for key, value in props.items():
        if isinstance(value, list) and isinstance(defaults.get(key), list):
            merged[key] = [*defaults[key], *value]
    if "Environment" in defaults and "Environment" in props:
        merged["Environment"] = {"Variables": {**defaults["Environment"].get("Variables", {}),
                                               **props["Environment"].get("Variables", {})}}
    return merged


def layer_version(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    name = props.get("LayerName") or physical_name(stack, logical_id)
    layer_arn = arn("lambda", f"layer:{name}:1")
    ctx.layers[layer_arn] = (stack.directory / props["ContentUri"]).resolve()
    return layer_arn, {}


def serverless_function(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    props = _with_globals(stack, "Function", props)
    if props.get("PackageType") == "Image" or "InlineCode" in props:
        raise TemplateError(f"{stack.path}: {logical_id}: only zip functions with a local CodeUri run locally")
    name = props.get("FunctionName") or physical_name(stack, logical_id)
    function_arn = arn("lambda", f"function:{name}")
    code_dir = (stack.directory / props["CodeUri"]).resolve()
    if not code_dir.is_dir():
        raise TemplateError(f"{stack.path}: {logical_id}: CodeUri {code_dir} is not a folder")
    unknown_layers = [layer for layer in props.get("Layers", []) if layer not in ctx.layers]
    if unknown_layers:
        raise TemplateError(f"{stack.path}: {logical_id}: unknown layers {unknown_layers}")
    config = FunctionConfig(
        logical_id=logical_id, stack=stack.qualified_name, name=name, arn=function_arn,
        handler=props["Handler"], runtime=props.get("Runtime", "python3.12"), code_dir=str(code_dir),
        layer_dirs=[str(ctx.layers[layer]) for layer in props.get("Layers", [])],
        environment={k: str(v) for k, v in props.get("Environment", {}).get("Variables", {}).items()},
        timeout=float(props.get("Timeout", 3)), memory_mb=int(props.get("MemorySize", 128)),
        on_failure_arn=props.get("EventInvokeConfig", {}).get("DestinationConfig", {}).get("OnFailure", {}).get(
            "Destination"))
    _ensure_moto_function(ctx, config)
    ctx.deployment.functions[name] = config
    if ctx.on_function:
        ctx.on_function(config)
    for event_id, event in props.get("Events", {}).items():
        _EVENT_SOURCES.get(event["Type"], _unsupported_event)(ctx, stack, config, event_id,
                                                               event.get("Properties", {}))
    return name, {"Arn": function_arn}


def _ensure_moto_function(ctx: DeployContext, config: FunctionConfig) -> None:
    """Register the function in moto's Lambda so its ARN exists for Invoke, Step Functions and EventBridge: in
    moto's backend itself, as CreateFunction would (the 167 calls through botocore and moto's request handling
    were a third of the deploy's CPU; nothing about them needs the API: the names and settings are ours)."""
    from moto.awslambda.exceptions import UnknownFunctionException
    from moto.awslambda.models import lambda_backends

    from .moto_server import backend_lock

    settings = {"Handler": config.handler, "Runtime": config.runtime, "Timeout": int(config.timeout),
                "MemorySize": config.memory_mb, "Environment": {"Variables": dict(config.environment)}}
    with backend_lock():
        functions = lambda_backends[ACCOUNT_ID][REGION]
        try:
            functions.get_function(config.name, None)
        except UnknownFunctionException:  # created at every start (moto's Lambda is not saved)
            functions.create_function({"FunctionName": config.name, "Role": _lambda_role(ctx),
                                       "Code": {"ZipFile": _placeholder_zip()}, **settings})
        else:
            functions.update_function_configuration(config.name, None, settings)


def _unsupported_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    raise TemplateError(f"{stack.path}: {config.logical_id}.{event_id}: this event type does not run locally")


def _http_api_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    api_id = props.get("ApiId") or _implicit_http_api(ctx, stack)
    method = props.get("Method", "ANY").upper()
    path = props.get("Path", "$default")
    ctx.deployment.http_routes.append(HttpRoute(
        method="ANY" if method == "X-AMAZON-APIGATEWAY-ANY-METHOD" else method, path=path,
        function=config.name, api_id=api_id, timeout_ms=int(props.get("TimeoutInMillis", 29_000)),
        payload_format=str(props.get("PayloadFormatVersion", "2.0"))))


def _implicit_http_api(ctx: DeployContext, stack: Stack) -> str:
    return short_id(stack.name, IMPLICIT_HTTP_API)


def _filters(props: dict) -> list[dict]:
    return [json.loads(f["Pattern"]) if isinstance(f["Pattern"], str) else f["Pattern"]
            for f in props.get("FilterCriteria", {}).get("Filters", [])]


def _reports_item_failures(props: dict) -> bool:
    return "ReportBatchItemFailures" in props.get("FunctionResponseTypes", [])


def _sqs_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    queue_arn = props["Queue"]
    queue_name = queue_arn.split(":")[-1]
    queue_url = ctx.queue_urls.get(queue_arn) or ctx.client("sqs").get_queue_url(QueueName=queue_name)["QueueUrl"]
    if props.get("Enabled", True):
        ctx.deployment.queue_sources.append(QueueSource(
            function=config.name, queue_arn=queue_arn, queue_url=queue_url, batch_size=int(props.get("BatchSize", 10)),
            report_batch_item_failures=_reports_item_failures(props), filters=_filters(props)))


def _dynamodb_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    if props.get("Enabled", True):
        ctx.deployment.stream_sources.append(StreamSource(
            function=config.name, stream_arn=props["Stream"], batch_size=int(props.get("BatchSize", 100)),
            starting_position=props.get("StartingPosition", "TRIM_HORIZON"),
            maximum_retry_attempts=int(props.get("MaximumRetryAttempts", -1)),
            bisect_on_error=bool(props.get("BisectBatchOnFunctionError", False)),
            report_batch_item_failures=_reports_item_failures(props),
            on_failure_arn=props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination"),
            filters=_filters(props)))


def _schedule_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    expression = props.get("Schedule") or props.get("ScheduleExpression")
    enabled = props.get("Enabled", True) and props.get("State", "ENABLED") == "ENABLED"
    ctx.deployment.schedules.append(Schedule(
        name=f"{config.name}/{event_id}", expression=expression, target_arn=config.arn,
        input=props.get("Input", "{}"), enabled=bool(enabled)))


def _eventbridge_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    bus = str(props.get("EventBusName", "default")).split("/")[-1]
    rule_name = props.get("RuleName") or physical_name(stack, f"{config.logical_id}{event_id}")
    target: dict[str, Any] = {"Id": f"{config.logical_id}Target"[:64], "Arn": config.arn}
    for key in ("Input", "InputPath", "RetryPolicy", "DeadLetterConfig"):
        if key in props:
            target[key] = props[key]
    put_rule(ctx, rule_name, bus, props["Pattern"], [target], enabled=props.get("State", "ENABLED") == "ENABLED")


def _s3_event(ctx: DeployContext, stack: Stack, config: FunctionConfig, event_id: str, props: dict) -> None:
    s3 = ctx.client("s3")
    bucket = props["Bucket"]
    current = s3.get_bucket_notification_configuration(Bucket=bucket)
    current.pop("ResponseMetadata", None)
    events = props["Events"] if isinstance(props["Events"], list) else [props["Events"]]
    entry: dict[str, Any] = {"Id": f"{config.name}-{event_id}", "LambdaFunctionArn": config.arn, "Events": events}
    if "Filter" in props:  # SAM's S3Key.Rules is S3's Key.FilterRules
        entry["Filter"] = {"Key": {"FilterRules": props["Filter"]["S3Key"]["Rules"]}}
    others = [c for c in current.get("LambdaFunctionConfigurations", []) if c.get("Id") != entry["Id"]]
    current["LambdaFunctionConfigurations"] = [*others, entry]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=current)


_EVENT_SOURCES = {
    "HttpApi": _http_api_event,
    "SQS": _sqs_event,
    "DynamoDB": _dynamodb_event,
    "Schedule": _schedule_event,
    "ScheduleV2": _schedule_event,
    "EventBridgeRule": _eventbridge_event,
    "CloudWatchEvent": _eventbridge_event,
    "S3": _s3_event,
}


def http_api(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    api_id = short_id(stack.name, logical_id)
    cors = props.get("CorsConfiguration")
    if cors is True:
        ctx.deployment.cors[api_id] = Cors(allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])
    elif isinstance(cors, dict):
        ctx.deployment.cors[api_id] = Cors(
            allow_origins=cors.get("AllowOrigins", []), allow_methods=cors.get("AllowMethods", []),
            allow_headers=cors.get("AllowHeaders", []), expose_headers=cors.get("ExposeHeaders", []),
            max_age=cors.get("MaxAge"), allow_credentials=bool(cors.get("AllowCredentials", False)))
    if (throttling := stage_throttling(props)) is not None:
        ctx.deployment.throttles[api_id] = throttling
    return api_id, {"ApiEndpoint": f"https://{api_id}.execute-api.{REGION}.amazonaws.com"}



def state_machine(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    name = props.get("Name") or physical_name(stack, logical_id, 80)
    definition = _definition_text(stack, logical_id, props)
    sfn = ctx.client("stepfunctions")
    machine_arn = arn("states", f"stateMachine:{name}")
    try:
        sfn.describe_state_machine(stateMachineArn=machine_arn)
        sfn.update_state_machine(stateMachineArn=machine_arn, definition=definition)
    except ClientError:
        sfn.create_state_machine(name=name, definition=definition, roleArn=_lambda_role(ctx),
                                 type=props.get("Type", "STANDARD"))
    for event_id, event in props.get("Events", {}).items():
        event_props = event.get("Properties", {})
        if event["Type"] in ("Schedule", "ScheduleV2"):
            ctx.deployment.schedules.append(Schedule(
                name=f"{name}/{event_id}", expression=event_props.get("Schedule") or event_props["ScheduleExpression"],
                target_arn=machine_arn, input=event_props.get("Input", "{}")))
        elif event["Type"] in ("EventBridgeRule", "CloudWatchEvent"):
            bus = str(event_props.get("EventBusName", "default")).split("/")[-1]
            target = {"Id": f"{logical_id}Target"[:64], "Arn": machine_arn,
                      **{k: event_props[k] for k in ("Input", "InputPath") if k in event_props}}
            put_rule(ctx, physical_name(stack, f"{logical_id}{event_id}"), bus, event_props["Pattern"], [target])
        else:
            raise TemplateError(f"{stack.path}: {logical_id}.{event_id}: unsupported state machine event")
    return machine_arn, {"Arn": machine_arn, "Name": name}


def _definition_text(stack: Stack, logical_id: str, props: dict) -> str:
    """The ASL with DefinitionSubstitutions applied (moto ignores them)."""
    if "Definition" in props:
        text = json.dumps(props["Definition"])
    elif "DefinitionUri" in props and isinstance(props["DefinitionUri"], str):
        path: Path = (stack.directory / props["DefinitionUri"]).resolve()
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".yaml", ".yml"):
            import yaml

            text = json.dumps(yaml.safe_load(text))
    else:
        raise TemplateError(f"{stack.path}: {logical_id} needs Definition or a local DefinitionUri")
    for key, value in props.get("DefinitionSubstitutions", {}).items():
        text = text.replace("${" + key + "}", str(value))
    return text


CREATORS = {
    "AWS::Serverless::Function": serverless_function,
    "AWS::Serverless::LayerVersion": layer_version,
    "AWS::Serverless::HttpApi": http_api,
    "AWS::Serverless::StateMachine": state_machine,
}
