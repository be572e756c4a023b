"""Cognito, as the users context uses it: accounts, groups, logins, refresh, revocation, passwords."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from kernel.aws import client
from kernel.errors import Conflict, FieldError, Unauthorized, ValidationFailed


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


def _pool() -> str:
    return os.environ["USER_POOL_ID"]


def _client_id() -> str:
    return os.environ["USER_POOL_CLIENT_ID"]


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def sign_up(username: str, email: str, password: str) -> str:
    """A new, unconfirmed account (it cannot log in until `activate`); returns its id (`sub`)."""
    try:
        return client("cognito-idp").sign_up(
            ClientId=_client_id(), Username=username, Password=password,
            UserAttributes=[{"Name": "email", "Value": email}])["UserSub"]
    except ClientError as error:
        if _code(error) == "UsernameExistsException":
            raise Conflict("User creation rejected: the username is taken",
                           [FieldError("username", "is taken")]) from error
        if _code(error) == "InvalidPasswordException":
            raise ValidationFailed("Password not compliant", [FieldError("password", _message(error))]) from error
        raise


def account_status(username: str) -> tuple[str, str] | None:
    """(sub, UserStatus) of an existing account, or None."""
    try:
        user = client("cognito-idp").admin_get_user(UserPoolId=_pool(), Username=username)
    except ClientError as error:
        if _code(error) == "UserNotFoundException":
            return None
        raise
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    return sub, user["UserStatus"]


def activate(username: str, role: str) -> None:
    """Confirm the account and put it in its role's group: from now on it can log in."""
    cognito = client("cognito-idp")
    cognito.admin_add_user_to_group(UserPoolId=_pool(), Username=username, GroupName=role)
    try:
        cognito.admin_confirm_sign_up(UserPoolId=_pool(), Username=username)
    except ClientError as error:
        if _code(error) != "NotAuthorizedException":  # already confirmed: a retry
            raise


def delete_account(username: str, user_id: str | None = None) -> None:
    """Delete the account (no error if it is gone); with `user_id`, only if the name still belongs to that user."""
    if user_id is not None:
        existing = account_status(username)
        if existing is None or existing[0] != user_id:
            return
    try:
        client("cognito-idp").admin_delete_user(UserPoolId=_pool(), Username=username)
    except ClientError as error:
        if _code(error) != "UserNotFoundException":
            raise


def log_in(username: str, password: str) -> Tokens:
    try:
        result = client("cognito-idp").initiate_auth(
            ClientId=_client_id(), AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password})["AuthenticationResult"]
    except ClientError as error:
        if _code(error) in ("NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException"):
            raise Unauthorized("Login failed: invalid credentials") from error
        raise
    return _tokens(result, result["RefreshToken"])


def refresh(refresh_token: str) -> Tokens:
    try:
        result = client("cognito-idp").initiate_auth(
            ClientId=_client_id(), AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token})["AuthenticationResult"]
    except ClientError as error:
        if _code(error) in ("NotAuthorizedException", "UserNotFoundException"):
            raise Unauthorized("Token refresh failed: the refresh token is not valid") from error
        raise
    return _tokens(result, refresh_token)


def session_of(refresh_token: str) -> tuple[str, str] | None:
    """(user id, login `origin_jti`) of a refresh token, or None when it no longer refreshes.

    Refresh tokens are opaque; the access token a refresh answers names its login. It comes straight from
    Cognito, so reading its claims without checking the signature is safe here."""
    import jwt

    try:
        result = client("cognito-idp").initiate_auth(
            ClientId=_client_id(), AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token})["AuthenticationResult"]
    except ClientError as error:
        if _code(error) in ("NotAuthorizedException", "UserNotFoundException"):
            return None
        raise
    claims = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    return claims["sub"], claims.get("origin_jti") or claims["jti"]


def sign_out_everywhere(username: str) -> None:
    """Every refresh token of the account stops refreshing (Cognito's global sign-out)."""
    try:
        client("cognito-idp").admin_user_global_sign_out(UserPoolId=_pool(), Username=username)
    except ClientError as error:
        if _code(error) != "UserNotFoundException":
            raise


def revoke(refresh_token: str) -> None:
    try:
        client("cognito-idp").revoke_token(Token=refresh_token, ClientId=_client_id())
    except ClientError as error:
        if _code(error) not in ("NotAuthorizedException", "UnsupportedTokenTypeException"):
            raise


def change_password(access_token: str, current: str, new: str) -> None:
    try:
        client("cognito-idp").change_password(AccessToken=access_token, PreviousPassword=current,
                                              ProposedPassword=new)
    except ClientError as error:
        if _code(error) == "NotAuthorizedException":
            raise ValidationFailed("Current password incorrect",
                                   [FieldError("currentPassword", "is incorrect")]) from error
        if _code(error) == "InvalidPasswordException":
            raise ValidationFailed("Invalid password", [FieldError("newPassword", _message(error))]) from error
        raise


def _tokens(result: dict[str, Any], refresh_token: str) -> Tokens:
    return Tokens(access_token=result["AccessToken"], expires_in=int(result["ExpiresIn"]),
                  refresh_token=refresh_token,
                  refresh_expires_in=int(os.environ.get("REFRESH_TOKEN_SECONDS", "2592000")))


def _message(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Message", "")
