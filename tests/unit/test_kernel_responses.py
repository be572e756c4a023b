"""kernel.responses: a route's documented answers, read from the OpenAPI document the app serves, and the body a
View model is sent as, checked against the schema the document gives for it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from kernel import http, responses

answers = responses.Answers({404: "No such thing"})
USER = "7f0c1a52-3c1e-4d7a-9a55-0f1e2d3c4b5a"


class Owner(http.View):
    display_name: str
    bio: str | None = None  # left out while None


class Thing(http.View):
    thing_id: str
    owner: Owner
    closed_at: str | None  # required: sent as null


class Summary(http.View):
    thing_id: str


router = http.router()


@router.post("/things", status_code=201, responses=answers(201, "The new thing", 400, 409, model=Thing))
def create() -> object:
    return http.json_response(201, Thing(thing_id="t1", owner=Owner(display_name="Ada"), closed_at=None))


@router.get("/things", responses=answers(200, "A page of things", 400, model=responses.Page[Summary]))
def listing() -> object:
    return http.json_response(200, responses.Page[Summary](items=[Summary(thing_id="t1")], next_cursor=None))


@router.get("/things/<userId>", responses=answers(200, "The thing, or its summary", 404, model=Thing | Summary))
def read(userId: str) -> object:  # noqa: N803  # the path parameter's name
    return http.json_response(200, Summary(thing_id=userId))


@router.delete("/things/<userId>", responses=answers(204, "Gone", 404))
def delete(userId: str) -> object:  # noqa: N803
    return http.json_response(204)


app = http.create_app("things", router)


def call(method: str, path: str) -> dict[str, Any]:
    event = {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "", "headers": {},
             "requestContext": {"http": {"method": method, "path": path, "sourceIp": "192.0.2.1"},
                                "requestId": "r1", "stage": "$default"},
             "isBase64Encoded": False}
    return app.resolve(event, None)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(call("GET", "/things/openapi.json")["body"])  # type: ignore[no-any-return]


def schema_of(document: dict[str, Any], path: str, method: str, status: str) -> Draft202012Validator:
    content = document["paths"][path][method]["responses"][status]["content"]
    schema = next(iter(content.values()))["schema"]
    return Draft202012Validator({**schema, "components": document["components"]})


def test_the_success_is_documented_with_the_models_camel_case_schema(document: dict[str, Any]) -> None:
    created = document["paths"]["/things"]["post"]["responses"]["201"]
    assert created["description"] == "The new thing"
    thing = document["components"]["schemas"]["Thing"]
    assert created["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Thing"}
    assert set(thing["properties"]) == {"thingId", "owner", "closedAt"}
    assert set(thing["required"]) == {"thingId", "owner", "closedAt"}
    assert document["components"]["schemas"]["Owner"]["required"] == ["displayName"]


def test_the_problems_are_problem_json_in_the_contexts_words_or_the_common_ones(document: dict[str, Any]) -> None:
    created, read = (document["paths"][path][method]["responses"]
                     for path, method in (("/things", "post"), ("/things/{userId}", "get")))
    assert set(created) == {"201", "400", "409"}
    assert created["409"]["description"] == responses.COMMON_PROBLEMS[409]
    assert read["404"]["description"] == "No such thing"
    for answer in (created["400"], created["409"], read["404"]):
        assert answer["content"] == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert "Problem" in document["components"]["schemas"]


def test_a_204_has_no_content_and_a_union_is_either_view(document: dict[str, Any]) -> None:
    assert document["paths"]["/things/{userId}"]["delete"]["responses"]["204"] == {"description": "Gone",
                                                                                    "content": {}}
    union = document["paths"]["/things/{userId}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert {option["$ref"] for option in union["schema"]["anyOf"]} == {"#/components/schemas/Thing",
                                                                      "#/components/schemas/Summary"}


@pytest.mark.parametrize(("method", "path", "documented_path", "status"),
                         [("POST", "/things", "/things", "201"), ("GET", "/things", "/things", "200"),
                          ("GET", f"/things/{USER}", "/things/{userId}", "200")])
def test_what_comes_back_is_what_the_document_says(document: dict[str, Any], method: str, path: str,
                                                   documented_path: str, status: str) -> None:
    answer = call(method, path)
    assert str(answer["statusCode"]) == status
    schema_of(document, documented_path, method.lower(), status).validate(json.loads(answer["body"]))


def test_a_view_leaves_out_an_absent_optional_field_and_sends_a_required_null() -> None:
    body = json.loads(call("POST", "/things")["body"])
    assert body == {"thingId": "t1", "owner": {"displayName": "Ada"}, "closedAt": None}
    assert json.loads(call("GET", "/things")["body"]) == {"items": [{"thingId": "t1"}], "nextCursor": None}
    with_bio = Thing(thing_id="t", owner=Owner(display_name="A", bio="hi"), closed_at="2026-12-05T00:00:00Z")
    assert with_bio.model_dump(mode="json", by_alias=True)["owner"] == {"displayName": "A", "bio": "hi"}


def test_a_problem_without_words_or_a_204_with_a_model_is_refused_at_import() -> None:
    with pytest.raises(ValueError, match="418"):
        answers(200, "Tea", 418, model=Summary)
    with pytest.raises(ValueError, match="204"):
        answers(204, "Gone", model=Summary)
