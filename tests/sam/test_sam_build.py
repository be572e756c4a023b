"""The AWS build as a new user runs it (issue 16): `sam validate --lint` and `sam build` with SAM CLI from PyPI
and the machine's Python 3.12 (Lambda's runtime), then the artifacts inspected:

- no function over 30 MB unzipped beyond its layers, the whole build under 300 MB;
- every package installed at the version `requirements.lock` pins;
- every handler imports under Python 3.12 with only its own package and its layers on sys.path (`-I -S`: no
  site-packages, no PYTHONPATH), as Lambda loads it. The Stripe functions read their secrets from SSM when they
  start: a moto server stands in for AWS (AWS_ENDPOINT_URL), run by the test's own interpreter.

The nested templates are not handed to `sam validate --lint` one by one: SAM CLI lints with the cfn-lint version
tests/contract/test_templates.py runs on each of them (checked here), which finds all that would.

SAM CLI is installed once into its own venv under .eventonight/ (support/sam_cli.py; `make test` installs it first).
It runs with pip as a new user has it (PyPI alone, not this machine's local wheel directories) and keeps the
modules it compiles (see _environment).
"""

from __future__ import annotations

import glob
import importlib.metadata
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import boto3
import pytest
from embedded_cloud import locked_requirements
from support import lambda_packages, sam_cli, wiring

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

MB = 1024 * 1024
TEMPLATES = [wiring.REPO / "template.yaml", *wiring.CONTEXT_TEMPLATES]
FUNCTIONS = wiring.functions()


@cache
def _python312() -> str:
    """The machine's Python 3.12 itself (a pyenv shim on PATH may stand for another version)."""
    candidates = [shutil.which("python3.12"), *sorted(glob.glob("/root/.pyenv/versions/3.12*/bin/python3.12"))]
    for candidate in filter(None, candidates):
        found = subprocess.run([candidate, "-c", "import sys; assert sys.version_info[:2] == (3, 12); "
                                "print(sys.executable)"], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.strip()
    pytest.fail("no python3.12 on this machine: sam build needs Lambda's runtime (python3.12)")


@pytest.fixture(scope="module")
def sam() -> Path:
    return sam_cli.installed()


# Where pip looks besides PyPI on this machine (its config files and these variables): not a new user's pip.
_MACHINE_PIP = {"PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL", "PIP_NO_INDEX", "PIP_CONSTRAINT"}


def _environment() -> dict[str, str]:
    """SAM CLI's environment: Python 3.12 first on PATH, and pip as a new user has it, resolving from PyPI alone.

    This machine's pip also reads wheels from local directories (pip.conf, PIP_FIND_LINKS); aws-lambda-builders
    takes every package pip says it is "Processing" from a local path for one to build, and ran `pip wheel` on
    each (8 pip processes, 4 s of CPU and half a minute in turn). Without PYTHONDONTWRITEBYTECODE, as Python runs
    by default: SAM CLI's venv under .eventonight/ keeps the modules it compiles (`sam validate --lint` 6.0 -> 2.3 s
    of CPU once they are; the first of its processes compiles what the next ones reuse)."""
    python_bin = str(Path(_python312()).parent)
    inherited = {name: value for name, value in os.environ.items()
                 if name not in _MACHINE_PIP and name != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "PATH": os.pathsep.join([python_bin, os.environ["PATH"]]), "SAM_CLI_TELEMETRY": "0",
            "PIP_CONFIG_FILE": os.devnull}


@pytest.fixture(scope="module")
def build(sam: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("sam")
    build_dir = work / "build"
    result = subprocess.run([str(sam), "build", "--template", str(wiring.REPO / "template.yaml"),
                             "--build-dir", str(build_dir)], cwd=work, env=_environment(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return build_dir


Files = dict[tuple[str, ...], dict[tuple[str, ...], int]]  # folder (2 levels deep) -> {path in it: size}


@pytest.fixture(scope="module")
def files(build: Path) -> Files:
    """Every file of the build (symbolic links left out) and its size, by the folder two levels down that holds it
    (a function's: <nested stack>/<logical id>), read in one walk of the ~350 MB the tests below measure and
    compare: each of them walked it again (~41,000 files; 1.9 -> 0.3 s of CPU)."""
    found: Files = {}
    for folder, _, names in os.walk(build):
        parts = Path(folder).relative_to(build).parts
        held = found.setdefault(parts[:2], {})
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                held[(*parts[2:], name)] = os.stat(path).st_size
    return found


def _id(function: wiring.Function) -> str:
    return f"{function.context}:{function.logical_id}"


def _function_folder(function: wiring.Function) -> tuple[str, str]:
    return lambda_packages.nested_stack(function.context), function.logical_id


def _function_dir(build: Path, function: wiring.Function) -> Path:
    return build.joinpath(*_function_folder(function))


def test_sam_validate_lint(sam: Path) -> None:
    """`sam validate --lint` as a new user runs it in the repository: the root template, samconfig.toml's region."""
    result = subprocess.run([str(sam), "validate", "--lint", "--template", str(TEMPLATES[0])], env=_environment(),
                            capture_output=True, text=True, cwd=wiring.REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sam_lints_the_nested_templates_with_the_cfn_lint_the_contract_tests_run(sam: Path) -> None:
    """`sam validate --lint --template <nested template>` is cfn-lint's `lint` on the file's text with the cfn-lint
    SAM CLI installs, for the environment's region (no samconfig.toml beside a nested template: AWS_REGION,
    AWS_DEFAULT_REGION, else us-east-1). tests/contract/test_templates.py runs that very version's `lint_file` on
    every nested template for us-east-1 and fails on any match; `lint_file` finds all `lint` finds on the same
    text (and more: the rules that need the file). So SAM CLI's lint passes on them while its cfn-lint is the one
    the project pins and the region is that one, which this checks: a SAM CLI bringing another cfn-lint fails
    here. Seven `sam validate` processes (~6 s of CPU each: the lint that module runs, again) became this check."""
    region = os.environ.get("AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    assert region == "us-east-1", "tests/contract/test_templates.py lints for us-east-1"
    found = subprocess.run([str(sam.with_name("python")), "-I", "-c",
                            "import importlib.metadata as m; print(m.version('cfn-lint'))"],
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == importlib.metadata.version("cfn-lint")


def test_no_function_is_over_30_mb_beyond_its_layers(files: Files) -> None:
    sizes = {_id(f): sum(files.get(_function_folder(f), {}).values()) for f in FUNCTIONS}
    assert all(sizes.values()), "a function's build folder is empty"
    assert {name: f"{size / MB:.1f} MB" for name, size in sizes.items() if size > 30 * MB} == {}


def test_the_whole_build_is_under_300_mb(files: Files) -> None:
    size = sum(sum(held.values()) for held in files.values())
    assert size < 300 * MB, f"{size / MB:.0f} MB"


def test_every_package_is_the_locked_version(build: Path) -> None:
    locked: dict[str, set[str]] = {}
    for entry in locked_requirements.read_lock():
        locked.setdefault(entry.name, set()).add(entry.version)
    found = {}
    for info in build.rglob("*.dist-info"):
        name, version = info.name.removesuffix(".dist-info").rsplit("-", 1)
        found[(locked_requirements.normalize(name), version)] = str(info.relative_to(build))
    assert found, "no package installed at all"
    assert {where: version for (name, version), where in found.items() if version not in locked.get(name, set())} == {}


@pytest.fixture(scope="module")
def aws_endpoint() -> Iterator[str]:
    """A moto server with the SSM parameters the Stripe functions read when they start."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        ssm = boto3.client("ssm", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                           aws_secret_access_key="testing")
        environment = wiring.environment()
        for setting, secret in {"STRIPE_SECRET_KEY_PARAMETER": "sk_test_build",
                                "STRIPE_WEBHOOK_SECRET_PARAMETER": "whsec_build"}.items():
            ssm.put_parameter(Name=environment[setting], Value=secret, Type="SecureString")
        yield endpoint
    finally:
        server.stop()


_IMPORT = """
import importlib, json, sys
sys.path[:0] = json.loads(sys.argv[1])
failed = {}
for handler in json.loads(sys.argv[2]):
    module, attribute = handler.rsplit(".", 1)
    try:
        assert callable(getattr(importlib.import_module(module), attribute)), "not callable"
    except BaseException as error:
        failed[handler] = f"{type(error).__name__}: {error}"
print(json.dumps(failed))
"""


def _contents(files: Files, folder: tuple[str, str]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """What a function's build folder holds: each file's path and size."""
    return tuple(sorted((path, size) for path, size in files.get(folder, {}).items() if "__pycache__" not in path))


def test_each_handler_imports_under_python_3_12_with_only_its_package_and_layers(build: Path, files: Files,
                                                                                 aws_endpoint: str) -> None:
    """Functions whose build folders hold the same files and which have the same layers (a context's functions
    share their code and requirements) are imported in one process, from one of those folders: a Python 3.12
    start and the shared imports once per kind of folder, not once per function (~110)."""
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_ENDPOINT_URL": aws_endpoint, **wiring.environment()}
    alike: dict[tuple, list[wiring.Function]] = {}
    for function in FUNCTIONS:
        key = (_contents(files, _function_folder(function)), tuple(lambda_packages.layer_ids(function)))
        alike.setdefault(key, []).append(function)

    def load(functions: list[wiring.Function]) -> dict[str, str]:
        paths = [str(_function_dir(build, functions[0])),
                 *(str(build / layer / "python") for layer in lambda_packages.layer_ids(functions[0]))]
        result = subprocess.run([_python312(), "-I", "-S", "-c", _IMPORT, json.dumps(paths),
                                 json.dumps([f.handler for f in functions])],
                                env=environment, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            return {_id(f): result.stderr.strip().splitlines()[-1] for f in functions}
        failed = json.loads(result.stdout.strip().splitlines()[-1])
        return {_id(f): failed[f.handler] for f in functions if f.handler in failed}

    assert FUNCTIONS and sum(map(len, alike.values())) == len(FUNCTIONS)
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = {name: error for found in pool.map(load, alike.values()) for name, error in found.items()}
    assert failures == {}
