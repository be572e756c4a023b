"""A route's answers as its OpenAPI document shows them: the success with the schema of what comes back (an
`http.View` model) and the problem+json answers by status (`#/components/schemas/Problem`).

A context names its problems once, in its own words; each route then lists its own answers:

    answers = responses.Answers({404: "No such user", 409: "The username or e-mail is already in use"})

    @router.get("/users/<userId>", security=http.AUTHENTICATED, responses=answers(200, "The user", 401, 404,
                                                                                  model=UserView))
    def get_user(userId: str) -> Response:
        return http.json_response(200, UserView(...))

The model is documented through powertools' `responses=` and nothing checks it per request: the view builds
the model and `http.json_response` sends it, so what the document says is what comes back. (A return annotation
would have powertools validate each response again, answer a model mismatch with a 400, and send null for every
absent field.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from . import http
from .pagination import PageRequest, encode_cursor

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
    from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

PROBLEM = {"$ref": "#/components/schemas/Problem"}  # kernel.http puts the schema in every document

# What a status means when a context has no words of its own for it.
COMMON_PROBLEMS: dict[int, str] = {
    400: "The request is not valid", 401: "No valid access token", 403: "Not the caller's to act on",
    404: "No such resource", 409: "A conflicting state", 413: "The body is over 1 MB",
    415: "The body is not application/json", 429: "Too many requests; see Retry-After",
    503: "A service it depends on cannot be reached"}

T = TypeVar("T")


class Page(http.View, Generic[T]):
    """A page of a list (kernel.pagination): `Page[UserView]`; nextCursor is null on the last page."""

    items: list[T]
    next_cursor: str | None


def page_answer(router: APIGatewayHttpRouter, key_attributes: tuple[str, ...],
                read: Callable[[int, dict[str, Any] | None], tuple[list[Any], dict[str, Any] | None]],
                view: Callable[[Any], Any]) -> Response:
    """A list route's 200: the query string's `limit` and `cursor` (a cursor of other `key_attributes` is a 400),
    one `read(limit, start_key) -> (items, last_key)`, each item shown through `view`."""
    request = PageRequest.parse(router.current_event.query_string_parameters, key_attributes)
    items, last_key = read(request.limit, request.start_key)
    return http.json_response(200, Page[Any](items=[view(item) for item in items],
                                             next_cursor=encode_cursor(last_key)))


class Answers:
    """A context's problem texts (over `COMMON_PROBLEMS`); called per route for its `responses=`."""

    def __init__(self, problems: Mapping[int, str] | None = None) -> None:
        self.problems = {**COMMON_PROBLEMS, **(problems or {})}

    def __call__(self, status: int, description: str, *problems: int,
                 model: Any = None) -> dict[int, OpenAPIResponse]:
        """`model`: an `http.View` (or `Page[...]`, or a union of views) of the success body; none for a 204."""
        if status == 204 and model is not None:
            raise ValueError("a 204 has no body to describe")
        if model is not None:
            content: dict[str, Any] = {"application/json": {"model": model}}
        else:  # a 204, or a route not described yet
            content = {} if status == 204 else {"application/json": {"schema": {"type": "object"}}}
        unknown = [code for code in problems if code not in self.problems]
        if unknown:
            raise ValueError(f"no description for the problems {unknown}")
        answers: dict[int, OpenAPIResponse] = {status: {"description": description, "content": content}}
        for code in problems:
            answers[code] = {"description": self.problems[code],
                             "content": {"application/problem+json": {"schema": PROBLEM}}}
        return answers
