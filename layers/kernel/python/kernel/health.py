"""GET /<context>/health: the context's functions run and answer."""

import json

from .headers import SECURITY_HEADERS

_OK = json.dumps({"status": "ok"})


def handler(event: dict, context: object) -> dict:
    return {"statusCode": 200, "headers": {**SECURITY_HEADERS, "content-type": "application/json"}, "body": _OK}
