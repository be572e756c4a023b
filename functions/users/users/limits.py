"""Sign-in limits: logins and registrations per client address and minute, failed logins per account.

Counters are items of the users table, changed by conditional updates only and removed by its TTL:

    PK=LIMIT#ADDRESS#<ip>        SK=MINUTE#<epoch minute>   attempts: logins and registrations that minute
    PK=LIMIT#ACCOUNT#<name>      SK=SIGN-IN                 failures: failed logins, each pushing expiresAt
                                                            (LockSeconds after the latest) - the lock's end
    PK=LIMIT#<kind>#<name>       SK=HOUR#<epoch hour>       attempts: password resets (RESET) or verification
                                                            codes (VERIFY) asked for that account that hour
All answer 429 with Retry-After. (On AWS, Cognito's own lockout comes on top; the gateway throttles every
route for all clients together, this counts per address and per account.)
"""

from __future__ import annotations

import os
import time

from kernel.errors import TooManyRequests
from kernel.table import ContextTable
from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import UpdateError


class Counter(ContextTable):
    attempts = NumberAttribute(null=True)
    failures = NumberAttribute(null=True)
    expiresAt = NumberAttribute(null=True)


def _setting(name: str) -> int:
    return int(float(os.environ[name]))


def _refused(error: UpdateError) -> bool:
    return error.cause_response_code == "ConditionalCheckFailedException"


def count_attempt(address: str) -> None:
    """One login or registration from `address`; 429 once it has made its minute's share."""
    now = time.time()
    minute = int(now // 60)
    limit = _setting("SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE")
    try:
        Counter(f"LIMIT#ADDRESS#{address}", f"MINUTE#{minute}").update(
            actions=[Counter.attempts.add(1), Counter.expiresAt.set(minute * 60 + 120)],
            condition=Counter.attempts.does_not_exist() | (Counter.attempts < limit))
    except UpdateError as error:
        if not _refused(error):
            raise
        raise TooManyRequests("Too many sign-in attempts from this address; try again later",
                              retry_after=int((minute + 1) * 60 - now) + 1) from None


def _account(username: str) -> Counter:
    return Counter(f"LIMIT#ACCOUNT#{username.lower()}", "SIGN-IN")


def require_unlocked(username: str) -> None:
    """429 while the account has failed its allowance of logins and the last failure is recent."""
    now = int(time.time())
    try:
        item = Counter.get(f"LIMIT#ACCOUNT#{username.lower()}", "SIGN-IN", consistent_read=True)
    except Counter.DoesNotExist:
        return
    if (item.failures or 0) >= _setting("SIGN_IN_FAILURES_BEFORE_LOCK") and (item.expiresAt or 0) > now:
        raise TooManyRequests("Too many failed logins for this account; try again later",
                              retry_after=int(item.expiresAt) - now)


def failed(username: str) -> None:
    """A failed login: one more failure within the lock window (a new window once the last one has ended)."""
    now = int(time.time())
    until = now + _setting("SIGN_IN_LOCK_SECONDS")
    account = _account(username)
    for _ in range(3):  # a race with another failure or the window's end: at most a few rounds
        try:
            account.update(actions=[Counter.failures.add(1), Counter.expiresAt.set(until)],
                           condition=Counter.expiresAt > now)
            return
        except UpdateError as error:
            if not _refused(error):
                raise
        try:
            account.update(actions=[Counter.failures.set(1), Counter.expiresAt.set(until)],
                           condition=Counter.PK.does_not_exist() | (Counter.expiresAt <= now))
            return
        except UpdateError as error:
            if not _refused(error):
                raise


def succeeded(username: str) -> None:
    """A good login clears the account's failures."""
    _account(username).delete()  # no condition: nothing to clear is fine


def count_hourly(kind: str, key: str, setting: str) -> None:
    """One `kind` request (a password reset, a verification code) for `key` (an account name); 429 once the
    hour has had its share. Unknown accounts count too, so the answer never tells whether one exists."""
    now = time.time()
    hour = int(now // 3600)
    try:
        Counter(f"LIMIT#{kind}#{key.lower()}", f"HOUR#{hour}").update(
            actions=[Counter.attempts.add(1), Counter.expiresAt.set(hour * 3600 + 7200)],
            condition=Counter.attempts.does_not_exist() | (Counter.attempts < _setting(setting)))
    except UpdateError as error:
        if not _refused(error):
            raise
        raise TooManyRequests("Too many requests for this account; try again later",
                              retry_after=int((hour + 1) * 3600 - now) + 1) from None
