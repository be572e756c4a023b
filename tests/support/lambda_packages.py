"""What each function of the templates ships to Lambda and what it imports, read without building.

- its layers: the kernel's and the heavy libraries' (`Layers` of the function after SAM's Globals, which
  prepend the global list), each a directory with a `requirements.txt` generated from `requirements.lock`;
- the third-party distributions its handler can reach: every `import` (lazy ones inside functions too) of the
  modules reachable from the handler module in its CodeUri and the kernel layer, mapped to distributions with
  the venv's metadata.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from functools import cache
from pathlib import Path

from embedded_cloud import locked_requirements

from support.wiring import REPO, Function, functions, template

KERNEL_SOURCE = REPO / "layers" / "kernel" / "python"
# A layer parameter of a context's template -> the root template's layer it receives.
_ROOT = REPO / "template.yaml"


@cache
def _root_layers() -> dict[str, Path]:
    """Root template's LayerVersion logical id -> its ContentUri directory."""
    return {logical_id: (REPO / resource["Properties"]["ContentUri"]).resolve()
            for logical_id, resource in template(_ROOT)["Resources"].items()
            if resource["Type"] == "AWS::Serverless::LayerVersion"}


def nested_stack(context: str) -> str:
    """The root template's logical id of a context's nested stack (`sam build` builds its functions there)."""
    location = f"infrastructure/{context}.yaml"
    return next(logical_id for logical_id, resource in template(_ROOT)["Resources"].items()
                if str((resource.get("Properties") or {}).get("Location", "")).endswith(location))


@cache
def _layer_parameters(context: str) -> dict[str, str]:
    """A context's parameter name -> the root template's layer (logical id) passed to it."""
    parameters = template(_ROOT)["Resources"][nested_stack(context)]["Properties"].get("Parameters") or {}
    return {name: value["Ref"] for name, value in parameters.items()
            if isinstance(value, dict) and value.get("Ref") in _root_layers()}


def layer_ids(function: Function) -> list[str]:
    """The function's layers (root logical ids), as SAM merges them: the Globals' list, then the function's own."""
    document = template(REPO / "infrastructure" / f"{function.context}.yaml")
    defaults = (document.get("Globals") or {}).get("Function") or {}
    listed = [*(defaults.get("Layers") or []), *(function.properties.get("Layers") or [])]
    return [_layer_parameters(function.context)[layer["Ref"]] for layer in listed]


def layers(function: Function) -> list[Path]:
    """The function's layer directories (their ContentUri)."""
    return [_root_layers()[layer] for layer in layer_ids(function)]


def shipped_distributions(function: Function) -> set[str]:
    """Distributions installed for the function: its layers' and its CodeUri's requirements (their closures)."""
    return set().union(*(unit_distributions(unit) for unit in [*layers(function), function.code]))


def _module_file(name: str, roots: list[Path]) -> Path | None:
    parts = name.split(".")
    for root in roots:
        for candidate in (root.joinpath(*parts, "__init__.py"), root.joinpath(*parts[:-1], parts[-1] + ".py")):
            if candidate.is_file():
                return candidate
    return None


@cache
def _imports(path: Path, module: str) -> frozenset[str]:
    """Every module name an import statement of the file names (relative ones made absolute)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}  # `from pkg import submodule`
    return frozenset(names)


def imported_top_levels(function: Function) -> set[str]:
    """Top-level names of the third-party modules reachable from the function's handler module."""
    roots = [function.code, KERNEL_SOURCE]
    seen: set[str] = set()
    external: set[str] = set()
    pending = [function.module]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_file(module, roots)
        if path is None:
            top = module.split(".")[0]
            if _module_file(top, roots) is None and top not in sys.stdlib_module_names:
                external.add(top)
            continue
        # A module's parent packages run first.
        pending += [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
        pending += _imports(path, module)
    return external


def imported_distributions(function: Function) -> set[str]:
    return set(_imported_distributions(function.context, function.logical_id))


@cache
def _imported_distributions(context: str, logical_id: str) -> frozenset[str]:
    function = next(f for f in functions() if (f.context, f.logical_id) == (context, logical_id))
    by_module = _packages_distributions()
    found = set()
    for top in imported_top_levels(function):
        if top not in by_module:
            raise LookupError(f"{function.logical_id} imports {top}, which no installed distribution provides")
        found |= {locked_requirements.normalize(d) for d in by_module[top]}
    return frozenset(found)


@cache
def _packages_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


@cache
def _lock() -> tuple[locked_requirements.Locked, ...]:
    return tuple(locked_requirements.read_lock())


# --- sizes, as `sam build` would ship them --------------------------------------------------------------------

LAMBDA_MARKERS = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": "linux",
                  "platform_system": "Linux", "platform_machine": "x86_64",
                  "platform_python_implementation": "CPython", "implementation_name": "cpython"}
_BUILD_SKIPS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}  # aws-lambda-builders skips these


def applies_on_lambda(entry: locked_requirements.Locked) -> bool:
    """Whether a locked entry is installed for Lambda's python3.12 on x86_64 (its marker, if any)."""
    from packaging.markers import Marker

    marker = entry.text.split("\n", 1)[0].rstrip(" \\").partition(";")[2].strip()
    return not marker or Marker(marker).evaluate(LAMBDA_MARKERS)


def code_size(directory: Path) -> int:
    """Bytes of the files `sam build` copies from a CodeUri (or a layer's own sources)."""
    return sum(p.stat().st_size for p in directory.rglob("*")
               if p.is_file() and not _BUILD_SKIPS & set(p.relative_to(directory).parts) and p.suffix != ".pyc")


@cache
def distribution_size(name: str) -> int:
    """Bytes of an installed distribution's files in this venv (its RECORD, compiled files left out)."""
    files = importlib.metadata.distribution(name).files or []
    return sum(f.locate().stat().st_size for f in files
               if f.suffix != ".pyc" and "__pycache__" not in f.parts and f.locate().is_file())


def unit_distributions(unit: Path) -> set[str]:
    """The distributions `sam build` installs for a unit (layer or CodeUri) with a requirements.in."""
    if not (unit / "requirements.in").exists():
        return set()
    return {e.name for e in locked_requirements.closure(locked_requirements.roots(unit), list(_lock()))
            if applies_on_lambda(e)}


def package_size(function: Function) -> int:
    """The function's own package beyond its layers: its CodeUri and its CodeUri's requirements."""
    return code_size(function.code) + sum(distribution_size(d) for d in unit_distributions(function.code))


def layer_size(layer: Path) -> int:
    own = layer / "python"
    return (code_size(own) if own.is_dir() else 0) + sum(distribution_size(d) for d in unit_distributions(layer))
