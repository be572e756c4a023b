"""Every function of the template has a sample event beside it (functions/<context>/sample-events/<LogicalId>.json,
made by embedded_cloud.sample_events), and `eventonight invoke <NestedStack/LogicalId> --event <sample>` runs it against
the running platform without a function error and, for an HTTP route, without a 5xx answer. The invokes go through
the CLI's own `invoke_function` (name, event file, the platform's invoke endpoint), called in this process: a CLI
process per function cost an interpreter's start and the CLI's imports each (~85 ms of CPU, 14 s for the ~170
functions, as much as the platform's work for them); the command's argument parsing and printing are
tests/embedded_cloud/test_cli.py's, its NestedStack/LogicalId names test_cli_function_names.py's. A sample of an
authenticated route says where a token goes; the test puts an organization's there, as the README tells a reader to,
and the sample's user id becomes the organization's, so the call gets past authorization into the function's work.

The module runs on the isolated platform (tests/conftest.py), not the session's: the samples delete users and
events, relay outbox records and feed consumers the events_schema examples, whose ids other tests use too (a replayed
event.deleted left a tombstone that another module's example event.created could not pass)."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from embedded_cloud.cli import CliError, invoke_function
from embedded_cloud.template import load_yaml
from support.platform import Platform, User

ROOT = Path(__file__).resolve().parents[2]
TOKEN_PLACEHOLDER = "<paste an access token from POST /users/login>"
SAMPLE_USER = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"  # embedded_cloud.sample_events's USER
AT_ONCE = 4  # the platform runs each in a new worker, forked: its fork, imports and AWS calls overlap others' waits


@pytest.fixture(scope="module")
def platform(isolated_platform: Platform) -> Platform:
    return isolated_platform


def _stacks_by_context() -> dict[str, str]:
    """functions/<context> -> its nested stack's logical id (users -> UsersContext), from template.yaml."""
    resources = load_yaml(ROOT / "template.yaml")["Resources"]
    return {Path(r["Properties"]["Location"]).stem: name for name, r in resources.items()
            if r["Type"] == "AWS::Serverless::Application"}


def _samples() -> dict[str, Path]:
    stacks = _stacks_by_context()
    return {f"{stacks[path.parent.parent.name]}/{path.stem}": path
            for path in sorted(ROOT.glob("functions/*/sample-events/*.json"))}


def test_every_deployed_function_has_a_sample(platform: Platform) -> None:
    deployed = {f.path for f in platform.cloud.deployment.functions.values()}

    assert deployed == set(_samples())


def _with_token(sample: Path, user: User, directory: Path) -> Path:
    text = sample.read_text()
    if TOKEN_PLACEHOLDER not in text:
        return sample
    filled = directory / f"{sample.parent.parent.name}-{sample.name}"
    filled.write_text(text.replace(TOKEN_PLACEHOLDER, user.access_token).replace(SAMPLE_USER, user.id))
    return filled


def _invoke(platform: Platform, function: str, sample: Path, authenticated: bool) -> str | None:
    """What went wrong invoking `function` with `sample`, or None."""
    try:
        reply = invoke_function(platform.cloud.data_dir, function, sample)
    except CliError as error:
        return f"{function}: {error}"
    if reply.function_error:
        return f"{function}: {reply.function_error}: {reply.payload[-500:]} {chr(10).join(reply.logs)[-1500:]}"
    if json.loads(sample.read_text()).get("version") == "2.0":  # an HTTP API request: its answer must not be 5xx
        status = json.loads(reply.payload).get("statusCode")
        if not isinstance(status, int) or status >= 500 or (authenticated and status == 401):  # token not taken
            return f"{function}: answered {status}: {reply.payload[-500:]}"
    return None


def test_the_samples_are_those_the_template_and_openapi_make() -> None:
    check = subprocess.run([sys.executable, "-m", "embedded_cloud.sample_events", "--check"],
                           capture_output=True, text=True, timeout=120)

    assert check.returncode == 0, check.stderr


@pytest.mark.timeout(900)  # ~170 invokes: well under a minute idle, a few on a loaded 2-core machine
def test_each_function_runs_with_its_sample(platform: Platform, organization: User, member: User,
                                            tmp_path: Path) -> None:
    samples = _samples()
    users = {function: organization for function in samples} | {"UsersContext/DeleteUserFunction": member}  # gone
    runs = [(function, _with_token(sample, users[function], tmp_path), TOKEN_PLACEHOLDER in sample.read_text())
            for function, sample in samples.items()]

    with ThreadPoolExecutor(AT_ONCE) as pool:
        failures = [f for f in pool.map(lambda run: _invoke(platform, *run), runs) if f]

    assert len(samples) > 100
    assert not failures, "\n".join(failures)
