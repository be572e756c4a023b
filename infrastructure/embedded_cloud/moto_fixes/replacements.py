"""What a fix replaces in moto (or a library moto uses), put in place by `install()` and put back by `uninstall()`.

Not a fix itself. A fix names its replacements once, `Replacements((Owner, "name", ours), ...)`, and its
`install()`/`uninstall()` call this object's. Each replacement is `unittest.mock.patch.object`, which puts back
exactly what it found: what the owner held in its own `__dict__` (a staticmethod, a classmethod, a property
itself, not what reading it through the class gives), or, for what the owner inherited, nothing (the attribute
is deleted again, so the base class's answers). The patches are entered as context managers, not `start()`ed:
`mock.patch.stopall()` in a test must not take a fix out. An owner given as a dotted name
("moto.events.utils.EventTemplateParser") is imported at the first `install()`, not with the fix.

Both calls are idempotent. The order of fixes matters where two replace the same attribute
(`moto_fixes.FIXES`): `install()` saves whatever is there, moto's or a wrapper another fix installed before,
and `uninstall()` puts that back, dropping any wrapper installed on top since (as assigning the saved value
back did). `originals["Owner.name"]` (the last part of the owner's name) is what `install()` found there, read
through the owner as a call of it reads it, for a replacement that calls what it replaces.
"""

from __future__ import annotations

import contextlib
import pkgutil
from typing import Any


class Replacements:
    def __init__(self, *replacements: tuple[Any, str, Any]) -> None:
        self._replacements = replacements  # (owner or its dotted name, attribute name, what takes its place)
        self._installed: contextlib.ExitStack | None = None
        self.originals: dict[str, Any] = {}

    @property
    def installed(self) -> bool:
        return self._installed is not None

    def install(self) -> None:
        if self._installed is not None:
            return
        from unittest import mock  # imports asyncio: not for a module that only names what it replaces

        with contextlib.ExitStack() as stack:
            stack.callback(self.originals.clear)  # the last thing undone
            for owner, name, replacement in self._replacements:
                if isinstance(owner, str):
                    owner = pkgutil.resolve_name(owner)
                key = f"{owner.__name__.rpartition('.')[2]}.{name}"
                assert key not in self.originals, f"two owners named alike replace {key}"
                self.originals[key] = getattr(owner, name)
                stack.enter_context(mock.patch.object(owner, name, replacement))
            self._installed = stack.pop_all()  # an error midway leaves the `with` to undo what was done

    def uninstall(self) -> None:
        if self._installed is not None:
            self._installed.close()  # the last one replaced is put back first
            self._installed = None
