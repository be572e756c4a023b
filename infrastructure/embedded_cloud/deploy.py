"""Deploys a template into moto: every resource of the root stack and its nested stacks, in dependency order.

Creation is idempotent ("ensure"): on a restart with restored state, what exists is kept (its ids and data) and
only what is missing is created, so the same template can be deployed again over persisted state.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from .deployment import Deployment
from .template import ACCOUNT_ID, NESTED_STACK_TYPES, REGION, Resolver, Stack, TemplateError

log = logging.getLogger("eventonight.deploy")

Created = tuple[Any, dict[str, Any]]  # (Ref value, attributes)
Creator = Callable[["DeployContext", Stack, str, dict], Created]


def physical_name(stack: Stack, logical_id: str, max_length: int = 64, lowercase: bool = False) -> str:
    """A deterministic name like CloudFormation's `<stack>-<LogicalId>-<suffix>`, stable across restarts."""
    name = f"{stack.name}-{logical_id}"
    if len(name) > max_length:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[: max_length - 9]}-{digest}"
    return name.lower() if lowercase else name


def short_id(*parts: str) -> str:
    """An API-Gateway-like 10-character id, derived from names so it survives restarts."""
    return hashlib.sha1("/".join(parts).encode()).hexdigest()[:10]


@dataclass
class DeployContext:
    endpoint_url: str
    deployment: Deployment = field(default_factory=Deployment)
    layers: dict[str, Path] = field(default_factory=dict)  # layer ARN -> ContentUri directory
    websocket_integrations: dict[str, str] = field(default_factory=dict)  # integration id -> function name
    websocket_routes: dict[str, tuple[Any, str]] = field(default_factory=dict)  # route id -> (api, route key)
    queue_urls: dict[str, str] = field(default_factory=dict)  # queue ARN -> URL, of the queues deployed
    # Optional hooks for pieces that run code: given a function's config once it is known.
    on_function: Callable[[Any], None] | None = None
    app: Any = None  # moto's WSGI app in this process: the calls go to it directly (`in_process`)

    def client(self, service: str) -> Any:
        cache = self.__dict__.setdefault("_clients", {})
        if service not in cache:
            # boto3's default session, as the platform's own clients (`EmbeddedCloud.client`): the service models
            # are read from botocore's JSON once per process, not once more for the deploy (~0.2 s)
            if boto3.DEFAULT_SESSION is None:
                boto3.setup_default_session()
            cache[service] = boto3.DEFAULT_SESSION.client(service, endpoint_url=self.endpoint_url, region_name=REGION,
                                                          aws_access_key_id="test", aws_secret_access_key="test")
            if self.app is not None:
                from .in_process import route_to

                route_to(cache[service], self.app)
        return cache[service]


def _creators() -> Mapping[str, Creator]:
    from . import aws_resources, serverless_resources

    return {**aws_resources.CREATORS, **serverless_resources.CREATORS}


def deploy(template_path: Path, endpoint_url: str, parameters: Mapping[str, Any] = (),
           stack_name: str = "eventonight", on_function: Callable[[Any], None] | None = None,
           app: Any = None) -> Deployment:
    context = DeployContext(endpoint_url=endpoint_url, on_function=on_function, app=app)
    root = Stack.load(template_path.resolve(), stack_name, parameters)
    deploy_stack(context, root)
    context.deployment.outputs = root.output_values()
    return context.deployment


def deploy_stack(context: DeployContext, stack: Stack) -> None:
    creators = _creators()
    resolver = Resolver(stack)
    for logical_id in stack.creation_order():
        resource = stack.resources[logical_id]
        kind = resource.get("Type", "")
        properties = resolver.resolve(resource.get("Properties", {}))
        if kind in NESTED_STACK_TYPES:
            ref, attributes = _deploy_nested(context, stack, logical_id, kind, properties)
        elif kind in creators:
            ref, attributes = creators[kind](context, stack, logical_id, properties)
        else:
            raise TemplateError(f"{stack.path}: {logical_id} has type {kind}, which the embedded cloud cannot run")
        stack.refs[logical_id] = ref
        stack.attributes.update({(logical_id, name): value for name, value in attributes.items()})
        log.debug("created %s %s (%s)", stack.qualified_name, logical_id, kind)


def _deploy_nested(context: DeployContext, parent: Stack, logical_id: str, kind: str, properties: dict) -> Created:
    location = properties.get("Location") if kind == "AWS::Serverless::Application" else properties.get("TemplateURL")
    if not isinstance(location, str) or "://" in location:
        raise TemplateError(f"{parent.path}: {logical_id} must name a local template file, not {location!r}")
    child = Stack.load((parent.directory / location).resolve(), f"{parent.name}-{logical_id}",
                       properties.get("Parameters", {}), parent=parent, logical_id=logical_id)
    deploy_stack(context, child)
    outputs = child.output_values()
    stack_id = f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{child.name}/local"
    return stack_id, {f"Outputs.{name}": value for name, value in outputs.items()}
