"""`eventonight up`, `invoke` and `logs` as a person runs them: real processes, real ports. A mistake is
answered with one line on stderr and a non-zero exit status, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from embedded_cloud.cli import exposure_warning
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually

pytestmark = pytest.mark.slow
EVENTONIGHT = [sys.executable, "-m", "embedded_cloud.cli"]


def eventonight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EVENTONIGHT, *args], capture_output=True, text=True, timeout=60)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode != 0, result
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("eventonight: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def request_ids(lines: list[str], function: str) -> list[str]:
    return [m[1] for line in lines if (m := re.match(rf"\[{re.escape(function)} (\S+)\] START RequestId: ", line))]


def test_up_prints_where_everything_is_and_invoke_and_logs_run(tmp_path: Path, sample_template: Path) -> None:
    data_dir = tmp_path / "first" / "start"  # not there yet, as on a fresh clone
    app = tmp_path / "app"  # a copy: the test edits a handler
    shutil.copytree(sample_template.parent, app)
    up = RunningCloud(app / sample_template.name, data_dir, "--verbose")
    try:
        text = "\n".join(up.logs.lines)
        assert "EvenToNight is up" in text, text
        assert re.search(r"SPA and HTTP APIs\s+http://127\.0\.0\.1:\d+", text)
        assert re.search(r"WebSocket API\s+ws://127\.0\.0\.1:\d+", text)
        assert re.search(r"AWS endpoint\s+http://127\.0\.0\.1:\d+", text)
        assert re.search(r"Stripe emulator\s+http://127\.0\.0\.1:\d+", text)
        assert "WARNING" not in text  # loopback only: nothing is exposed
        function = up.function_named("CreateItemFunction")
        assert call(up.http_url, "GET", "/sample/items/missing")[0] == 404
        # --verbose: Lambda's START / END / REPORT lines on the terminal too
        (request_id,) = eventually(lambda: request_ids(up.logs.lines, function), what="the START line")
        eventually(lambda: any(line.startswith(f"[{function} {request_id}] REPORT RequestId: {request_id}\t")
                               for line in up.logs.lines), what="the REPORT line")

        event = sample_template.parent / "events" / "read-missing-item.json"
        invoked = eventonight("invoke", "CreateItemFunction", "--event", str(event), "--data-dir", str(data_dir))
        assert invoked.returncode == 0, invoked.stderr
        assert json.loads(invoked.stdout)["statusCode"] == 404
        assert "START RequestId" in invoked.stderr  # the function's log, on stderr, as sam local invoke shows it
        _invoke_runs_the_code_on_disk_in_the_functions_environment(up, app, data_dir)

        logged = eventonight("logs", "CreateItemFunction", "--data-dir", str(data_dir))
        assert logged.returncode == 0, logged.stderr
        assert f"[{function} {request_id}] START RequestId: {request_id}" in logged.stdout
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[", logged.stdout)  # each line with its time

        _follow_sees_the_next_invocation(up, data_dir, function, request_id)
    finally:
        up.stop()
    assert up.process.returncode == 0, "\n".join(up.logs.lines[-20:])
    # L15: the data dir and everything in it are the user's alone
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in [*data_dir.iterdir(), *(data_dir / "logs").iterdir()]:
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert (data_dir / "moto-state.pickle").exists()

    # the platform is stopped: invoke says so in one line
    stopped = eventonight("invoke", "CreateItemFunction", "--data-dir", str(data_dir))
    assert_one_line_error(stopped, "not running", "eventonight up")


def _invoke_runs_the_code_on_disk_in_the_functions_environment(up: RunningCloud, app: Path, data_dir: Path) -> None:
    """The handler edited while the platform runs (and a worker of it is warm) runs at the next invoke, in a worker
    with the function's environment and sys.path only; a function error comes back with its log and exit status 1."""
    handler = app / "functions" / "sample" / "sample" / "create_item.py"
    original = handler.read_text()
    handler.write_text(original + EDITED_HANDLER)
    invoke = [*EVENTONIGHT, "invoke", "CreateItemFunction", "--data-dir", str(data_dir)]
    # a variable of the shell the developer invokes from, which the function must not see
    shell = {**os.environ, "FROM_THE_INVOKING_SHELL": "1"}
    try:
        edited = subprocess.run(invoke, capture_output=True, text=True, timeout=60, env=shell)
        handler.write_text(original + EDITED_HANDLER.replace("# raise here", "raise ValueError('edited to fail')"))
        failed = subprocess.run(invoke, capture_output=True, text=True, timeout=60, env=shell)
    finally:
        handler.write_text(original)

    assert edited.returncode == 0, edited.stderr
    assert "the edited handler ran" in edited.stderr
    seen = json.loads(edited.stdout)
    environment, path = seen["environment"], seen["path"]
    assert environment["GREETING"] == "hello" and environment["AWS_ENDPOINT_URL"] == up.aws_url
    assert environment["AWS_LAMBDA_FUNCTION_NAME"] == up.function_named("CreateItemFunction")
    assert "FROM_THE_INVOKING_SHELL" not in environment and "PYTHONPATH" not in environment
    assert path[:2] == [str(app / "functions" / "sample"), str(app / "layers" / "common" / "python")]
    assert not any("infrastructure" in entry or "tests" in Path(entry).parts for entry in path)  # nothing of ours
    assert failed.returncode == 1
    assert json.loads(failed.stdout)["errorType"] == "ValueError"
    assert "edited to fail" in failed.stderr and "REPORT RequestId" in failed.stderr


EDITED_HANDLER = """

def handler(event, context):  # the edit: replaces the handler above
    import sys

    print("the edited handler ran")
    # raise here
    return {"environment": dict(os.environ), "path": sys.path}
"""


def _follow_sees_the_next_invocation(up: RunningCloud, data_dir: Path, function: str, earlier: str) -> None:
    """`logs --follow` shows the latest lines (the earlier invocation), then each new one as it comes."""
    follower = subprocess.Popen([*EVENTONIGHT, "logs", "CreateItemFunction", "--follow", "--data-dir", str(data_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    followed: list[str] = []
    threading.Thread(target=lambda: followed.extend(iter(follower.stdout.readline, "")),  # type: ignore[union-attr]
                     daemon=True).start()
    try:
        eventually(lambda: any(f"END RequestId: {earlier}" in line for line in followed), what="the latest lines")
        before = set(request_ids(up.logs.lines, function))
        assert call(up.http_url, "GET", "/sample/items/followed")[0] == 404
        (new,) = eventually(lambda: set(request_ids(up.logs.lines, function)) - before, what="the new invocation")
        eventually(lambda: any(f"[{function} {new}] START RequestId: {new}" in line for line in followed),
                   what="the followed START line")
        eventually(lambda: any(f"[{function} {new}] REPORT RequestId: {new}" in line for line in followed),
                   what="the followed REPORT line")
    finally:
        follower.terminate()
        follower.wait(10)


def test_an_unknown_function_gets_the_closest_names_in_one_line(tmp_path: Path, sample_cloud: RunningCloud) -> None:
    """On the worker's sample cloud (a deployment in its data dir is what these commands read; each mistake is
    refused before the running platform is asked anything): not a cloud started and stopped for it."""
    data_dir = sample_cloud.data_dir
    assert_one_line_error(eventonight("invoke", "CreateItemFuncton", "--data-dir", str(data_dir)),
                          "no function 'CreateItemFuncton'", "did you mean CreateItemFunction?")
    assert_one_line_error(eventonight("logs", "NoSuchThing", "--data-dir", str(data_dir)), "no function")
    missing = tmp_path / "missing.json"
    assert_one_line_error(eventonight("invoke", "CreateItemFunction", "--event", str(missing), "--data-dir",
                                      str(data_dir)), "cannot read the event file", "No such file")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert_one_line_error(eventonight("invoke", "CreateItemFunction", "--event", str(broken), "--data-dir",
                                      str(data_dir)), "is not JSON")


def test_mistakes_before_anything_runs_are_one_line_each(tmp_path: Path, sample_template: Path) -> None:
    assert_one_line_error(eventonight("invoke", "CreateItemFunction", "--data-dir", str(tmp_path)),
                          "no deployment in", "eventonight up")
    assert_one_line_error(eventonight("up", "--template", str(tmp_path / "none.yaml")), "no template at")
    assert_one_line_error(eventonight("up", "--template", str(sample_template), "--data-dir", str(tmp_path),
                                      "--parameter-overrides", "NoEqualsSign"), "KEY=VALUE", "NoEqualsSign")
    assert_one_line_error(eventonight("up", "--no-such-option"), "--no-such-option", "--help")
    assert_one_line_error(eventonight("frobnicate"), "frobnicate")


def test_a_state_file_others_may_write_is_refused_and_left_alone(tmp_path: Path, sample_template: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    state = data_dir / "moto-state.pickle"
    state.write_bytes(b"planted")
    state.chmod(0o666)

    refused = eventonight("up", "--template", str(sample_template), "--data-dir", str(data_dir), "--port", "0",
                          "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0", "--mailbox-port", "0")

    assert_one_line_error(refused, "moto-state.pickle", "writable by others")
    assert refused.returncode == 1
    assert state.read_bytes() == b"planted"  # neither loaded nor overwritten


def _accepts(port: int) -> bool:
    """Whether something listening on all interfaces answers at 127.0.0.2 (one bound to 127.0.0.1 does not)."""
    try:
        socket.create_connection(("127.0.0.2", port), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="127.0.0.2 reaches this machine on Linux")
def test_host_opens_the_gateways_only_and_says_what_it_exposes(tmp_path: Path, sample_template: Path) -> None:
    up = RunningCloud(sample_template, tmp_path / "data", "--host", "0.0.0.0", "--quiet")  # noqa: S104
    try:
        text = "\n".join(up.logs.lines)
        (warning,) = [line for line in up.logs.lines if "WARNING" in line]
        assert "--host 0.0.0.0" in warning and "WebSocket API" in warning and "stay on 127.0.0.1" in warning
        assert "demo accounts" not in warning  # no --seed
        assert re.search(r"AWS endpoint\s+http://127\.0\.0\.1:\d+", text)
        assert re.search(r"Stripe emulator\s+http://127\.0\.0\.1:\d+", text)
        port_of = {name: int(url.rsplit(":", 1)[1]) for name, url in
                   (("http", up.http_url), ("websocket", up.websocket_url), ("aws", up.aws_url),
                    ("stripe", up.stripe_url))}
        assert {name: _accepts(port) for name, port in port_of.items()} == {
            "http": True, "websocket": True, "aws": False, "stripe": False}
    finally:
        up.stop()


def test_the_host_warning_names_the_demo_accounts_when_seeded() -> None:
    assert exposure_warning("127.0.0.1", seed=True) is None
    assert exposure_warning("localhost", seed=True) is None
    assert "demo accounts" in exposure_warning("192.168.1.20", seed=True)  # type: ignore[operator]
