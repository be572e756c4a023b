"""Errors of JSON services (DynamoDB, Step Functions, Cognito, ...) built without an XML body nobody reads.

moto 5.2.5's `JsonRESTError.__init__` first runs `_RESTError.__init__`, which renders the error as an XML document
with xmltodict, then replaces that body by the JSON one. DynamoDB raises such errors inside requests that succeed
too: an `ADD` to an attribute an item does not have yet (a new counter) raises and catches
`ProvidedKeyDoesNotExist` before adding to zero, and every refused condition is one. Here the error gets the same
fields (type, message, JSON body, content type) without the XML.
"""

from __future__ import annotations

import json
from typing import Any

_replaced: dict[str, Any] = {}


def install() -> None:
    if _replaced:
        return
    from moto.core.exceptions import JsonRESTError
    from werkzeug.exceptions import HTTPException

    def __init__(self: JsonRESTError, error_type: str, message: str, _: str = "", **kwargs: Any) -> None:  # noqa: N807
        HTTPException.__init__(self)  # what _RESTError.__init__ starts with
        self.error_type = error_type
        self.message = message
        self.description = json.dumps({"__type": self.error_type, "message": self.message})
        self.content_type = "application/json"

    _replaced["init"] = JsonRESTError.__init__
    JsonRESTError.__init__ = __init__  # type: ignore[method-assign]


def uninstall() -> None:
    """Put back moto's constructor (for tests and benchmarks)."""
    if _replaced:
        from moto.core.exceptions import JsonRESTError

        JsonRESTError.__init__ = _replaced.pop("init")  # type: ignore[method-assign]
