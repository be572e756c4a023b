"""The template model: SAM templates (root and nested stacks) loaded from YAML, with intrinsic functions.

This is the only module that reads YAML. A `Stack` knows its resources, parameters and conditions; values that
exist only once resources are created (ids, ARNs, URLs) are resolved later by `Resolver`, fed by the deployer.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
NO_VALUE = object()  # AWS::NoValue: the key that holds it disappears

NESTED_STACK_TYPES = {"AWS::Serverless::Application", "AWS::CloudFormation::Stack"}


class TemplateError(Exception):
    """The template uses something the embedded cloud cannot run (or that is wrong)."""


class _CfnLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 10x PyYAML's own
    """YAML with CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, ...)."""


def _construct_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    if suffix == "Condition":
        return {"Condition": value}
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)
# CloudFormation keeps dates and times as the strings they are (2010-09-09 is a version, not a date).
_CfnLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(document, dict) or "Resources" not in document:
        raise TemplateError(f"{path} is not a CloudFormation template (no Resources)")
    return document


@dataclass
class Stack:
    """One template instance: the root stack or a nested one, with its parameter values."""

    name: str
    path: Path
    document: dict
    parameters: dict[str, Any]
    parent: Stack | None = None
    logical_id: str = ""  # its logical id in the parent
    refs: dict[str, Any] = field(default_factory=dict)  # logical id -> Ref value, once created
    attributes: dict[tuple[str, str], Any] = field(default_factory=dict)  # (logical id, attribute) -> value

    @property
    def directory(self) -> Path:
        return self.path.parent

    @property
    def resources(self) -> dict[str, dict]:
        return self.document.get("Resources", {})

    @property
    def globals(self) -> dict:
        return self.document.get("Globals", {})

    @property
    def qualified_name(self) -> str:
        return f"{self.parent.qualified_name}/{self.logical_id}" if self.parent else self.name

    @classmethod
    def load(cls, path: Path, name: str, overrides: Mapping[str, Any] = (), parent: Stack | None = None,
             logical_id: str = "") -> Stack:
        document = load_yaml(path)
        declared = document.get("Parameters", {})
        unknown = set(dict(overrides)) - set(declared)
        if unknown and parent is None:
            raise TemplateError(f"{path}: unknown parameters {sorted(unknown)}")
        values: dict[str, Any] = {}
        for key, spec in declared.items():
            if key in dict(overrides):
                values[key] = dict(overrides)[key]
            elif "Default" in spec:
                values[key] = spec["Default"]
            else:
                raise TemplateError(f"{path}: parameter {key} has no value")
            if spec.get("Type") == "CommaDelimitedList" and isinstance(values[key], str):
                values[key] = values[key].split(",") if values[key] else []
            if spec.get("Type") == "Number" and isinstance(values[key], str):  # an override, as a default reads
                values[key] = float(values[key]) if "." in values[key] else int(values[key])
        return cls(name=name, path=path, document=document, parameters=values, parent=parent,
                   logical_id=logical_id)

    def condition(self, name: str) -> bool:
        conditions = self.document.get("Conditions", {})
        if name not in conditions:
            raise TemplateError(f"{self.path}: unknown condition {name}")
        return bool(Resolver(self).resolve(conditions[name]))

    def active_resources(self) -> Iterator[tuple[str, dict]]:
        for logical_id, resource in self.resources.items():
            if "Condition" in resource and not self.condition(resource["Condition"]):
                continue
            yield logical_id, resource

    def dependencies(self, logical_id: str) -> set[str]:
        """Logical ids of this stack that a resource refers to (Ref, GetAtt, Sub, DependsOn)."""
        resource = self.resources[logical_id]
        found: set[str] = set()
        depends = resource.get("DependsOn", [])
        found.update([depends] if isinstance(depends, str) else depends)
        _collect_references(resource.get("Properties", {}), found)
        return {name for name in found if name in self.resources and name != logical_id}

    def creation_order(self) -> list[str]:
        """Active resources, each after what it refers to (a cycle is a template error)."""
        active = dict(self.active_resources())
        order: list[str] = []
        state: dict[str, str] = {}

        def visit(name: str) -> None:
            if state.get(name) == "done":
                return
            if state.get(name) == "visiting":
                raise TemplateError(f"{self.path}: circular dependency through {name}")
            state[name] = "visiting"
            for dependency in sorted(self.dependencies(name)):
                if dependency in active:
                    visit(dependency)
            state[name] = "done"
            order.append(name)

        for name in active:
            visit(name)
        return order

    def output_values(self) -> dict[str, Any]:
        resolver = Resolver(self)
        return {name: resolver.resolve(spec["Value"]) for name, spec in self.document.get("Outputs", {}).items()}


def _collect_references(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        if "Ref" in value and isinstance(value["Ref"], str):
            found.add(value["Ref"])
        if "Fn::GetAtt" in value:
            target = value["Fn::GetAtt"]
            found.add(target[0] if isinstance(target, list) else str(target).split(".")[0])
        if "Fn::Sub" in value:
            template = value["Fn::Sub"] if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"][0]
            for name in re.findall(r"\$\{([^!}][^}]*)\}", template):
                found.add(name.split(".")[0])
        for item in value.values():
            _collect_references(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect_references(item, found)


PSEUDO_PARAMETERS = {
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT_ID,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
}


class Resolver:
    """Evaluates intrinsic functions against one stack's parameters and created resources."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self._functions: dict[str, Callable[[Any], Any]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::Join": lambda args: self.resolve(args[0]).join(str(v) for v in self.resolve(args[1])),
            "Fn::Select": lambda args: self.resolve(args[1])[int(self.resolve(args[0]))],
            "Fn::Split": lambda args: self.resolve(args[1]).split(self.resolve(args[0])),
            "Fn::If": self._if,
            "Fn::Equals": lambda args: self.resolve(args[0]) == self.resolve(args[1]),
            "Fn::Not": lambda args: not self.resolve(args[0]),
            "Fn::And": lambda args: all(self.resolve(a) for a in args),
            "Fn::Or": lambda args: any(self.resolve(a) for a in args),
            "Condition": lambda name: self.stack.condition(name),
            "Fn::Base64": lambda arg: base64.b64encode(str(self.resolve(arg)).encode()).decode(),
            "Fn::ToJsonString": lambda arg: json.dumps(self.resolve(arg), separators=(",", ":")),
        }

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                (key, argument), = value.items()
                if key in self._functions:
                    return self._functions[key](argument)
            resolved = {k: self.resolve(v) for k, v in value.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(value, list):
            return [item for item in (self.resolve(v) for v in value) if item is not NO_VALUE]
        return value

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::StackName":
            return self.stack.name
        if name == "AWS::StackId":
            return f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{self.stack.name}/local"
        if name in PSEUDO_PARAMETERS:
            return PSEUDO_PARAMETERS[name]
        if name in self.stack.parameters:
            return self.stack.parameters[name]
        if name in self.stack.refs:
            return self.stack.refs[name]
        raise TemplateError(f"{self.stack.path}: Ref to {name}, which is not a parameter or a created resource")

    def _get_att(self, argument: Any) -> Any:
        logical_id, attribute = argument if isinstance(argument, list) else str(argument).split(".", 1)
        attribute = self.resolve(attribute)
        key = (logical_id, attribute)
        if key not in self.stack.attributes:
            raise TemplateError(f"{self.stack.path}: GetAtt {logical_id}.{attribute} is not available")
        return self.stack.attributes[key]

    def _sub(self, argument: Any) -> str:
        if isinstance(argument, list):
            template, variables = argument[0], {k: self.resolve(v) for k, v in argument[1].items()}
        else:
            template, variables = argument, {}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and name.split(".")[0] in self.stack.resources:
                return str(self._get_att(name.split(".", 1)))
            return str(self._ref(name))

        return re.sub(r"\$\{([^}]+)\}", replace, template)

    def _if(self, args: list) -> Any:
        condition, when_true, when_false = args
        return self.resolve(when_true if self.stack.condition(condition) else when_false)
