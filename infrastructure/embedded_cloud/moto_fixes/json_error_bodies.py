"""Errors of JSON services (DynamoDB, Step Functions, Cognito, ...) built without an XML body nobody reads.

moto 5.2.5's `JsonRESTError.__init__` first runs `_RESTError.__init__`, which renders the error as an XML document
with xmltodict, then replaces that body by the JSON one. DynamoDB raises such errors inside requests that succeed
too: an `ADD` to an attribute an item does not have yet (a new counter) raises and catches
`ProvidedKeyDoesNotExist` before adding to zero, and every refused condition is one. Here the error gets the same
fields (type, message, JSON body, content type) without the XML.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException

from .replacements import Replacements

if TYPE_CHECKING:
    from moto.core.exceptions import JsonRESTError


def __init__(self: JsonRESTError, error_type: str, message: str, _: str = "", **kwargs: Any) -> None:  # noqa: N807
    HTTPException.__init__(self)  # what _RESTError.__init__ starts with
    self.error_type = error_type
    self.message = message
    self.description = json.dumps({"__type": self.error_type, "message": self.message})
    self.content_type = "application/json"


replaced = Replacements(("moto.core.exceptions.JsonRESTError", "__init__", __init__))
install, uninstall = replaced.install, replaced.uninstall
