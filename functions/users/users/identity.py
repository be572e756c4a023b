"""Cognito, as the users context uses it: accounts, groups, logins, refresh, revocation, passwords."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from kernel.auth import TWO_FACTOR, VERIFIED
from kernel.aws import client
from kernel.errors import Conflict, FieldError, TooManyRequests, Unauthorized, ValidationFailed


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class SecondStepNeeded(Exception):  # noqa: N818 - not an error: the password was right, a code comes next
    """The password was right and the account signs in with two factors: answer Cognito's challenge next."""

    def __init__(self, session: str) -> None:
        super().__init__("SOFTWARE_TOKEN_MFA")
        self.session = session


def _pool() -> str:
    return os.environ["USER_POOL_ID"]


def _client_id() -> str:
    return os.environ["USER_POOL_CLIENT_ID"]


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def sign_up(username: str, email: str, password: str, language: str = "en") -> str:
    """A new, unconfirmed account (it cannot log in until `activate`) in `language` (its `locale`, for the code
    e-mails); returns its id (`sub`)."""
    try:
        return client("cognito-idp").sign_up(
            ClientId=_client_id(), Username=username, Password=password,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "locale", "Value": language}])["UserSub"]
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
            AuthParameters={"USERNAME": username, "PASSWORD": password})
    except ClientError as error:
        if _code(error) in ("NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException"):
            raise Unauthorized("Login failed: invalid credentials") from error
        raise
    if "AuthenticationResult" not in result:
        raise SecondStepNeeded(result["Session"])
    return _tokens(result["AuthenticationResult"], result["AuthenticationResult"]["RefreshToken"])


def prove_password(username: str, password: str) -> str | None:
    """The password is the account's, shown by signing in with it: Cognito's challenge session when a second
    factor comes next, None when the password alone signed in (its tokens revoked at once). ValidationFailed on
    `password` when it is wrong."""
    try:
        tokens = log_in(username, password)
    except SecondStepNeeded as second:
        return second.session
    except Unauthorized:
        raise ValidationFailed("Password incorrect", [FieldError("password", "is incorrect")]) from None
    revoke(tokens.refresh_token)
    return None


def answer_code(username: str, session: str, code: str) -> Tokens:
    """The second step of a two-factor sign-in: the authenticator's code for the challenge's session."""
    try:
        result = client("cognito-idp").respond_to_auth_challenge(
            ClientId=_client_id(), ChallengeName="SOFTWARE_TOKEN_MFA", Session=session,
            ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code})["AuthenticationResult"]
    except ClientError as error:
        if _code(error) == "CodeMismatchException":
            raise Unauthorized("Login failed: the code is not valid") from error
        if _code(error) in ("NotAuthorizedException", "ResourceNotFoundException", "ExpiredCodeException",
                            "InvalidParameterException"):
            raise Unauthorized("Login failed: the sign-in has expired; log in again") from error
        raise
    return _tokens(result, result["RefreshToken"])


def start_totp(access_token: str) -> str:
    """A new authenticator secret for the account (base32), in use once `confirm_totp` has a code of it."""
    try:
        return client("cognito-idp").associate_software_token(AccessToken=access_token)["SecretCode"]
    except ClientError as error:
        if _code(error) == "NotAuthorizedException":
            raise Unauthorized("The token is not valid") from error
        raise


def confirm_totp(access_token: str, code: str) -> None:
    """The authenticator's code proves the secret was taken; from now on logins ask for a code."""
    cognito = client("cognito-idp")
    try:
        cognito.verify_software_token(AccessToken=access_token, UserCode=code)
    except ClientError as error:
        if _code(error) in ("EnableSoftwareTokenMFAException", "CodeMismatchException", "InvalidParameterException"):
            raise ValidationFailed("The code is not valid", [FieldError("code", "does not match the secret")]) \
                from error
        raise
    cognito.set_user_mfa_preference(AccessToken=access_token,
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})


def mark_two_factor(username: str) -> None:
    """The `two-factor` group: tokens issued from now on say the account signs in with two factors."""
    client("cognito-idp").admin_add_user_to_group(UserPoolId=_pool(), Username=username, GroupName=TWO_FACTOR)


def leave_two_factor(username: str) -> None:
    """Out of the `two-factor` group: tokens from the next refresh on no longer say two factors."""
    try:
        client("cognito-idp").admin_remove_user_from_group(UserPoolId=_pool(), Username=username,
                                                           GroupName=TWO_FACTOR)
    except ClientError as error:
        if _code(error) != "UserNotFoundException":
            raise


def set_totp(username: str, enabled: bool) -> None:
    """Two-factor sign-in on or off for the account (its authenticator secret stays)."""
    client("cognito-idp").admin_set_user_mfa_preference(
        UserPoolId=_pool(), Username=username,
        SoftwareTokenMfaSettings={"Enabled": enabled, "PreferredMfa": enabled})


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


def send_email_code(access_token: str) -> None:
    """Cognito e-mails a code that verifies the account's address (GetUserAttributeVerificationCode)."""
    try:
        client("cognito-idp").get_user_attribute_verification_code(AccessToken=access_token, AttributeName="email")
    except ClientError as error:
        _refuse_code_errors(error, "code")
        raise


def verify_email(access_token: str, code: str) -> None:
    """The address is verified with the code Cognito e-mailed (ValidationFailed naming `code` otherwise)."""
    try:
        client("cognito-idp").verify_user_attribute(AccessToken=access_token, AttributeName="email", Code=code)
    except ClientError as error:
        _refuse_code_errors(error, "code")
        raise


def set_verified_email(username: str, email: str) -> None:
    """The account's address (its sign-in alias, where codes and mail go) is `email`, verified."""
    client("cognito-idp").admin_update_user_attributes(
        UserPoolId=_pool(), Username=username,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}])


def set_language(username: str, language: str) -> bool:
    """The account's `locale` attribute: the language Cognito's code e-mails are written in
    (handlers.custom_message, the pool's CustomMessage trigger). False when there is no such account (deleted)."""
    try:
        client("cognito-idp").admin_update_user_attributes(
            UserPoolId=_pool(), Username=username, UserAttributes=[{"Name": "locale", "Value": language}])
    except ClientError as error:
        if _code(error) != "UserNotFoundException":
            raise
        return False
    return True


def email_verified(username: str) -> bool:
    user = client("cognito-idp").admin_get_user(UserPoolId=_pool(), Username=username)
    return any(a["Name"] == "email_verified" and a["Value"] == "true" for a in user["UserAttributes"])


def mark_verified(username: str) -> None:
    """The `verified` group: the tokens issued from now on say the address is verified (kernel.auth)."""
    client("cognito-idp").admin_add_user_to_group(UserPoolId=_pool(), Username=username, GroupName=VERIFIED)


def forgot_password(username: str) -> None:
    """Cognito e-mails a reset code if the account exists and its address is verified; silent otherwise, so
    that the answer never tells whether an account exists."""
    try:
        client("cognito-idp").forgot_password(ClientId=_client_id(), Username=username)
    except ClientError as error:
        if _code(error) not in ("UserNotFoundException", "InvalidParameterException", "NotAuthorizedException",
                                "LimitExceededException", "CodeDeliveryFailureException"):
            raise


def confirm_forgot_password(username: str, code: str, password: str) -> None:
    try:
        client("cognito-idp").confirm_forgot_password(ClientId=_client_id(), Username=username,
                                                      ConfirmationCode=code, Password=password)
    except ClientError as error:
        if _code(error) == "InvalidPasswordException":
            raise ValidationFailed("Invalid password", [FieldError("newPassword", _message(error))]) from error
        if _code(error) in ("UserNotFoundException", "NotAuthorizedException"):
            raise ValidationFailed("The code is not valid", [FieldError("code", "is incorrect")]) from error
        _refuse_code_errors(error, "code")
        raise


def _refuse_code_errors(error: ClientError, field: str) -> None:
    code = _code(error)
    if code == "CodeMismatchException":
        raise ValidationFailed("The code is not valid", [FieldError(field, "is incorrect")]) from error
    if code == "ExpiredCodeException":
        raise ValidationFailed("The code has expired or was used; ask for a new one",
                               [FieldError(field, "has expired or was used")]) from error
    if code in ("LimitExceededException", "TooManyRequestsException", "TooManyFailedAttemptsException"):
        raise TooManyRequests("Too many codes or attempts; try again later", retry_after=60) from error


def _tokens(result: dict[str, Any], refresh_token: str) -> Tokens:
    return Tokens(access_token=result["AccessToken"], expires_in=int(result["ExpiresIn"]),
                  refresh_token=refresh_token,
                  refresh_expires_in=int(os.environ.get("REFRESH_TOKEN_SECONDS", "2592000")))


def _message(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Message", "")
