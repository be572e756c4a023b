"""The wiring is declared in several places and they agree (architecture review 2026-12, problem 3).

- A route: the handler's `router` decorator, the HttpApi event of THAT function in `infrastructure/<ctx>.yaml`,
  and the context's `GET /<ctx>/openapi.json`: same paths and methods, none missing from one of them; a route
  that requires a token is documented so, and its function may read the revoked-tokens table.
- A consumed event: the consumer's dispatch table, the detail-types of the rules feeding the queue it reads (and
  the queue policy letting those rules send), and a schema in `events_schema/`.
- A published event: every event type a context names outside its consumer has a schema with that context as its
  producer, and every schema is named by the code of its producer.
- A WebSocket route: its integration invokes a function of the template that API Gateway may invoke.
- Least privilege: a function may read the revoked-tokens table exactly when its code checks a token.
- Every function of the templates has a handler that imports.
No cloud: the templates are read with the embedded cloud's loader and the handler modules imported, in moto.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from kernel import aws
from moto import mock_aws
from support import wiring

FUNCTIONS = wiring.functions()
HTTP = [f for f in FUNCTIONS if f.routes]
# A queue fed by EventBridge rules (the other queues are a context's own work queues)
CONSUMERS = [f for f in FUNCTIONS
             if any(wiring.rules_into(wiring.INFRASTRUCTURE / f"{f.context}.yaml", queue) for queue in f.queues)]
OPENAPI = {f.context: f for f in FUNCTIONS if f.module in (f"{f.context}.openapi", f"{f.context}.handlers.openapi")}
HEALTH = "kernel.health.handler"
SCHEMAS = wiring.schemas()


def _id(function: wiring.Function) -> str:
    return f"{function.context}:{function.logical_id}"


def _ours(module: Any) -> bool:
    """A module of the functions or the layers: those keep clients of this moto. A library stays imported: pydantic
    looks its classes' modules up in sys.modules later (a forgotten pydantic.root_model was a KeyError in a later
    test of the same process)."""
    return str(getattr(module, "__file__", None) or "").startswith((str(wiring.REPO / "functions"),
                                                                     str(wiring.REPO / "layers")))


def _forget(names: set[str]) -> None:
    """Our modules imported since (`names`) leave sys.modules and the packages that stay: a package imported
    before (by a test module's own imports) keeps each submodule imported since as an attribute, and a later
    `from package import sub` would take that forgotten module while `import package.sub` imports a new one -
    two copies of one module, so a test that patches the one misses the code that uses the other."""
    for name in names:
        module = sys.modules[name]
        if not _ours(module):
            continue
        del sys.modules[name]
        parent, _, child = name.rpartition(".")
        if parent in sys.modules and getattr(sys.modules[parent], child, None) is module:
            delattr(sys.modules[parent], child)


@pytest.fixture(scope="module")
def handlers() -> Iterator[dict[str, Any]]:
    """Every function's handler, imported as Lambda would with the environment the templates give; forgotten
    afterwards (our modules, sys.path, cached clients and secrets), so that no later test meets this moto."""
    modules, path = set(sys.modules), list(sys.path)
    with pytest.MonkeyPatch.context() as patch, mock_aws():
        environment = wiring.environment()
        for name, value in environment.items():
            patch.setenv(name, value)
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        ssm = boto3.client("ssm", region_name="us-east-1")
        for setting, secret in {"STRIPE_SECRET_KEY_PARAMETER": "sk_test_wiring",
                                "STRIPE_WEBHOOK_SECRET_PARAMETER": "whsec_wiring"}.items():
            ssm.put_parameter(Name=environment[setting], Value=secret, Type="SecureString")
        try:
            yield {_id(function): wiring.import_handler(function) for function in FUNCTIONS}
        finally:
            _forget(set(sys.modules) - modules)
            sys.path[:] = path
            aws.client.cache_clear()
            parameters.clear_caches()


def test_the_templates_have_wiring_to_check() -> None:
    assert len(HTTP) > 60 and len(CONSUMERS) >= 7 and len(OPENAPI) == 7 and len(SCHEMAS) > 25


@pytest.mark.parametrize("function", FUNCTIONS, ids=_id)
def test_every_function_has_a_handler_that_imports(function: wiring.Function, handlers: dict[str, Any]) -> None:
    assert callable(handlers[_id(function)]), function.handler


# --- routes ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("function", HTTP, ids=_id)
def test_a_functions_events_are_exactly_the_routes_its_handler_serves(function: wiring.Function,
                                                                     handlers: dict[str, Any]) -> None:
    if function.handler == HEALTH:
        assert function.routes == {("GET", f"/{function.context}/health")}
    elif function is OPENAPI.get(function.context):
        assert function.routes == {("GET", f"/{function.context}/openapi.json")}
    else:
        events = {(method, wiring.greedy_unnamed(path)) for method, path in function.routes}
        served = set(wiring.served_routes(handlers[_id(function)].app, function.context))
        assert events == served, (f"{function.logical_id} ({function.handler}): only in the template "
                                  f"{events - served}, only in the decorators {served - events}")


def _declared(context: str, handlers: dict[str, Any], documented_only: bool) -> dict[wiring.Route, bool]:
    declared: dict[wiring.Route, bool] = {}
    for function in HTTP:
        if function.context == context and function.handler != HEALTH and function is not OPENAPI[context]:
            app = handlers[_id(function)].app
            declared |= wiring.documented_routes(app) if documented_only else wiring.served_routes(app, context)
    return declared


@pytest.mark.parametrize("context", sorted(OPENAPI))
def test_the_openapi_document_is_every_route_of_the_context(context: str, handlers: dict[str, Any]) -> None:
    """The context's document against the documents of its functions, each generated from its decorators."""
    documented = wiring.documented_routes(handlers[_id(OPENAPI[context])].app)
    declared = _declared(context, handlers, documented_only=True)
    assert set(documented) == set(declared), (
        f"only documented {set(documented) - set(declared)}, not documented {set(declared) - set(documented)}")
    differ = {route for route in declared if documented[route] != declared[route]}
    assert not differ, f"documented with another security than its decorator declares: {differ}"


@pytest.mark.parametrize("context", sorted(OPENAPI))
def test_a_route_is_documented_with_the_security_it_requires(context: str, handlers: dict[str, Any]) -> None:
    documented = wiring.documented_routes(handlers[_id(OPENAPI[context])].app)
    served = _declared(context, handlers, documented_only=False)
    assert {route: served[route] for route in documented} == documented


@pytest.mark.parametrize("function", [f for f in HTTP if f.handler != HEALTH], ids=_id)
def test_a_function_may_read_revoked_tokens_exactly_when_it_checks_tokens(function: wiring.Function) -> None:
    """Least privilege: a route that never looks at a token has no business reading the deny-list."""
    checks = wiring.checks_tokens(function) and function is not OPENAPI[function.context]  # documents, no more
    assert function.reads_revoked_tokens == checks, function.logical_id


@pytest.mark.parametrize("function", [f for f in HTTP if f.handler != HEALTH], ids=_id)
def test_a_function_with_an_authenticated_route_may_check_revoked_tokens(function: wiring.Function,
                                                                        handlers: dict[str, Any]) -> None:
    served = wiring.served_routes(handlers[_id(function)].app, function.context)
    events = {(method, wiring.greedy_unnamed(path)) for method, path in function.routes}
    authenticated = any(security for route, security in served.items() if route in events)
    assert function.reads_revoked_tokens or not authenticated, (
        f"{function.logical_id} requires a token but may not read RevokedTokensTable: every call would fail")


# --- consumed events ---------------------------------------------------------------------------------------------

def _delivered(pattern: dict[str, Any]) -> set[str]:
    """The event types a rule's pattern lets through: its detail-types whose producer's source it matches (the
    relay puts an event on the bus with the source `eventonight.<producer>`)."""
    sources = pattern.get("source")
    return {t for t in pattern["detail-type"] if sources is None or f"eventonight.{SCHEMAS.get(t)}" in sources}


def _matched(function: wiring.Function) -> tuple[set[str], dict[str, dict[str, Any]]]:
    path = wiring.INFRASTRUCTURE / f"{function.context}.yaml"
    rules = {name: rule for queue in function.queues for name, rule in wiring.rules_into(path, queue).items()}
    return {t for rule in rules.values() for t in _delivered(rule["EventPattern"])}, rules


@pytest.mark.parametrize("function", CONSUMERS, ids=_id)
def test_a_consumer_handles_exactly_what_its_rules_deliver(function: wiring.Function,
                                                           handlers: dict[str, Any]) -> None:
    handled = set(handlers[_id(function)].event_types)
    matched, rules = _matched(function)
    readable = all("detail-type" in rule["EventPattern"] and set(rule["EventPattern"]) <= {"source", "detail-type"}
                   for rule in rules.values())
    assert rules and readable, f"{function.logical_id}: no rule, or a pattern this test cannot read"
    named = {t for rule in rules.values() for t in rule["EventPattern"]["detail-type"]}
    assert named == matched, f"{function.logical_id}: detail-types their rule's source never sends {named - matched}"
    assert handled == matched, (f"{function.logical_id}: delivered but not handled {matched - handled}, "
                                f"handled but never delivered {handled - matched}")


@pytest.mark.parametrize("function", CONSUMERS, ids=_id)
def test_the_queue_policy_lets_every_rule_send(function: wiring.Function) -> None:
    path = wiring.INFRASTRUCTURE / f"{function.context}.yaml"
    for queue in function.queues:
        rules = set(wiring.rules_into(path, queue))
        assert rules <= wiring.queue_policy_sources(path, queue), f"{queue}: a rule the policy does not allow"


@pytest.mark.parametrize("function", CONSUMERS, ids=_id)
def test_every_consumed_event_type_has_a_schema(function: wiring.Function, handlers: dict[str, Any]) -> None:
    assert set(handlers[_id(function)].event_types) <= set(SCHEMAS)


def test_every_dispatching_handler_reads_a_queue_fed_by_rules(handlers: dict[str, Any]) -> None:
    dispatching = {name for name, handler in handlers.items() if hasattr(handler, "event_types")}
    assert dispatching == {_id(function) for function in CONSUMERS}


# --- published events --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("context", sorted(wiring.contexts()))
def test_every_event_type_a_context_names_has_its_schema(context: str) -> None:
    named = wiring.named_event_types(context)
    unknown = {t: modules for t, modules in named.items() if SCHEMAS.get(t) != context}
    assert not unknown, f"named by {context} with no schema of producer {context!r}: {unknown}"


@pytest.mark.parametrize("event_type", sorted(SCHEMAS))
def test_every_schema_is_published_by_its_producer(event_type: str) -> None:
    assert event_type in wiring.named_event_types(SCHEMAS[event_type]), (
        f"no module of {SCHEMAS[event_type]} names {event_type}")


# --- WebSocket routes --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", wiring.CONTEXT_TEMPLATES, ids=lambda p: p.stem)
def test_every_websocket_route_invokes_a_function_api_gateway_may_invoke(path: Any) -> None:
    routes = wiring.websocket_routes(path)
    functions = {f.logical_id: f for f in FUNCTIONS if f.context == path.stem}
    for key, name in routes.items():
        assert name in functions, f"{path.name}: the route {key} invokes no function of the template"
        assert name in wiring.api_gateway_may_invoke(path), f"{path.name}: API Gateway may not invoke {name} ({key})"
        assert functions[name].reads_revoked_tokens == wiring.checks_tokens(functions[name]), name


def test_the_websocket_api_has_its_routes() -> None:
    assert set(wiring.websocket_routes(wiring.INFRASTRUCTURE / "notifications.yaml")) >= {"$connect", "$disconnect"}


@pytest.mark.parametrize("context", sorted(wiring.contexts()))
def test_every_handler_or_router_module_is_a_function_of_the_template(context: str) -> None:
    """A use case whose module no function names is a route or a consumer nobody can reach."""
    wired = {f.module for f in FUNCTIONS if f.context == context}
    assert wiring.handler_modules(context) <= wired, wiring.handler_modules(context) - wired


@pytest.mark.parametrize("context", sorted(wiring.contexts()))
def test_a_context_that_publishes_has_an_outbox_relay(context: str) -> None:
    """Without the relay on its table's stream, a context's outbox items never reach the bus, silently."""
    relays = [f for f in FUNCTIONS if f.context == context and f.handler == "kernel.relay.handler"]
    assert relays or not wiring.named_event_types(context), context  # notifications has one, publishing nothing yet
