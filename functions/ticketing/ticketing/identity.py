"""Cognito, the platform's identity provider: who has a username, asked only when ticketing's replica of users
(people.py) has not heard of it - a user registered a moment ago, whose user.created is still on its way - so a
transfer to them works at once instead of answering "no such user" for a while."""

from __future__ import annotations

import os
import re

from botocore.exceptions import ClientError
from kernel.aws import client

USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,30}$")  # the users context's rule: nothing else is sent to Cognito


def registered(username: str) -> str | None:
    """The id (`sub`) of the account with this username (any case), once its registration is complete
    (CONFIRMED: the profile and its user.created are written) and it is enabled; None otherwise."""
    if not USERNAME.match(username):
        return None
    try:
        user = client("cognito-idp").admin_get_user(UserPoolId=os.environ["USER_POOL_ID"], Username=username)
    except ClientError as error:
        if error.response["Error"]["Code"] == "UserNotFoundException":
            return None
        raise
    if user["Username"].lower() != username.lower():  # found by an alias (the e-mail): not a username
        return None
    if user.get("UserStatus") != "CONFIRMED" or not user.get("Enabled", True):
        return None
    return next((a["Value"] for a in user.get("UserAttributes", []) if a["Name"] == "sub"), None)
