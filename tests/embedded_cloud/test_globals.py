"""SAM's Globals as the embedded cloud applies them: a function's own Layers come after the global ones (SAM adds
lists up), its Environment variables join the global ones, its scalars replace the global ones. A function
that lists the PDF layer keeps the kernel layer its Globals give (issue 16)."""

from __future__ import annotations

from pathlib import Path

from embedded_cloud.serverless_resources import _with_globals
from embedded_cloud.template import Stack

GLOBALS = {"Function": {"Runtime": "python3.12", "Timeout": 10, "Layers": ["kernel-layer"],
                        "Environment": {"Variables": {"TABLE_NAME": "table"}}}}


def _stack() -> Stack:
    return Stack("root", Path("template.yaml"), {"Globals": GLOBALS, "Resources": {}}, {})


def test_a_function_s_layers_come_after_the_global_ones() -> None:
    merged = _with_globals(_stack(), "Function", {"Handler": "h.handler", "Layers": ["pdf-layer"]})
    assert merged["Layers"] == ["kernel-layer", "pdf-layer"]


def test_a_function_without_layers_has_the_global_ones() -> None:
    assert _with_globals(_stack(), "Function", {"Handler": "h.handler"})["Layers"] == ["kernel-layer"]


def test_environment_variables_join_and_scalars_are_replaced() -> None:
    merged = _with_globals(_stack(), "Function", {"Timeout": 30, "Environment": {"Variables": {"MODE": "x"}}})
    assert merged["Timeout"] == 30
    assert merged["Environment"] == {"Variables": {"TABLE_NAME": "table", "MODE": "x"}}
