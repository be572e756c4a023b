"""What the wiring of the contexts declares, read from each place that declares it, without a cloud.

- the templates (`infrastructure/<ctx>.yaml`, read with the embedded cloud's loader): each function's handler,
  its HttpApi events, its policies, and the rules that feed the queue its SQS event reads;
- the handler modules, imported with the kernel layer on sys.path as on Lambda: a route is what the module's
  app serves (`handler.app`, from the `router` decorators), a consumer handles its dispatch table's keys
  (`handler.event_types`);
- the event contracts in `events_schema/`, and the event types a context's code names (its outbox writes).
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from embedded_cloud.template import load_yaml

REPO = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = REPO / "infrastructure"
FUNCTIONS = REPO / "functions"
SCHEMAS = REPO / "events_schema"
CONTEXT_TEMPLATES = sorted(p for p in INFRASTRUCTURE.glob("*.yaml") if ".asl." not in p.name)
KERNEL_HANDLERS = {"kernel.health.handler", "kernel.relay.handler"}  # the layer's own functions
REVOKED_TOKENS = {"Ref": "RevokedTokensTable"}
METHODS = {"get", "post", "put", "patch", "delete"}

Route = tuple[str, str]  # (METHOD, /path/{param}) as API Gateway and OpenAPI write it


@dataclass
class Function:
    context: str
    logical_id: str
    handler: str
    code: Path
    properties: dict[str, Any]
    routes: set[Route] = field(default_factory=set)
    queues: set[str] = field(default_factory=set)  # logical ids of the SQS queues it reads

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]

    @property
    def reads_revoked_tokens(self) -> bool:
        return any(isinstance(arguments, dict) and REVOKED_TOKENS in arguments.values()
                   for policy in self.properties.get("Policies") or [] if isinstance(policy, dict)
                   for arguments in policy.values())


def _logical_id(value: Any) -> str | None:
    """The resource a `!GetAtt X.Arn` / `!Ref X` names."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0]
        if "Ref" in value:
            return value["Ref"]
    return None


@cache
def template(path: Path) -> dict[str, Any]:
    return load_yaml(path)


def context_of(path: Path) -> str:
    return path.stem


@cache
def functions() -> tuple[Function, ...]:
    found = []
    for path in CONTEXT_TEMPLATES:
        document = template(path)
        defaults = (document.get("Globals") or {}).get("Function") or {}
        for logical_id, resource in document["Resources"].items():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            properties = resource.get("Properties") or {}
            code = (INFRASTRUCTURE / (properties.get("CodeUri") or defaults["CodeUri"])).resolve()
            function = Function(context_of(path), logical_id, properties["Handler"], code, properties)
            for event in (properties.get("Events") or {}).values():
                if event["Type"] == "HttpApi":
                    function.routes.add((event["Properties"]["Method"].upper(), event["Properties"]["Path"]))
                elif event["Type"] == "SQS":
                    function.queues.add(_logical_id(event["Properties"]["Queue"]))
            found.append(function)
    return tuple(found)


def rules_into(path: Path, queue: str) -> dict[str, dict[str, Any]]:
    """The EventBridge rules of the template at `path` with the queue `queue` as a target, by logical id."""
    return {logical_id: resource["Properties"] for logical_id, resource in template(path)["Resources"].items()
            if resource["Type"] == "AWS::Events::Rule"
            and any(_logical_id(target["Arn"]) == queue for target in resource["Properties"].get("Targets", []))}


def queue_policy_sources(path: Path, queue: str) -> set[str]:
    """The rules (logical ids) the queue's policy lets EventBridge send from."""
    sources = set()
    for resource in template(path)["Resources"].values():
        if resource["Type"] != "AWS::SQS::QueuePolicy":
            continue
        if queue not in {_logical_id(q) for q in resource["Properties"]["Queues"]}:
            continue
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
            for condition in (statement.get("Condition") or {}).values():
                arns = condition.get("aws:SourceArn", [])
                sources |= {_logical_id(arn) for arn in (arns if isinstance(arns, list) else [arns])}
    return sources


# --- the handler modules --------------------------------------------------------------------------------------

def environment() -> dict[str, str]:
    """Every environment variable a template gives a function, with a stand-in value: the modules read some of
    them when imported (the Stripe functions check their secrets' SSM parameters at their start)."""
    names = set()
    for path in CONTEXT_TEMPLATES:
        document = template(path)
        sources = [(document.get("Globals") or {}).get("Function") or {}]
        sources += [r.get("Properties") or {} for r in document["Resources"].values()
                    if r["Type"] == "AWS::Serverless::Function"]
        for source in sources:
            names |= set((source.get("Environment") or {}).get("Variables") or {})
    values = {name: f"/wiring-test/{name.lower()}" for name in names}
    values["STRIPE_API_BASE"] = "http://stripe.invalid"
    return values


def import_handler(function: Function) -> Any:
    if str(function.code) not in sys.path and function.handler not in KERNEL_HANDLERS:
        sys.path.append(str(function.code))
    module_name, attribute = function.handler.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), attribute)


def served_routes(app: Any, context: str) -> dict[Route, bool]:
    """The routes a module's app serves from its `router` decorators, each with whether it requires a token;
    not the health and OpenAPI routes every app of the kernel adds."""
    routes = {}
    for route in app._static_routes + app._dynamic_routes:  # powertools keeps no public list of them
        for method in route.method.split("|"):
            routes[(method.upper(), _as_api_gateway(route.path))] = bool(route.security)
    for own in ("health", "openapi.json"):
        routes.pop(("GET", f"/{context}/{own}"), None)
    return routes


def _as_api_gateway(path: str) -> str:
    """`/events/<eventId>` -> `/events/{eventId}`; a greedy group `(.+)` is API Gateway's `{name+}` (any name)."""
    return re.sub(r"<(\w+)>", r"{\1}", path).replace("(.+)", "{+}")


def greedy_unnamed(path: str) -> str:
    return re.sub(r"\{\w+\+\}", "{+}", path)


def documented_routes(app: Any) -> dict[Route, bool]:
    """The routes `GET /<ctx>/openapi.json` of `app` documents, each with whether it requires a token."""
    path = next(r.path for r in app._static_routes if r.path.endswith("/openapi.json"))
    request = {"version": "2.0", "routeKey": f"GET {path}", "rawPath": path, "rawQueryString": "", "headers": {},
               "requestContext": {"http": {"method": "GET", "path": path}, "requestId": "wiring",
                                  "stage": "$default"},
               "isBase64Encoded": False}
    response = app.resolve(request, {})
    assert response["statusCode"] == 200, response
    document = json.loads(response["body"])
    return {(method.upper(), path): "security" in operation
            for path, item in document["paths"].items() for method, operation in item.items() if method in METHODS}


# --- the event types --------------------------------------------------------------------------------------------

def schemas() -> dict[str, str]:
    """event type -> the producer its schema names."""
    found = {}
    for path in SCHEMAS.glob("*.json"):
        if not path.name.startswith("_"):
            found[path.stem] = json.loads(path.read_text())["properties"]["producer"]["const"]
    return found


def _namespaces() -> set[str]:
    return {event_type.split(".")[0] for event_type in schemas()} | {p.name for p in FUNCTIONS.iterdir()}


@cache
def named_event_types(context: str) -> dict[str, set[str]]:
    """event type -> the modules of `context` naming it as a string, outside the modules that consume events (a
    dispatch table names what the context consumes, not what it publishes): what its outbox writes name. Parsed
    once per context (each event type's test asked again: a twelfth of tests/contract's CPU); callers only read."""
    pattern = re.compile(rf"^({'|'.join(map(re.escape, sorted(_namespaces())))})(\.[a-z]+)+$")
    found: dict[str, set[str]] = {}
    package = FUNCTIONS / context / context
    for module in sorted(package.rglob("*.py")):
        tree = ast.parse(module.read_text(), str(module))
        if _consumes(tree):
            continue
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and pattern.match(node.value)):
                found.setdefault(node.value, set()).add(str(module.relative_to(package)))
    return found


def _consumes(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "entrypoint"
               and isinstance(node.func.value, ast.Name) and node.func.value.id == "consumer"
               for node in ast.walk(tree))


def contexts() -> Iterator[str]:
    yield from (context_of(path) for path in CONTEXT_TEMPLATES)



# What reads the revoked-tokens table: the kernel's token checks, and the users context's sessions.
_READS_REVOKED_TOKENS = re.compile(r"\bcaller\(|optional_caller|caller_from|verifier\(\)\.verify|REVOKED_TOKENS_TABLE")


def checks_tokens(function: Function) -> bool:
    """Whether the function's module, or a module of its package it imports (transitively), reads the
    revoked-tokens table, or can (a route's token check)."""
    pending, seen = [function.module], set()
    while pending:
        name = pending.pop()
        path = function.code / f"{name.replace('.', '/')}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        source = path.read_text()
        if _READS_REVOKED_TOKENS.search(source):
            return True
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.level:  # relative: within the context's package
                base = name.split(".")[:-node.level]
                pending += [".".join([*base, node.module])] if node.module else \
                    [".".join([*base, alias.name]) for alias in node.names]
    return False


def websocket_routes(path: Path) -> dict[str, str | None]:
    """route key -> the function its integration invokes (None: no integration, or not a function's)."""
    resources = template(path)["Resources"]
    found = {}
    for resource in resources.values():
        if resource["Type"] != "AWS::ApiGatewayV2::Route":
            continue
        target = resource["Properties"].get("Target", {})
        integration = re.fullmatch(r"integrations/\$\{(\w+)\}", target.get("Fn::Sub", "") if target else "")
        uri = (resources.get(integration.group(1)) or {}).get("Properties", {}).get("IntegrationUri", {}) \
            if integration else {}
        function = re.search(r"/functions/\$\{(\w+)\.Arn\}/invocations", uri.get("Fn::Sub", "") if uri else "")
        found[resource["Properties"]["RouteKey"]] = function.group(1) if function else None
    return found


def api_gateway_may_invoke(path: Path) -> set[str]:
    """The functions a Lambda permission lets API Gateway invoke."""
    return {_logical_id(r["Properties"]["FunctionName"]) for r in template(path)["Resources"].values()
            if r["Type"] == "AWS::Lambda::Permission" and r["Properties"]["Principal"] == "apigateway.amazonaws.com"}


def handler_modules(context: str) -> set[str]:
    """The modules of a context's package that define a Lambda `handler` or a `router` (dotted names)."""
    found = set()
    for module in (FUNCTIONS / context / context).rglob("*.py"):
        for node in ast.parse(module.read_text(), str(module)).body:
            names = [t.id for t in node.targets if isinstance(t, ast.Name)] if isinstance(node, ast.Assign) else \
                [node.name] if isinstance(node, ast.FunctionDef) else []
            if {"handler", "router"} & set(names):
                found.add(".".join(module.relative_to(FUNCTIONS / context).with_suffix("").parts))
    return found
