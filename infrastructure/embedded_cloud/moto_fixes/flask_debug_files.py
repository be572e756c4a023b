"""moto's Flask apps no longer make a new class for every request they read a form of.

moto 5.2.5 runs each service's Flask app with `debug = True`, and in debug mode Flask's `Request._load_form_data`
(which every moto request reaches: `BaseResponse.setup_class` reads `request.form`) calls
`attach_enctype_error_multidict`: it defines a subclass of the request's `files` dict whose `__getitem__` explains
a missing upload with a `DebugFilesKeyError`, and swaps the dict's class for it. Defining a class costs ~100 us
of CPU, on every AWS call the platform serves.

Here the subclass is made once per dict class and kept; the request it explains a missing key for is the one
whose dict it is (a weak reference on the dict, so no reference cycle is left behind). What a missing key
raises, with what message, is Flask's.
"""

from __future__ import annotations

import weakref
from typing import Any

from flask import debughelpers

from .replacements import Replacements

_subclasses: dict[type, type] = {}
_REQUEST = "_eventonight_request"  # the attribute of a files dict that names its request


def _subclass(files_class: type) -> type:
    class DebugFiles(files_class):  # type: ignore[misc, valid-type]
        def __getitem__(self, key: str) -> Any:
            try:
                return super().__getitem__(key)
            except KeyError as e:
                request = self.__dict__[_REQUEST]()
                if request is None or key not in request.form:
                    raise
                raise debughelpers.DebugFilesKeyError(request, key).with_traceback(e.__traceback__) from None

    DebugFiles.__name__ = files_class.__name__
    DebugFiles.__qualname__ = files_class.__qualname__
    DebugFiles.__module__ = files_class.__module__
    return DebugFiles


def attach_enctype_error_multidict(request: Any) -> None:
    files = request.files
    files_class = files.__class__
    subclass = _subclasses.get(files_class)
    if subclass is None:
        subclass = _subclasses[files_class] = _subclass(files_class)
    files.__dict__[_REQUEST] = weakref.ref(request)
    files.__class__ = subclass


replaced = Replacements((debughelpers, "attach_enctype_error_multidict", attach_enctype_error_multidict))
install, uninstall = replaced.install, replaced.uninstall
