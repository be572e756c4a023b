"""What `sam build` packages agrees with the lock and with what each function imports (issue 16).

- One lock: `requirements.lock` pins every package (transitive ones too, with hashes) at the versions
  `pyproject.toml` asks for; the venv the tests run in holds exactly those versions; every requirements file
  `sam build` reads is generated from the lock (`python -m embedded_cloud.locked_requirements`).
- Lean packages: a function ships the third-party packages its handler can import (its layers' and its CodeUri's
  requirements), and lists no heavy layer it never imports.
- Size budget, computed from what each function would ship (its CodeUri's files and requirements, its layers'
  packages, sized as installed in this venv): no function over 30 MB beyond its layers, the whole build (each
  function's package, each layer once) under 300 MB. tests/sam/test_sam_build.py measures the real build.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from embedded_cloud import locked_requirements
from support import lambda_packages as shipping
from support import wiring

MB = 1024 * 1024
FUNCTION_BUDGET = 30 * MB
BUILD_BUDGET = 300 * MB
FUNCTIONS = wiring.functions()
LOCK = locked_requirements.read_lock()
KERNEL = wiring.REPO / "layers" / "kernel"
# A function may reach a module whose lazy import of a heavy library it never runs: the library stays out of it.
NEVER_RUNS = {
    ("ticketing", "TicketingConsumerFunction"): {"fpdf2", "segno"},  # reads ticketing.pdfs.locales' languages
    ("ticketing", "TicketingOpenApiFunction"): {"fpdf2", "segno", "stripe", "requests"},  # documents the handlers
    ("users", "UsersOpenApiFunction"): {"segno"},  # documents start_two_factor, which draws its QR code with it
}


def _id(function: wiring.Function) -> str:
    return f"{function.context}:{function.logical_id}"


def test_the_lock_pins_what_pyproject_asks_for() -> None:
    project = tomllib.loads((wiring.REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    asked = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    locked: dict[str, set[str]] = {}
    for entry in LOCK:
        locked.setdefault(entry.name, set()).add(entry.version)
    disagree = {}
    for requirement in asked:
        spec = requirement.split("#", 1)[0].strip()
        name, version = spec.split("==")
        name = locked_requirements.normalize(name.split("[")[0])
        if locked.get(name) != {version.strip()}:
            disagree[name] = (version.strip(), sorted(locked.get(name, [])))
    assert not disagree, f"pyproject.toml pin -> requirements.lock (run `make lock`): {disagree}"


def test_the_venv_holds_the_locked_versions() -> None:
    """The venv is installed from the lock (`make`): what the tests run is what the lock (and so Lambda) has."""
    from packaging.markers import Marker

    wrong = {}
    for entry in LOCK:
        marker = entry.text.split("\n", 1)[0].rstrip(" \\").partition(";")[2].strip()
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = importlib.metadata.version(entry.name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != entry.version:
            wrong[entry.name] = (entry.version, installed)
    assert not wrong, f"locked -> installed (reinstall: rm .venv/.installed && make): {wrong}"


@pytest.mark.parametrize("unit", locked_requirements.units(), ids=lambda p: str(p.relative_to(wiring.REPO)))
def test_each_requirements_file_is_generated_from_the_lock(unit: Path) -> None:
    assert (unit / "requirements.txt").read_text(encoding="utf-8") == locked_requirements.render(unit, LOCK), (
        "run `python -m embedded_cloud.locked_requirements`")


def test_sam_reads_no_requirements_file_that_the_lock_does_not_generate() -> None:
    """`sam build` installs any requirements.txt of a CodeUri or layer: each must have its requirements.in."""
    files = [*wiring.REPO.glob("functions/*/requirements.txt"), *wiring.REPO.glob("layers/*/requirements.txt")]
    assert files
    assert [str(f.relative_to(wiring.REPO)) for f in files if not (f.parent / "requirements.in").exists()] == []


@pytest.mark.parametrize("function", FUNCTIONS, ids=_id)
def test_a_function_ships_every_library_it_imports(function: wiring.Function) -> None:
    imported = shipping.imported_distributions(function) - NEVER_RUNS.get((function.context, function.logical_id),
                                                                         set())
    missing = imported - shipping.shipped_distributions(function)
    assert not missing, f"imports {sorted(missing)}: list the layer that has them in the template"


@pytest.mark.parametrize("function", FUNCTIONS, ids=_id)
def test_a_function_lists_no_heavy_layer_it_never_imports(function: wiring.Function) -> None:
    imported = shipping.imported_distributions(function) - NEVER_RUNS.get((function.context, function.logical_id),
                                                                         set())
    unused = [layer.name for layer in shipping.layers(function)
              if layer != KERNEL and not locked_requirements.roots(layer) & imported]
    assert unused == [], f"lists layers it never imports: {unused}"


def test_no_function_needs_more_than_30_mb_beyond_its_layers() -> None:
    over = {_id(f): f"{shipping.package_size(f) / MB:.1f} MB" for f in FUNCTIONS
            if shipping.package_size(f) > FUNCTION_BUDGET}
    assert not over, over


def test_the_whole_build_is_under_300_mb() -> None:
    functions = sum(shipping.package_size(f) for f in FUNCTIONS)
    layers = sum(shipping.layer_size(layer) for layer in {layer for f in FUNCTIONS for layer in shipping.layers(f)})
    assert functions + layers < BUILD_BUDGET, f"{functions / MB:.0f} MB of functions, {layers / MB:.0f} MB of layers"
