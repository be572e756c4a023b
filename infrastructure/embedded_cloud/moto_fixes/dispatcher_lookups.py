"""The request dispatcher looks up what cannot change while the server runs once, not on every request.

moto 5.2.5, on every request:
- `DomainDispatcherApplication.get_backend_for_host` asks `moto.backends.list_of_moto_modules()` whether the
  host names a service module: that lists moto's package directory and stats each of its ~200 entries;
- `BaseResponse.call_action` asks `method_names_from_class(handler class)`, which walks every member of the
  handler class with `inspect.getmembers`, whether the action is one of its methods.
Together about a sixth of the CPU of a small DynamoDB call. Here the directory listing is read once, and each
handler class's method names once per class (our fixes replace methods, never add or remove names).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from moto import backends
from moto.core import responses

from .replacements import Replacements

_modules: list[tuple[str, ...]] = []
_method_names: dict[type, list[str]] = {}


def list_of_moto_modules() -> Iterable[str]:
    if not _modules:
        _modules.append(tuple(replaced.originals["backends.list_of_moto_modules"]()))
    return _modules[0]


def method_names_from_class(clazz: Any) -> list[str]:
    names = _method_names.get(clazz)
    if names is None:
        names = _method_names[clazz] = replaced.originals["responses.method_names_from_class"](clazz)
    return names


replaced = Replacements((backends, "list_of_moto_modules", list_of_moto_modules),
                        (responses, "method_names_from_class", method_names_from_class))
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget what was read (for tests and benchmarks)."""
    replaced.uninstall()
    _modules.clear()
    _method_names.clear()
