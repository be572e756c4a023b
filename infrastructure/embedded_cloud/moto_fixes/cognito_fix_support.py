"""What the cognito_* fixes share: switchable replacements of moto's methods, and a walk over every user pool.

Not a fix itself. A fix replaces each method once and for good; `install()` and `uninstall()` only switch the
replacement on and off. Several fixes wrap the same moto method (`_get_user`, `initiate_auth`), and the tests
run every fix both ways, so switching must not depend on the order the fixes were installed in (what
`replacements.Replacements` does not promise: its `uninstall()` drops the wrappers installed on top since).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

Replacement = Callable[..., Any]  # replacement(original, *args, **kwargs)


class MethodFix:
    """A set of replacements of moto methods, switched on by `install()` and off by `uninstall()`."""

    def __init__(self) -> None:
        self.active = False
        self._patched = False
        self._replacements: list[tuple[type, str, Replacement]] = []

    def replaces(self, owner: type, name: str) -> Callable[[Replacement], Replacement]:
        """Decorator: `replacement(original, *args, **kwargs)` answers for `owner.name` while installed.

        `original` is None when moto has no such method; the method then answers as moto does for an
        action it lacks (NotImplementedError) while the fix is off."""

        def register(replacement: Replacement) -> Replacement:
            self._replacements.append((owner, name, replacement))
            return replacement

        return register

    def install(self) -> None:
        if not self._patched:
            for owner, name, replacement in self._replacements:
                setattr(owner, name, self._switch(owner, name, replacement))
            self._patched = True
        self.active = True

    def uninstall(self) -> None:
        self.active = False

    def _switch(self, owner: type, name: str, replacement: Replacement) -> Callable[..., Any]:
        original = owner.__dict__.get(name)

        def switch(*args: Any, **kwargs: Any) -> Any:
            if self.active:
                return replacement(original, *args, **kwargs)
            if original is None:
                raise NotImplementedError(f"The {name} action has not been implemented")
            return original(*args, **kwargs)

        if original is not None:
            functools.update_wrapper(switch, original)
        else:
            switch.__name__ = switch.__qualname__ = name
        return switch


def every_user_pool() -> Iterator[Any]:
    """Every user pool of every account and region that moto has created so far."""
    from moto.cognitoidp.models import cognitoidp_backends

    for account_backends in list(cognitoidp_backends.values()):
        for region, backend in list(account_backends.items()):
            if region != "global":
                yield from list(backend.user_pools.values())


def pool_of_client(backend: Any, client_id: str | None) -> Any:
    """The pool of `backend` that holds app client `client_id`, or None."""
    return next((pool for pool in backend.user_pools.values() if client_id in pool.clients), None)


def unverified_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT moto issued, without checking its signature ({} for anything else)."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        return {}
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}
