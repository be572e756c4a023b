"""The templates CloudFormation is handed are valid, offline, before any deploy to LocalStack or AWS.

- cfn-lint passes on the root template and on every nested context template.
- The SAM transform turns each of them into plain CloudFormation, as CloudFormation does on `sam deploy`, with
  every SAM resource becoming what it must become; cfn-lint finds no error in that output either.
- Every template parses (the embedded cloud's loader; no YAML anchors, which CloudFormation refuses), every
  nested stack and artifact path points at a file that exists, and parents and children agree on parameters
  and outputs.
- Both samconfig.toml profiles deploy this root template with the capabilities it needs, and
  localstack/deploy.sh only overrides parameters the template declares.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.config import ConfigMixIn, ManualArgs
from cfnlint.decode.decode import decode_str
from cfnlint.rules import Rules
from cfnlint.runner import Runner
from embedded_cloud.template import load_yaml
from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform

REPO = Path(__file__).resolve().parents[2]
ROOT_TEMPLATE = REPO / "template.yaml"
# Every nested context template; state machine definitions (*.asl.*) live there too and are not templates.
NESTED_TEMPLATES = sorted(p for p in (REPO / "infrastructure").glob("*.yaml") if ".asl." not in p.name)
TEMPLATES = [ROOT_TEMPLATE, *NESTED_TEMPLATES]
REGION = "us-east-1"  # where both samconfig.toml profiles deploy
PARTITION = "aws"

# cfn-lint rule ids not applied, each with the reason it does not apply to us. Empty: fix the template rather
# than add one here.
IGNORED_RULES: dict[str, str] = {}

# What each SAM resource type becomes, under the same logical id (None: it leaves no resource of its own).
SAM_OUTPUT_TYPES: dict[str, str | None] = {
    "AWS::Serverless::Function": "AWS::Lambda::Function",
    "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
    "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
    "AWS::Serverless::WebSocketApi": "AWS::ApiGatewayV2::Api",
    "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
    "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::Application": "AWS::CloudFormation::Stack",
    "AWS::Serverless::GraphQLApi": "AWS::AppSync::GraphQLApi",
    # A layer version is immutable: its logical id gets a content hash so that a change publishes a new one.
    "AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion",
    # A connector becomes IAM policies on the source's role.
    "AWS::Serverless::Connector": None,
}

# Properties holding a local path that `sam build`/`sam package` upload to S3 and replace by its location.
ARTIFACT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::Serverless::Function": ("CodeUri",),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
    "AWS::Serverless::GraphQLApi": ("SchemaUri",),
}
GLOBALS_SECTIONS = {"Function": "AWS::Serverless::Function", "Api": "AWS::Serverless::Api",
                    "HttpApi": "AWS::Serverless::HttpApi", "StateMachine": "AWS::Serverless::StateMachine",
                    "LayerVersion": "AWS::Serverless::LayerVersion"}
NESTED_STACK_LOCATION = {"AWS::Serverless::Application": "Location",
                         "AWS::CloudFormation::Stack": "TemplateURL"}
PLACEHOLDER_BUCKET = "eventonight-placeholder-artifacts"

# IAM resources CloudFormation creates only with CAPABILITY_IAM, and the properties that name them (then
# CAPABILITY_NAMED_IAM is needed instead).
IAM_NAME_PROPERTIES = {"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
                       "AWS::IAM::User": "UserName", "AWS::IAM::Group": "GroupName",
                       "AWS::IAM::InstanceProfile": "InstanceProfileName", "AWS::IAM::Policy": None,
                       "AWS::IAM::AccessKey": None, "AWS::IAM::UserToGroupAddition": None}


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


def _is_local(value: Any) -> bool:
    """A path on disk (what `sam package` uploads), not an S3/HTTPS location or an intrinsic function."""
    return isinstance(value, str) and not re.match(r"^(s3|https?)://", value)


def _resources(document: dict) -> Iterator[tuple[str, str, dict]]:
    for logical_id, resource in document.get("Resources", {}).items():
        yield logical_id, resource.get("Type", ""), resource.get("Properties") or {}


def _nested_stacks(path: Path) -> Iterator[tuple[str, Path]]:
    """(logical id, template path) of every nested stack with a local location in the template at `path`."""
    for logical_id, kind, properties in _resources(load_yaml(path)):
        location = properties.get(NESTED_STACK_LOCATION.get(kind, ""))
        if isinstance(location, str) and _is_local(location):
            yield logical_id, (path.parent / location).resolve()


def _artifact_paths(document: dict) -> Iterator[tuple[str, str]]:
    """(where, local path) of every artifact the template asks `sam build` to package, Globals included."""
    for section, properties in document.get("Globals", {}).items():
        for prop in ARTIFACT_PROPERTIES.get(GLOBALS_SECTIONS.get(section, ""), ()):
            if _is_local(properties.get(prop)):
                yield f"Globals.{section}.{prop}", properties[prop]
    for logical_id, kind, properties in _resources(document):
        for prop in ARTIFACT_PROPERTIES.get(kind, ()):
            if _is_local(properties.get(prop)):
                yield f"{logical_id}.{prop}", properties[prop]


# --- the transform, offline ---------------------------------------------------------------------------------
class OfflineManagedPolicyLoader(ManagedPolicyLoader):
    """AWS managed policy names from the list bundled with samtranslator, instead of IAM's ListPolicies.

    The translator consults it only for a name that is neither in that list nor an ARN, that is one AWS does
    not have: the name then stays as it is, and test_managed_policies_resolve_to_arns reports it.
    """

    def __init__(self) -> None:
        super().__init__(iam_client=None)  # type: ignore[arg-type]  # never called

    def load(self) -> dict[str, str]:
        return dict(get_bundled_managed_policy_map(PARTITION) or {})


def _as_packaged(document: dict) -> dict:
    """The template as `sam package` hands it to CloudFormation: local artifacts replaced by S3 locations.

    This is what cfn-lint did before transforming (a placeholder S3 URI for every local CodeUri, ContentUri,
    DefinitionUri); a nested template's local Location becomes the HTTPS URL of its uploaded copy.
    """
    packaged = copy.deepcopy(document)
    for section, properties in packaged.get("Globals", {}).items():
        for prop in ARTIFACT_PROPERTIES.get(GLOBALS_SECTIONS.get(section, ""), ()):
            if _is_local(properties.get(prop)):
                properties[prop] = f"s3://{PLACEHOLDER_BUCKET}/{properties[prop].strip('./')}"
    for _, kind, properties in _resources(packaged):
        for prop in ARTIFACT_PROPERTIES.get(kind, ()):
            if _is_local(properties.get(prop)):
                properties[prop] = f"s3://{PLACEHOLDER_BUCKET}/{properties[prop].strip('./')}"
        location_property = NESTED_STACK_LOCATION.get(kind)
        if location_property and _is_local(properties.get(location_property)):
            key = properties[location_property].strip("./")
            properties[location_property] = f"https://{PLACEHOLDER_BUCKET}.s3.{REGION}.amazonaws.com/{key}"
    return packaged


@functools.cache
def _transformed(path: Path) -> dict:
    """Plain CloudFormation from the SAM template at `path` (cached: the tests only read it)."""
    return transform(_as_packaged(load_yaml(path)), {}, OfflineManagedPolicyLoader())


@pytest.fixture(autouse=True)
def _offline_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The translator reads the region (for ARNs and pseudo parameters) from boto3; no profile is needed."""
    for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


@functools.cache
def _rules() -> Rules:
    """cfn-lint's rules, built once for the module: each `lint_file` or `lint` call makes a Runner that imports,
    builds and loads the data of every rule again (a fifth of the module's CPU, 16 times over). A set of rules
    is made to be reused: each run configures and initializes every rule for its template, as cfn-lint's command
    line does when it lints several templates."""
    return Runner(ConfigMixIn(regions=[REGION])).rules


class _Runner(Runner):
    """cfn-lint's Runner (what `lint_file` runs) with the rules built once."""

    def _get_rules(self) -> None:
        self.rules = _rules()


def _lint_file(template: Path, config: ManualArgs) -> list:
    """cfnlint.api.lint_file, on the rules built once."""
    return list(_Runner(ConfigMixIn(["--template", str(template)], **config)).run())


def _lint(text: str, config: ManualArgs) -> list:
    """cfnlint.api.lint, on the rules built once."""
    template, errors = decode_str(text)
    return errors or list(_Runner(ConfigMixIn(**config)).validate_template(template))


def _format(matches: list) -> str:
    return "\n".join(f"{m.rule.id} {m.message} (line {m.linenumber})" for m in matches)


# --- (a) cfn-lint -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_cfn_lint_passes(template: Path) -> None:
    matches = _lint_file(template, ManualArgs(regions=[REGION], ignore_checks=list(IGNORED_RULES)))
    assert not matches, f"cfn-lint on {_name(template)}:\n{_format(matches)}"


# --- (b) the SAM transform ----------------------------------------------------------------------------------
@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_sam_transform_gives_plain_cloudformation(template: Path) -> None:
    source = load_yaml(template)
    output = _transformed(template)
    resources = output["Resources"]

    assert "Transform" not in output and "Globals" not in output
    left = sorted(lid for lid, r in resources.items() if r["Type"].startswith("AWS::Serverless::"))
    assert not left, f"SAM resources left after the transform: {left}"

    for logical_id, kind, _ in _resources(source):
        if not kind.startswith("AWS::Serverless::"):
            assert resources.get(logical_id, {}).get("Type") == kind, f"{logical_id} ({kind}) was not kept"
            continue
        assert kind in SAM_OUTPUT_TYPES, f"{logical_id}: add what {kind} becomes to SAM_OUTPUT_TYPES"
        expected = SAM_OUTPUT_TYPES[kind]
        if expected is None:
            assert logical_id not in resources
        elif kind == "AWS::Serverless::LayerVersion":
            versions = [lid for lid, r in resources.items()
                        if r["Type"] == expected and re.fullmatch(rf"{logical_id}[0-9a-f]{{10}}", lid)]
            assert len(versions) == 1, f"{logical_id} became {versions}"
        else:
            became = resources.get(logical_id, {}).get("Type")
            assert became == expected, f"{logical_id} ({kind}) became {became}, not {expected}"


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_functions_get_their_events_and_roles(template: Path) -> None:
    """Every function has an execution role; every HTTP API event becomes a route and an invoke permission."""
    source = load_yaml(template)
    resources = _transformed(template)["Resources"]
    for logical_id, kind, properties in _resources(source):
        if kind != "AWS::Serverless::Function":
            continue
        function = resources[logical_id]["Properties"]
        if "Role" not in properties:
            assert function["Role"] == {"Fn::GetAtt": [f"{logical_id}Role", "Arn"]}
            assert resources[f"{logical_id}Role"]["Type"] == "AWS::IAM::Role"
        for event_id, event in (properties.get("Events") or {}).items():
            if event["Type"] != "HttpApi":
                continue
            assert resources[f"{logical_id}{event_id}Permission"]["Type"] == "AWS::Lambda::Permission"
            event_properties = event.get("Properties") or {}
            api_id = (event_properties.get("ApiId") or {"Ref": "ServerlessHttpApi"}).get("Ref")
            body = resources.get(api_id, {}).get("Properties", {}).get("Body")
            if body is None or "Path" not in event_properties:
                continue  # an API of another stack, or the catch-all route
            path, method = event_properties["Path"], event_properties.get("Method", "any").lower()
            method = "x-amazon-apigateway-any-method" if method == "any" else method
            routes = body["paths"].get(path, {})
            assert method in routes, f"{logical_id}.{event_id}: no {method} {path} on {api_id}"


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_managed_policies_resolve_to_arns(template: Path) -> None:
    for logical_id, resource in _transformed(template)["Resources"].items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for arn in resource["Properties"].get("ManagedPolicyArns", []):
            assert not isinstance(arn, str) or arn.startswith("arn:"), (
                f"{logical_id}: managed policy {arn!r} is not an AWS managed policy name")


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_cfn_lint_finds_no_error_in_the_transformed_template(template: Path) -> None:
    """Warnings are left to test_cfn_lint_passes, on the source people edit; the output is SAM's."""
    matches = _lint(json.dumps(_transformed(template)), ManualArgs(regions=[REGION]))
    errors = [m for m in matches if m.rule.id.startswith("E")]
    assert not errors, f"cfn-lint on the transformed {_name(template)}:\n{_format(errors)}"


# --- (c) parsing, nested stacks, artifacts ------------------------------------------------------------------
@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_template_parses_without_yaml_aliases(template: Path) -> None:
    document = load_yaml(template)
    assert document.get("AWSTemplateFormatVersion") == "2010-09-09"
    assert document["Resources"], "a template without resources"
    tokens = yaml.scan(template.read_text(encoding="utf-8"))
    aliased = [t.start_mark.line + 1 for t in tokens if isinstance(t, (yaml.AnchorToken, yaml.AliasToken))]
    assert not aliased, f"YAML anchors/aliases, which CloudFormation does not accept, on lines {aliased}"


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_nested_stacks_point_at_templates_in_the_repository(template: Path) -> None:
    for logical_id, location in _nested_stacks(template):
        assert location.is_file(), f"{_name(template)}: {logical_id} points at {location}, which is missing"
        assert location.is_relative_to(REPO), f"{logical_id}: {location} is outside the repository"
        load_yaml(location)


def test_every_nested_template_is_deployed_by_the_root_stack() -> None:
    reachable: set[Path] = set()
    pending = [ROOT_TEMPLATE]
    while pending:
        for _, location in _nested_stacks(pending.pop()):
            if location not in reachable and location.is_file():
                reachable.add(location)
                pending.append(location)
    orphans = [_name(p) for p in NESTED_TEMPLATES if p.resolve() not in reachable]
    assert not orphans, f"templates no stack deploys: {orphans}"


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_artifact_paths_exist(template: Path) -> None:
    for where, path in _artifact_paths(load_yaml(template)):
        assert (template.parent / path).exists(), f"{_name(template)}: {where}: {path} is missing"


def _output_references(node: Any) -> Iterator[tuple[str, str]]:
    """(logical id, output name) of every `<Stack>.Outputs.<Name>` a GetAtt or Sub refers to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::GetAtt":
                target, attribute = value.split(".", 1) if isinstance(value, str) else value
                if isinstance(attribute, str) and attribute.startswith("Outputs."):
                    yield target, attribute.removeprefix("Outputs.")
            elif key == "Fn::Sub":
                text = value if isinstance(value, str) else value[0]
                yield from re.findall(r"\$\{([A-Za-z0-9]+)\.Outputs\.([A-Za-z0-9]+)\}", text)
            yield from _output_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _output_references(item)


@pytest.mark.parametrize("template", TEMPLATES, ids=_name)
def test_nested_stacks_agree_with_their_parent(template: Path) -> None:
    """The parameters a parent passes exist, required ones are passed, and the outputs it reads are declared.

    cfn-lint checks only the first. A missing template is left to the test above.
    """
    document = load_yaml(template)
    children = {logical_id: load_yaml(path) for logical_id, path in _nested_stacks(template)
                if path.is_file()}
    for logical_id, child in children.items():
        declared = child.get("Parameters", {})
        passed = set(document["Resources"][logical_id]["Properties"].get("Parameters") or {})
        unknown = sorted(passed - set(declared))
        assert not unknown, f"{logical_id} passes parameters its template does not declare: {unknown}"
        missing = sorted(name for name, spec in declared.items()
                         if "Default" not in spec and name not in passed)
        assert not missing, f"{logical_id} does not pass its required parameters {missing}"
    for logical_id, output in _output_references(document):
        if logical_id in children:
            assert output in children[logical_id].get("Outputs", {}), f"{logical_id} has no output {output}"


# --- deploying the same template to AWS and LocalStack ------------------------------------------------------
def _samconfig() -> dict:
    with (REPO / "samconfig.toml").open("rb") as handle:
        return tomllib.load(handle)


def _required_capabilities() -> set[str]:
    """What CloudFormation will demand of a deploy of the root template and its nested stacks."""
    needed = {"CAPABILITY_AUTO_EXPAND"}  # a transform in the root template and in nested stacks
    for template in TEMPLATES:
        for _, resource in _transformed(template)["Resources"].items():
            if resource["Type"] in IAM_NAME_PROPERTIES:
                name_property = IAM_NAME_PROPERTIES[resource["Type"]]
                named = name_property is not None and name_property in resource.get("Properties", {})
                needed.add("CAPABILITY_NAMED_IAM" if named else "CAPABILITY_IAM")
    if "CAPABILITY_NAMED_IAM" in needed:
        needed.discard("CAPABILITY_IAM")  # NAMED_IAM covers it
    return needed


@pytest.mark.parametrize("profile", ["default", "localstack"])
def test_samconfig_profile_deploys_the_root_template(profile: str) -> None:
    config = _samconfig()[profile]
    settings = {**config.get("global", {}).get("parameters", {}), **config["deploy"]["parameters"]}
    assert settings["stack_name"] == "eventonight"
    assert settings["region"] == REGION
    assert not {"template_file", "template"} & set(settings), "a template other than template.yaml"
    assert settings.get("resolve_s3") is True or "s3_bucket" in settings, "nowhere to upload the artifacts"
    capabilities = set(settings["capabilities"].split())
    missing = _required_capabilities() - capabilities
    assert not missing, f"profile {profile} lacks {sorted(missing)}"
    declared = load_yaml(ROOT_TEMPLATE).get("Parameters", {})
    overrides = re.findall(r"(\w+)=", settings.get("parameter_overrides", ""))
    assert set(overrides) <= set(declared), f"profile {profile} overrides undeclared parameters"


def test_localstack_deploy_script_overrides_only_declared_parameters() -> None:
    script = REPO / "localstack" / "deploy.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    overrides = set(re.findall(r'"([A-Z][A-Za-z0-9]*)=\$', script.read_text(encoding="utf-8")))
    declared = set(load_yaml(ROOT_TEMPLATE).get("Parameters", {}))
    assert {"StripeApiBase", "PublicBaseUrl"} <= overrides
    assert overrides <= declared, f"deploy.sh overrides undeclared parameters {sorted(overrides - declared)}"


def test_stripe_secrets_have_no_default_and_reach_functions_by_name_only() -> None:
    """Review H1/L12: no deployable default for Stripe's secret key or webhook signing secret; the functions get
    the names of SSM SecureString parameters, never a secret in their environment."""
    for template in (ROOT_TEMPLATE, REPO / "infrastructure" / "ticketing.yaml"):
        parameters = load_yaml(template)["Parameters"]
        for name in ("StripeSecretKeyParameter", "StripeWebhookSecretParameter"):
            assert "Default" not in parameters[name], f"{template.name}: {name} has a default"
        assert not {"StripeSecretKey", "StripeWebhookSecret"} & set(parameters), template.name
    ticketing = load_yaml(REPO / "infrastructure" / "ticketing.yaml")
    variables = ticketing["Globals"]["Function"]["Environment"]["Variables"]
    for resource in ticketing["Resources"].values():
        variables = {**variables, **resource.get("Properties", {}).get("Environment", {}).get("Variables", {})}
    assert not {"STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"} & set(variables)
    assert {"STRIPE_SECRET_KEY_PARAMETER", "STRIPE_WEBHOOK_SECRET_PARAMETER"} <= set(variables)


def test_localstack_deploy_script_refuses_to_deploy_without_the_stripe_secrets(tmp_path: Path) -> None:
    """It fails, before building anything, when a secret is missing or a placeholder (it used to warn)."""
    calls = tmp_path / "calls"
    stubs = {"sam": 'echo "sam $*" >> "$CALLS"; [ "$1" = --version ] && echo "SAM CLI, version 1.130.0"',
             "aws": 'echo "aws $*" >> "$CALLS"', "curl": 'echo \'{"services": {"cognito-idp": 1}}\''}
    for tool, script in stubs.items():
        (tmp_path / tool).write_text(f"#!/bin/sh\n{script}\n")
        (tmp_path / tool).chmod(0o755)
    script = REPO / "localstack" / "deploy.sh"
    for secrets in ({"STRIPE_SECRET_KEY": "sk_test_x"}, {"STRIPE_WEBHOOK_SECRET": "whsec_x"},
                    {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_local"}):
        env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "CALLS": str(calls), "HOME": str(tmp_path), **secrets}
        done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0, done.stderr
        assert "STRIPE_" in done.stderr, done.stderr
        assert "sam build" not in (calls.read_text() if calls.exists() else "")
