"""Every route that needs a caller says so (`security=http.AUTHENTICATED`), and only those: the declaration is
what makes an unauthenticated request with an invalid body a 401 rather than a 400, and what the OpenAPI
documents show. Read from the source of every context, so a new route cannot forget it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
METHODS = {"get", "post", "put", "patch", "delete"}


def _routes() -> list[tuple[str, ast.FunctionDef, ast.Call]]:
    found = []
    for module in sorted(FUNCTIONS.glob("*/*/**/*.py")):  # handlers/ too
        for node in ast.walk(ast.parse(module.read_text(), str(module))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                        and decorator.func.attr in METHODS and isinstance(decorator.func.value, ast.Name)
                        and decorator.func.value.id == "router"):
                    found.append((f"{module.relative_to(FUNCTIONS)}:{node.name}", node, decorator))
    return found


def _requires_caller(function: ast.FunctionDef) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "caller"
               for node in ast.walk(function))


def _declares_security(decorator: ast.Call) -> bool:
    return any(keyword.arg == "security" for keyword in decorator.keywords)


ROUTES = _routes()


def test_the_contexts_have_routes_to_check() -> None:
    assert len(ROUTES) > 30


@pytest.mark.parametrize(("name", "function", "decorator"), ROUTES, ids=[name for name, _, _ in ROUTES])
def test_a_route_declares_security_exactly_when_it_requires_a_caller(name: str, function: ast.FunctionDef,
                                                                   decorator: ast.Call) -> None:
    assert _requires_caller(function) == _declares_security(decorator), (
        f"{name}: a route that calls http.caller(...) declares security=http.AUTHENTICATED, and no other does")
