"""The template model: CloudFormation's short-form tags and intrinsic functions, without any AWS."""

from __future__ import annotations

from pathlib import Path

import pytest
from embedded_cloud.template import NO_VALUE, Resolver, Stack, TemplateError

TEMPLATE = """
Parameters:
  Stage: {Type: String, Default: local}
  Origins: {Type: CommaDelimitedList, Default: "a,b"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Table: {Type: AWS::DynamoDB::Table, Properties: {}}
  Prod: {Type: AWS::SNS::Topic, Condition: IsProd}
  Function:
    Type: AWS::Serverless::Function
    DependsOn: Queue
    Properties:
      Name: !Sub "${AWS::StackName}-${Stage}-${Table}"
      Arn: !GetAtt Table.Arn
      Second: !Select [1, !Ref Origins]
      Joined: !Join ["|", [x, !Ref Stage]]
      Split: !Split [",", "p,q"]
      Mode: !If [IsProd, strict, relaxed]
      Gone: !If [NotProd, !Ref AWS::NoValue, kept]
      Literal: !Sub "${!NotAVariable}"
      Date: 2010-09-09
  Queue: {Type: AWS::SQS::Queue}
"""


@pytest.fixture
def stack(tmp_path: Path) -> Stack:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    loaded = Stack.load(path, "demo")
    loaded.refs["Table"] = "demo-Table"
    loaded.attributes[("Table", "Arn")] = "arn:table"
    return loaded


def test_intrinsics_resolve_against_parameters_and_created_resources(stack: Stack) -> None:
    props = Resolver(stack).resolve(stack.resources["Function"]["Properties"])
    assert props == {"Name": "demo-local-demo-Table", "Arn": "arn:table", "Second": "b", "Joined": "x|local",
                     "Split": ["p", "q"], "Mode": "relaxed", "Literal": "${NotAVariable}", "Date": "2010-09-09"}


def test_conditions_drop_resources_and_order_follows_references(stack: Stack) -> None:
    order = stack.creation_order()
    assert "Prod" not in order
    assert order.index("Table") < order.index("Function") and order.index("Queue") < order.index("Function")


def test_parameter_overrides_and_unknown_parameters(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    assert Stack.load(path, "demo", {"Stage": "prod"}).condition("IsProd") is True
    with pytest.raises(TemplateError, match="unknown parameters"):
        Stack.load(path, "demo", {"Nope": "x"})


def test_a_reference_to_something_not_created_is_a_template_error(stack: Stack) -> None:
    with pytest.raises(TemplateError, match="Queue"):
        Resolver(stack).resolve({"Ref": "Queue"})
    assert Resolver(stack).resolve({"Ref": "AWS::NoValue"}) is NO_VALUE
