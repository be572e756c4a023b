"""A context's OpenAPI document as the tests read it: fetched from the running platform, `$ref`s resolved, and the
check that every route is documented with exactly the codes it answers (problems in the problem+json shape)."""

from __future__ import annotations

from typing import Any

from .platform import Platform

PROBLEM_FIELDS = {"type", "title", "status", "detail"}
# (method, path) -> (success status, or several as "200,202", the problems it documents)
Routes = dict[tuple[str, str], tuple[str, set[str]]]


def fetch(platform: Platform, context: str) -> dict[str, Any]:
    response = platform.request("GET", f"/{context}/openapi.json")
    assert response.status == 200, response.raw
    assert response.headers["content-type"].startswith("application/json")
    return response.json  # type: ignore[no-any-return]


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def assert_documents_exactly(document: dict[str, Any], routes: Routes) -> None:
    assert document["openapi"].startswith("3.1")
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert documented == set(routes)
    for (method, path), (success, problems) in routes.items():
        responses = document["paths"][path][method]["responses"]
        assert set(responses) == {*success.split(","), *problems}, (method, path, responses)
        for code in problems:
            schema = responses[code]["content"]["application/problem+json"]["schema"]
            assert set(resolve(document, schema)["required"]) == PROBLEM_FIELDS


def assert_answers_as_documented(document: dict[str, Any], method: str, path: str, response: Any) -> None:
    """The response's status is documented for the operation, and its JSON body fits the schema given for it."""
    from jsonschema import Draft202012Validator

    answers = document["paths"][path][method]["responses"]
    assert str(response.status) in answers, (method, path, response.status, response.raw)
    schema = answers[str(response.status)]["content"]["application/json"]["schema"]
    Draft202012Validator({**schema, "components": document["components"]}).validate(response.json)
