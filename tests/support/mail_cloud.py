"""SES and Cognito for unit tests that send e-mail, inside an active in-process moto (e.g. `context_table`): the
platform's sending identity and configuration set with the embedded cloud's mailbox fix (each message SES accepts
is filed as MIME in `embedded_cloud.mailbox.MAILBOX`), and a user pool for the addresses.

    with context_table("ticketing"):
        pool = mail_cloud.start()
        user_id = mail_cloud.user(pool, "ann", "ann@example.com")
        ... mail_cloud.received("ann@example.com") ...
"""

from __future__ import annotations

import os

SENDER = "no-reply@eventonight.local"


def start() -> str:
    """SES ready to send and a fresh user pool (its id in USER_POOL_ID, as the functions read it)."""
    import boto3
    from embedded_cloud.moto_fixes import ses_mailbox
    from kernel.aws import region

    ses_mailbox.install()
    os.environ.update(MAIL_FROM_ADDRESS=SENDER, MAIL_CONFIGURATION_SET="eventonight")
    sesv2 = boto3.client("sesv2", region_name=region())
    sesv2.create_email_identity(EmailIdentity=SENDER.rpartition("@")[2])
    sesv2.create_configuration_set(ConfigurationSetName="eventonight")
    pool = boto3.client("cognito-idp", region_name=region()).create_user_pool(PoolName="users")["UserPool"]["Id"]
    os.environ["USER_POOL_ID"] = pool
    return pool


def user(pool: str, username: str, email: str) -> str:
    """A Cognito user; its sub (the platform's user id)."""
    import boto3
    from kernel.aws import region

    created = boto3.client("cognito-idp", region_name=region()).admin_create_user(
        UserPoolId=pool, Username=username, UserAttributes=[{"Name": "email", "Value": email}])["User"]
    return {a["Name"]: a["Value"] for a in created["Attributes"]}["sub"]


def received(address: str) -> list[dict]:
    """What the mailbox holds for this address, newest first (each message's details: parts, headers)."""
    from embedded_cloud.mailbox import MAILBOX

    return [mail.details() for mail in MAILBOX.messages(address)]


def refuse(service: str, operation: str) -> None:
    """From now on the functions' client of `service` fails `operation` (kernel.aws keeps one client per warm
    worker): a test shows a path that must not call it."""
    from kernel.aws import client

    def refused(**_: object) -> None:
        raise AssertionError(f"{service} {operation} was called")

    client(service).meta.events.register(f"before-call.{service}.{operation}", refused,
                                         unique_id=f"refuse-{operation}")


def allow(service: str, operation: str) -> None:
    from kernel.aws import client

    client(service).meta.events.unregister(f"before-call.{service}.{operation}", unique_id=f"refuse-{operation}")
