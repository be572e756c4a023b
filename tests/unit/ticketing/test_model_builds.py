"""A cold start builds the validators and serialisers of the request and response models its handler uses, not of
every model the context declares (pydantic's deferred build: ~15 ms of ticketing's ~40 ms of model imports)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, os, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
os.environ.setdefault("TABLE_NAME", "ticketing")
from kernel import http
from ticketing import bodies, views

def built():
    models = [m for module in (bodies, views) for m in vars(module).values()
              if isinstance(m, type) and issubclass(m, (http.Command, http.View)) and m.__module__ == module.__name__]
    return len(models), sorted(m.__name__ for m in models if m.__pydantic_complete__)

declared, at_import = built()
order = bodies.NewCheckout.model_validate({"items": [{"ticketTypeId": "ett_" + "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                                                      "attendeeName": " Ada "}]})
try:
    bodies.NewCheckout.model_validate({"items": [], "surprise": 1})
    refused = []
except Exception as error:
    refused = sorted(e["type"] for e in error.errors())
print(json.dumps({"declared": declared, "at_import": at_import, "after": built()[1],
                  "name": order.items[0].attendee_name, "refused": refused}))
"""


def test_importing_the_models_builds_none_and_a_validation_builds_its_own() -> None:
    ran = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "functions" / "ticketing"),
                          str(ROOT / "layers" / "kernel" / "python")], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)

    assert seen["declared"] > 20 and seen["at_import"] == []
    assert seen["after"] == ["NewCheckout"]  # its items' model built into it
    assert (seen["name"], seen["refused"]) == ("Ada", ["extra_forbidden", "too_short"])
