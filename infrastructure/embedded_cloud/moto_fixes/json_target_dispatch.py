"""JSON-protocol AWS calls go from moto's dispatcher straight to the service's handler, without Flask around it.

moto 5.2.5 serves each service as a Flask app: every call (DynamoDB, SQS, Step Functions, EventBridge, Cognito:
a POST to `/` naming its operation in X-Amz-Target) pushes an app and a request context, opens a (null)
session, matches the URL against the service's rules, sends Flask's signals, calls the view - moto's
`convert_to_flask_response` around the handler - and finalises the response: about a sixth of the CPU of a
small call, on every AWS call the platform serves.

Here such a call goes to the view's handler directly, with the request built as Flask builds it (the app's
request class), and the answer built as `convert_to_flask_response` builds it (a ClientError raised by the
handler becomes its 400). Which handler serves `/` is read once per app, through the app's own URL map; an
app with hooks of its own (before/after request, URL preprocessors, error handlers, teardowns) still goes
through Flask, as does every other call (REST APIs, query protocol, S3, moto's own API). An exception the
handler raises propagates, as Flask propagates it in moto's debug mode; an HTTP error raised is answered as
Flask answers it.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from moto.core.utils import convert_to_flask_response
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from werkzeug.exceptions import BadRequestKeyError, HTTPException

from .replacements import Replacements

_handlers: dict[int, tuple[Any, Any]] = {}  # id(app) -> (the app, kept alive; its handler of POST / or None)
# What moto's `Request.raw_url` makes of the environ values it reads (werkzeug's url_root: scheme, host, server,
# script name; the raw path and query): the same few for every call of a client, each costing werkzeug's URL
# building and IRI conversion, a tenth of a small call's CPU.
_RAW_URL_KEYS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "RAW_URI", "PATH_INFO",
                 "QUERY_STRING")
_raw_urls: dict[tuple[Any, ...], str] = {}


def _handler_of_root(app: Any, environ: dict[str, Any]) -> Any:
    known = _handlers.get(id(app))
    if known is not None and known[0] is app:
        return known[1]
    handler = None
    hooks = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs,
             app.url_value_preprocessors, app.url_default_functions)  # name -> list (defaultdicts)
    error_handlers = (handler for by_code in app.error_handler_spec.values() for handlers in by_code.values()
                      for handler in handlers.values())
    if not (any(any(each.values()) for each in hooks) or app.teardown_appcontext_funcs or any(error_handlers)):
        try:
            endpoint, arguments = app.url_map.bind_to_environ(environ).match()
        except HTTPException:
            endpoint, arguments = None, {}
        view = app.view_functions.get(endpoint)
        if isinstance(view, convert_to_flask_response) and not arguments:
            handler = view.callback
    _handlers[id(app)] = (app, handler)
    return handler


def _answer(app: Any, handler: Any, environ: dict[str, Any], start_response: Any) -> Any:
    """What Flask and `convert_to_flask_response` make of the call."""
    from moto.moto_api import recorder

    request = app.request_class(environ)
    request.json_module = app.json  # as Flask's request context sets it
    try:
        recorder._record_request(request)
        result = handler(request, _raw_url(request), dict(request.headers))
    except ClientError as exc:
        result = 400, {}, exc.response["Error"]["Message"]
    except HTTPException as e:
        if isinstance(e, BadRequestKeyError) and app.debug or app.config["TRAP_HTTP_EXCEPTIONS"]:
            raise  # trapped in debug mode: it propagates as any exception does
        return app.response_class.force_type(e.get_response(environ), environ)(environ, start_response)
    if len(result) == 3:
        status, headers, content = result
    else:
        status, headers, content = 200, {}, result
    return app.response_class(response=content, status=status, headers=headers)(environ, start_response)


def _raw_url(request: Any) -> str:
    environ = request.environ
    key = tuple(environ.get(name) for name in _RAW_URL_KEYS)
    url = _raw_urls.get(key)
    if url is None:
        if len(_raw_urls) >= 256:
            _raw_urls.clear()
        url = _raw_urls[key] = request.raw_url
    return url


def __call__(self: DomainDispatcherApplication, environ: dict[str, Any], start_response: Any) -> Any:
    app = self.get_application(environ)
    if (environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/"
            and "HTTP_X_AMZ_TARGET" in environ):
        handler = _handler_of_root(app, environ)
        if handler is not None:
            return _answer(app, handler, environ, start_response)
    return app(environ, start_response)


replaced = Replacements((DomainDispatcherApplication, "__call__", __call__))
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget what was read (for tests and benchmarks)."""
    replaced.uninstall()
    _handlers.clear()
    _raw_urls.clear()
