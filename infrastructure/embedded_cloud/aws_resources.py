"""Creators for plain CloudFormation resources: DynamoDB, SQS, EventBridge, Cognito, S3, Scheduler, WebSocket APIs,
CloudWatch alarms, SES identities and configuration sets.

Each creator ensures the resource exists in moto and returns its Ref value and attributes, as CloudFormation would.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from .deploy import Created, DeployContext, physical_name, short_id
from .deployment import Schedule, WebSocketApi
from .template import ACCOUNT_ID, REGION, Stack, TemplateError
from .throttling import stage_throttling

ARN = f"arn:aws:{{service}}:{REGION}:{ACCOUNT_ID}:{{resource}}"


def arn(service: str, resource: str) -> str:
    return ARN.format(service=service, resource=resource)


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def dynamodb_table(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    ddb = ctx.client("dynamodb")
    name = props.get("TableName") or physical_name(stack, logical_id, 255)
    try:
        table = ddb.describe_table(TableName=name)["Table"]
    except ClientError as error:
        if _error_code(error) != "ResourceNotFoundException":
            raise
        request = {k: props[k] for k in ("KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes",
                                         "LocalSecondaryIndexes", "ProvisionedThroughput") if k in props}
        request["BillingMode"] = props.get("BillingMode", "PROVISIONED")
        if "StreamSpecification" in props:
            request["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        table = ddb.create_table(TableName=name, **request)["TableDescription"]
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
    attributes = {"Arn": table["TableArn"]}
    if "LatestStreamArn" in table:
        attributes["StreamArn"] = table["LatestStreamArn"]
    return name, attributes


def sqs_queue(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    sqs = ctx.client("sqs")
    fifo = str(props.get("FifoQueue", "")).lower() == "true"
    name = props.get("QueueName") or physical_name(stack, logical_id, 75) + (".fifo" if fifo else "")
    attributes = {k: json.dumps(v) if isinstance(v, dict) else str(v).lower() if isinstance(v, bool) else str(v)
                  for k, v in props.items() if k not in ("QueueName", "Tags")}
    url = _existing_queues(ctx).get(name)
    if url is not None:
        if attributes:
            sqs.set_queue_attributes(QueueUrl=url, Attributes={k: v for k, v in attributes.items() if k != "FifoQueue"})
    else:
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    ctx.queue_urls[arn("sqs", name)] = url
    return url, {"Arn": arn("sqs", name), "QueueName": name, "QueueUrl": url}


def _existing_queues(ctx: DeployContext) -> dict[str, str]:
    """Name -> URL of the queues moto has (restored ones on a restart), listed once per deploy: a GetQueueUrl per
    queue was a call each, and on a fresh start an error each."""
    if "_queues" not in ctx.__dict__:
        pages = ctx.client("sqs").get_paginator("list_queues").paginate()
        ctx.__dict__["_queues"] = {url.rsplit("/", 1)[-1]: url for page in pages for url in page.get("QueueUrls", [])}
    return ctx.__dict__["_queues"]


def event_bus(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    events = ctx.client("events")
    name = props.get("Name") or physical_name(stack, logical_id)
    try:
        bus = events.describe_event_bus(Name=name)
    except ClientError:
        events.create_event_bus(Name=name)
        bus = events.describe_event_bus(Name=name)
    return name, {"Arn": bus["Arn"], "Name": name}


def event_archive(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    events = ctx.client("events")
    name = props.get("ArchiveName") or physical_name(stack, logical_id, 48)
    try:
        archive = events.describe_archive(ArchiveName=name)
    except ClientError:
        request = {"ArchiveName": name, "EventSourceArn": props["SourceArn"]}
        if "EventPattern" in props:
            request["EventPattern"] = json.dumps(props["EventPattern"])
        if "RetentionDays" in props:
            request["RetentionDays"] = int(props["RetentionDays"])
        events.create_archive(**request)
        archive = events.describe_archive(ArchiveName=name)
    return name, {"Arn": archive["ArchiveArn"]}


def put_rule(ctx: DeployContext, name: str, bus: str, pattern: Any, targets: list[dict],
             schedule: str | None = None, enabled: bool = True) -> str:
    events = ctx.client("events")
    request: dict[str, Any] = {"Name": name, "EventBusName": bus, "State": "ENABLED" if enabled else "DISABLED"}
    if pattern is not None:
        request["EventPattern"] = pattern if isinstance(pattern, str) else json.dumps(pattern)
    if schedule:
        request["ScheduleExpression"] = schedule
    rule_arn = events.put_rule(**request)["RuleArn"]
    if targets:
        events.put_targets(Rule=name, EventBusName=bus, Targets=targets)
    return rule_arn


def event_rule(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    name = props.get("Name") or physical_name(stack, logical_id)
    bus = props.get("EventBusName", "default").split("/")[-1]
    targets = props.get("Targets", [])
    enabled = props.get("State", "ENABLED") == "ENABLED"
    rule_arn = put_rule(ctx, name, bus, props.get("EventPattern"), targets, props.get("ScheduleExpression"), enabled)
    if props.get("ScheduleExpression"):
        for target in targets:
            ctx.deployment.schedules.append(Schedule(
                name=f"{name}/{target['Id']}", expression=props["ScheduleExpression"], target_arn=target["Arn"],
                input=target.get("Input", "{}"), enabled=enabled))
    ref = name if bus == "default" else f"{bus}|{name}"
    return ref, {"Arn": rule_arn}


def user_pool(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    cognito = ctx.client("cognito-idp")
    name = props.get("UserPoolName") or physical_name(stack, logical_id, 128)
    pools = cognito.list_user_pools(MaxResults=60)["UserPools"]
    existing = [p["Id"] for p in pools if p["Name"] == name]
    if existing:
        pool_id = existing[0]
    else:
        request = {k: v for k, v in props.items() if k not in ("UserPoolName", "UserPoolTags", "EnabledMfas")}
        pool_id = cognito.create_user_pool(PoolName=name, **request)["UserPool"]["Id"]
        if "SOFTWARE_TOKEN_MFA" in props.get("EnabledMfas", []):  # CloudFormation's, SetUserPoolMfaConfig's in the API
            cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=props["MfaConfiguration"],
                                             SoftwareTokenMfaConfiguration={"Enabled": True})
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    return pool_id, {"Arn": arn("cognito-idp", f"userpool/{pool_id}"), "ProviderName": provider,
                     "ProviderURL": f"https://{provider}", "UserPoolId": pool_id}


def user_pool_group(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    cognito = ctx.client("cognito-idp")
    name = props.get("GroupName") or physical_name(stack, logical_id, 128)
    try:
        cognito.get_group(GroupName=name, UserPoolId=props["UserPoolId"])
    except ClientError:
        request = {k: props[k] for k in ("Description", "Precedence", "RoleArn") if k in props}
        cognito.create_group(GroupName=name, UserPoolId=props["UserPoolId"], **request)
    return name, {}


def user_pool_client(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    cognito = ctx.client("cognito-idp")
    name = props.get("ClientName") or physical_name(stack, logical_id, 128)
    pool_id = props["UserPoolId"]
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    existing = [c["ClientId"] for c in clients if c["ClientName"] == name]
    if existing:
        client_id = existing[0]
    else:
        request = {k: v for k, v in props.items() if k not in ("ClientName", "UserPoolId")}
        client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=name, **request)[
            "UserPoolClient"]["ClientId"]
    return client_id, {"ClientId": client_id}


def s3_bucket(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    s3 = ctx.client("s3")
    name = props.get("BucketName") or physical_name(stack, logical_id, 63, lowercase=True)
    try:
        s3.head_bucket(Bucket=name)
    except ClientError:
        s3.create_bucket(Bucket=name)
    if "CorsConfiguration" in props:
        rules = [{k: v for k, v in rule.items() if k != "Id"} for rule in props["CorsConfiguration"]["CorsRules"]]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
    return name, {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com",
                  "RegionalDomainName": f"{name}.s3.{REGION}.amazonaws.com",
                  "WebsiteURL": f"http://{name}.s3-website-{REGION}.amazonaws.com"}


def scheduler_schedule(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    name = props.get("Name") or physical_name(stack, logical_id)
    target = props["Target"]
    ctx.deployment.schedules.append(Schedule(
        name=name, expression=props["ScheduleExpression"], target_arn=target["Arn"],
        input=target.get("Input", "{}"), enabled=props.get("State", "ENABLED") == "ENABLED"))
    return name, {"Arn": arn("scheduler", f"schedule/default/{name}")}


def websocket_api(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    if props.get("ProtocolType") != "WEBSOCKET":
        raise TemplateError(f"{stack.path}: {logical_id}: HTTP APIs are declared as AWS::Serverless::HttpApi")
    name = props.get("Name") or physical_name(stack, logical_id)
    api_id = short_id(stack.name, logical_id)
    ctx.deployment.websocket_apis.append(WebSocketApi(
        api_id=api_id, name=name, route_selection_expression=props.get("RouteSelectionExpression",
                                                                       "$request.body.action")))
    endpoint = f"wss://{api_id}.execute-api.{REGION}.amazonaws.com"
    return api_id, {"ApiId": api_id, "ApiEndpoint": endpoint}


def _websocket(ctx: DeployContext, api_id: str) -> WebSocketApi:
    for api in ctx.deployment.websocket_apis:
        if api.api_id == api_id:
            return api
    raise TemplateError(f"no WebSocket API {api_id}")


def websocket_integration(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    uri = props.get("IntegrationUri", "")
    if ":function:" not in uri:
        raise TemplateError(f"{stack.path}: {logical_id}: only Lambda proxy integrations are supported")
    function_arn = uri.split("/functions/")[1].split("/invocations")[0]
    integration_id = short_id(stack.name, logical_id)
    ctx.websocket_integrations[integration_id] = function_arn.split(":function:")[1]
    return integration_id, {}


def websocket_route(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    api = _websocket(ctx, props["ApiId"])
    integration_id = props.get("Target", "").removeprefix("integrations/")
    api.routes[props["RouteKey"]] = ctx.websocket_integrations[integration_id]
    route_id = short_id(stack.name, logical_id)
    ctx.websocket_routes[route_id] = (api, props["RouteKey"])
    return route_id, {}


def websocket_route_response(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    api, route_key = ctx.websocket_routes[props["RouteId"]]
    api.two_way_routes.append(route_key)
    return short_id(stack.name, logical_id), {}


def websocket_stage(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    _websocket(ctx, props["ApiId"]).stage = props["StageName"]
    if (throttling := stage_throttling(props)) is not None:
        ctx.deployment.throttles[props["ApiId"]] = throttling
    return props["StageName"], {}


def cloudwatch_alarm(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    """Stored in moto (put_metric_alarm replaces it on a restart); nothing evaluates it locally - the queues it
    watches are listed by `eventonight dlq list`."""
    name = props.get("AlarmName") or physical_name(stack, logical_id, 255)
    request = {k: v for k, v in props.items() if k != "AlarmName"}
    for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if key in request:
            request[key] = int(request[key])
    if "Threshold" in request:
        request["Threshold"] = float(request["Threshold"])
    ctx.client("cloudwatch").put_metric_alarm(AlarmName=name, **request)
    return name, {"Arn": arn("cloudwatch", f"alarm:{name}")}


def ses_configuration_set(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    sesv2 = ctx.client("sesv2")
    name = props.get("Name") or physical_name(stack, logical_id)
    try:
        sesv2.get_configuration_set(ConfigurationSetName=name)
    except ClientError as error:
        if _error_code(error) != "NotFoundException":
            raise
        sesv2.create_configuration_set(ConfigurationSetName=name)
    return name, {}


def ses_email_identity(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    """Verified at once, as moto has it (on AWS a domain waits for its DKIM records)."""
    sesv2 = ctx.client("sesv2")
    identity = props["EmailIdentity"]
    if identity not in {i["IdentityName"] for i in sesv2.list_email_identities()["EmailIdentities"]}:
        configuration_set = (props.get("ConfigurationSetAttributes") or {}).get("ConfigurationSetName")
        sesv2.create_email_identity(EmailIdentity=identity,
                                    **({"ConfigurationSetName": configuration_set} if configuration_set else {}))
    return identity, {}


def nothing_to_run(ctx: DeployContext, stack: Stack, logical_id: str, props: dict) -> Created:
    """Permissions, roles, policies and log groups: stored nowhere, enforced by nobody locally."""
    return physical_name(stack, logical_id), {"Arn": arn("iam", f"role/{physical_name(stack, logical_id)}")}


CREATORS = {
    "AWS::DynamoDB::Table": dynamodb_table,
    "AWS::SQS::Queue": sqs_queue,
    "AWS::Events::EventBus": event_bus,
    "AWS::Events::Archive": event_archive,
    "AWS::Events::Rule": event_rule,
    "AWS::Cognito::UserPool": user_pool,
    "AWS::Cognito::UserPoolGroup": user_pool_group,
    "AWS::Cognito::UserPoolClient": user_pool_client,
    "AWS::S3::Bucket": s3_bucket,
    "AWS::Scheduler::Schedule": scheduler_schedule,
    "AWS::ApiGatewayV2::Api": websocket_api,
    "AWS::ApiGatewayV2::Integration": websocket_integration,
    "AWS::ApiGatewayV2::Route": websocket_route,
    "AWS::ApiGatewayV2::RouteResponse": websocket_route_response,
    "AWS::ApiGatewayV2::Stage": websocket_stage,
    "AWS::ApiGatewayV2::Deployment": nothing_to_run,
    "AWS::Lambda::Permission": nothing_to_run,
    "AWS::IAM::Role": nothing_to_run,
    "AWS::IAM::Policy": nothing_to_run,
    "AWS::SQS::QueuePolicy": nothing_to_run,
    "AWS::S3::BucketPolicy": nothing_to_run,
    "AWS::Logs::LogGroup": nothing_to_run,
    "AWS::CloudWatch::Alarm": cloudwatch_alarm,
    "AWS::SES::ConfigurationSet": ses_configuration_set,
    "AWS::SES::EmailIdentity": ses_email_identity,
}
