"""A moto server for the Cognito tests, run once as moto 5.2.5 released it and once with the cognito_* fixes.

Every test takes the `moto` fixture and so runs both ways. A test of behaviour moto already has passes both
ways and shows the fixes keep it; a test of a defect calls `moto.expect_defect(reason, raises=...)`, which
makes the run on moto as released a strict xfail: it must fail there, with the exception named, and pass once
fixed. cognito_pool_key_once (one import of moto's RSA key for every pool) changes no answer and stays installed
in both modes; its own test switches it.

The pools are the platform's: `platform_pool` creates the user pool, its groups and its app client from the
properties in template.yaml, the way the embedded cloud deploys them.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from embedded_cloud.moto_server import MotoServer
from embedded_cloud.template import load_yaml
from support.moto_modes import MotoMode, running_moto_server, set_fixes

COGNITO_FIXES = (
    "cognito_revoked_access_tokens",
    "cognito_revoke_token",
    "cognito_case_insensitive_usernames",
    "cognito_email_alias_sign_in",
    "cognito_sign_in_name_in_tokens",
    "cognito_prevent_user_existence_errors",
    "cognito_deleted_user_sessions",
    "cognito_password_policy",
    "cognito_explicit_auth_flows",
    "cognito_required_attributes",
    "cognito_token_validity",
    "cognito_signing_key",
    "cognito_emailed_codes",
    "cognito_software_tokens",
)
REGION = "us-east-1"
TEMPLATE = Path(__file__).parents[3] / "template.yaml"
PASSWORD = "open-sesame-1"  # the platform's policy: 8+ characters, a number, a lowercase letter, a symbol


def _set_fixes(installed: bool) -> None:
    set_fixes(COGNITO_FIXES, installed)


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    _set_fixes(installed=True)
    with running_moto_server() as server:
        yield server



@pytest.fixture(params=[False, True], ids=["moto-5.2.5", "patched"])
def moto(request: pytest.FixtureRequest, moto_server: MotoServer) -> Iterator[MotoMode]:
    _set_fixes(installed=request.param)
    yield MotoMode(patched=request.param, request=request)
    _set_fixes(installed=True)  # as the embedded cloud runs, for whatever this process tests next


@pytest.fixture(scope="session")
def cognito(moto_server: MotoServer) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=moto_server.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}, account_id_endpoint_mode="disabled"),
    )


def _template_resources(resource_type: str) -> list[dict[str, Any]]:
    """The properties of the template's resources of a type, a `Ref` to a parameter read as its default."""
    template = load_yaml(TEMPLATE)
    defaults = {name: p.get("Default") for name, p in template.get("Parameters", {}).items()}

    def resolved(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in defaults:
            return defaults[value["Ref"]]
        return {k: resolved(v) for k, v in value.items()} if isinstance(value, dict) else value

    return [resolved(r.get("Properties", {})) for r in template["Resources"].values() if r["Type"] == resource_type]


@dataclass
class Pool:
    """A user pool configured as the platform's, with its app client; helpers for what the users context does."""

    cognito: Any
    id: str
    client_id: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{REGION}.amazonaws.com/{self.id}"

    def register(self, username: str, email: str | None = None, group: str = "member",
                 password: str = PASSWORD) -> str:
        """SignUp, AdminConfirmSignUp, AdminAddUserToGroup; returns the user's sub."""
        sub = self.sign_up(username, email or f"{username.lower()}@example.com", password)
        self.cognito.admin_confirm_sign_up(UserPoolId=self.id, Username=username)
        self.cognito.admin_add_user_to_group(UserPoolId=self.id, Username=username, GroupName=group)
        return sub

    def sign_up(self, username: str, email: str, password: str = PASSWORD) -> str:
        return self.cognito.sign_up(ClientId=self.client_id, Username=username, Password=password,
                                    UserAttributes=[{"Name": "email", "Value": email}])["UserSub"]

    def verify_email(self, username: str) -> None:
        self.cognito.admin_update_user_attributes(
            UserPoolId=self.id, Username=username, UserAttributes=[{"Name": "email_verified", "Value": "true"}])

    def log_in(self, username: str, password: str = PASSWORD, client_id: str | None = None) -> dict[str, Any]:
        return self.cognito.initiate_auth(
            ClientId=client_id or self.client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})["AuthenticationResult"]

    def refresh(self, refresh_token: str, client_id: str | None = None) -> dict[str, Any]:
        return self.cognito.initiate_auth(
            ClientId=client_id or self.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token})["AuthenticationResult"]

    def attributes(self, username: str) -> dict[str, str]:
        user = self.cognito.admin_get_user(UserPoolId=self.id, Username=username)
        return {a["Name"]: a["Value"] for a in user["UserAttributes"]}

    def add_client(self, **settings: Any) -> str:
        return self.cognito.create_user_pool_client(
            UserPoolId=self.id, ClientName=f"client-{uuid.uuid4().hex[:8]}", **settings)["UserPoolClient"]


@pytest.fixture
def platform_pool(cognito: Any, moto: MotoMode) -> Pool:
    """A new user pool with the platform's settings, groups and app client (from template.yaml)."""
    (pool_props,) = _template_resources("AWS::Cognito::UserPool")
    # without its triggers (the users stack's functions); test_cognito_custom_message gives a pool its own
    settings = {k: v for k, v in pool_props.items()
                if k not in ("UserPoolName", "UserPoolTags", "EnabledMfas", "LambdaConfig")}
    pool_id = cognito.create_user_pool(PoolName=f"users-{uuid.uuid4().hex[:8]}", **settings)["UserPool"]["Id"]
    if "SOFTWARE_TOKEN_MFA" in pool_props.get("EnabledMfas", []):  # as the embedded cloud deploys it
        cognito.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=pool_props["MfaConfiguration"],
                                         SoftwareTokenMfaConfiguration={"Enabled": True})
    for group in _template_resources("AWS::Cognito::UserPoolGroup"):
        cognito.create_group(UserPoolId=pool_id, GroupName=group["GroupName"])
    (client_props,) = _template_resources("AWS::Cognito::UserPoolClient")
    client_settings = {k: v for k, v in client_props.items() if k not in ("ClientName", "UserPoolId")}
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=client_props["ClientName"],
                                                **client_settings)["UserPoolClient"]["ClientId"]
    return Pool(cognito, pool_id, client_id)


@pytest.fixture
def unique_name() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}{uuid.uuid4().hex[:8]}"


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture(scope="session")
def claims() -> Callable[[str], dict[str, Any]]:
    """claims(jwt): its payload, unverified (the tests that check signatures use PyJWT)."""
    return _claims


def _error_of(call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, str]:
    try:
        call(*args, **kwargs)
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"].get("Message", "")
    raise AssertionError(f"{getattr(call, '__name__', call)} succeeded")


@pytest.fixture(scope="session")
def error_of() -> Callable[..., tuple[str, str]]:
    """error_of(call, *args, **kwargs): (code, message) of the ClientError it raises; fails if it succeeds."""
    return _error_of
