"""moto's Flask apps (debug mode) explain a missing upload as Flask does, with one class per files dict class
instead of a new class for every request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import flask
import pytest
from embedded_cloud.moto_fixes import flask_debug_files
from flask import debughelpers
from werkzeug.exceptions import BadRequestKeyError

FORM = {"data": {"file": "sent as a field, not an upload", "other": "x"},
        "content_type": "application/x-www-form-urlencoded"}


@pytest.fixture(params=[False, True], ids=["flask", "fixed"])
def fixed(request: pytest.FixtureRequest) -> Iterator[bool]:
    installed = flask_debug_files.replaced.installed
    flask_debug_files.install() if request.param else flask_debug_files.uninstall()
    yield request.param
    flask_debug_files.install() if installed else flask_debug_files.uninstall()


@pytest.fixture
def app() -> flask.Flask:
    app = flask.Flask("moto")
    app.debug = True  # as moto's create_backend_app makes every service's app
    return app


def missing(app: flask.Flask, key: str) -> tuple[type, str, str]:
    """What reading the upload `key` of a form request raises: its type, message and the files dict's class."""
    with app.test_request_context("/", method="POST", **FORM):
        request: Any = flask.request
        assert request.form["other"] == "x"
        with pytest.raises(KeyError) as raised:
            request.files[key]
        return raised.type, str(raised.value), type(request.files).__name__


def test_a_missing_upload_is_explained_as_flask_explains_it(fixed: bool, app: flask.Flask) -> None:
    kind, message, files_class = missing(app, "file")
    assert kind is debughelpers.DebugFilesKeyError
    assert "You tried to access the file 'file' in the request.files dictionary" in message
    assert "application/x-www-form-urlencoded" in message
    assert files_class == "ImmutableMultiDict"
    absent = missing(app, "absent")  # in neither the form nor the files: werkzeug's own error
    assert absent[0] is BadRequestKeyError


def test_requests_share_one_files_class(fixed: bool, app: flask.Flask) -> None:
    classes = set()
    for _ in range(3):
        with app.test_request_context("/", method="POST", **FORM):
            flask.request.form  # noqa: B018 - reading the form is what attaches the class
            classes.add(type(flask.request.files))
    assert len(classes) == (1 if fixed else 3)
