"""Worker lifecycle: warm reuse, concurrency, timeouts, crashes, idle reaping, re-registration, shutdown."""

import re
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from embedded_cloud.lambda_runtime import FunctionSpec
from lambda_runtime_testing import FUNCTIONS, process_gone, toolbox, wait_until


def test_a_warm_worker_is_reused_and_keeps_its_module_state(runtime, log):
    runtime.register(toolbox("count_invocations", name="Counter"))

    results = [runtime.invoke("Counter", {}) for _ in range(3)]

    answers = [result.json() for result in results]
    assert [answer["invocations"] for answer in answers] == [1, 2, 3]
    assert len({answer["pid"] for answer in answers}) == 1
    reports = [log.of("Counter", result.request_id)[-1] for result in results]
    assert ["Init Duration: " in report for report in reports] == [True, False, False]


def test_a_fresh_invoke_runs_in_a_new_worker_stopped_after_it_and_leaves_the_warm_one_alone(runtime, log):
    """`eventonight invoke`'s: a new worker imports the handler as it is on disk now, and does not stay."""
    runtime.register(toolbox("count_invocations", name="Counter"))
    warm = runtime.invoke("Counter", {}).json()
    own_lines: list[str] = []

    fresh = runtime.invoke("Counter", {}, fresh=True, also_log=own_lines.append)

    answer = fresh.json()
    assert answer["pid"] != warm["pid"] and answer["invocations"] == 1  # a module imported anew
    wait_until(lambda: process_gone(answer["pid"]), "the one-shot worker to be stopped")
    assert runtime.invoke("Counter", {}).json() == {"invocations": 2, "pid": warm["pid"]}  # the warm one, still
    assert own_lines == [line for line in log.lines() if fresh.request_id in line]  # its lines, to both logs
    assert own_lines[0].endswith("toolbox: init")  # the handler module's import: a cold start
    assert own_lines[1].endswith(f"START RequestId: {fresh.request_id} Version: $LATEST")
    assert "Init Duration: " in own_lines[-1]


def test_invokes_while_every_worker_is_busy_run_in_new_workers_at_the_same_time(runtime, log, tmp_path):
    runtime.register(toolbox("wait_for_release", name="Rendezvous", timeout=120))  # only the test releases

    with ThreadPoolExecutor(2) as threads:
        try:
            futures = [
                threads.submit(runtime.invoke, "Rendezvous", {"folder": str(tmp_path), "name": name})
                for name in ("first", "second")
            ]
            # both can only have started if the second did not wait for the first's worker
            wait_until(lambda: len(list(tmp_path.glob("*.started"))) == 2, "both invocations to be running")
        finally:
            (tmp_path / "release").touch()
        results = [future.result() for future in futures]

    assert [result.json()["name"] for result in results] == ["first", "second"]
    assert results[0].json()["pid"] != results[1].json()["pid"]
    for result in results:
        name = result.json()["name"]
        own_lines = log.of("Rendezvous", result.request_id)
        assert f"waiting {name}" in own_lines and f"released {name}" in own_lines
        assert not any(line.startswith(("waiting", "released")) and name not in line for line in own_lines)


@pytest.mark.slow
def test_a_timeout_kills_the_worker_and_the_next_invoke_gets_a_fresh_one(runtime, log):
    runtime.register(toolbox("count_invocations", name="Sleepy", timeout=1))
    before = runtime.invoke("Sleepy", {}).json()

    result = runtime.invoke("Sleepy", {"hang": True})

    assert result.function_error == "Unhandled"
    error = result.json()
    assert error["errorType"] == "Sandbox.Timedout"
    timestamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    expected = rf"{timestamp} {result.request_id} Task timed out after 1\.00 seconds"
    assert re.fullmatch(expected, error["errorMessage"])
    assert process_gone(before["pid"])
    assert log.of("Sleepy", result.request_id)[-1].endswith("Status: timeout")
    after = runtime.invoke("Sleepy", {}).json()
    assert after["invocations"] == 1 and after["pid"] != before["pid"]


@pytest.mark.parametrize(
    ("how", "status", "reason"),
    [
        ("os._exit", 3, "Runtime exited with error: exit status 3"),
        ("sys.exit", 2, "Runtime exited with error: exit status 2"),
        ("signal", signal.SIGKILL, "Runtime exited with error: signal: killed"),
    ],
)
def test_a_dying_worker_is_an_exit_error_and_nothing_else_is_affected(runtime, how, status, reason):
    runtime.register(toolbox("count_invocations", name="Crashy"))
    runtime.register(toolbox("count_invocations", name="Bystander"))
    crashy = runtime.invoke("Crashy", {}).json()
    bystander = runtime.invoke("Bystander", {}).json()

    result = runtime.invoke("Crashy", {"exit": {"how": how, "status": status}})

    assert result.function_error == "Unhandled"
    assert result.json() == {
        "errorMessage": f"RequestId: {result.request_id} Error: {reason}",
        "errorType": "Runtime.ExitError",
    }
    assert process_gone(crashy["pid"])
    assert runtime.invoke("Bystander", {}).json() == {"invocations": 2, "pid": bystander["pid"]}
    fresh = runtime.invoke("Crashy", {}).json()
    assert fresh["invocations"] == 1 and fresh["pid"] != crashy["pid"]


def test_idle_workers_are_stopped_and_the_next_invoke_is_a_cold_start(make_runtime, log):
    runtime = make_runtime(idle_seconds=0.2)
    runtime.register(toolbox("count_invocations", name="Idle"))
    first = runtime.invoke("Idle", {}).json()

    wait_until(lambda: process_gone(first["pid"]), "the idle worker to be stopped")

    again = runtime.invoke("Idle", {})
    assert again.json()["invocations"] == 1
    assert "Init Duration: " in log.of("Idle", again.request_id)[-1]


def test_registering_a_function_again_replaces_its_workers(runtime):
    runtime.register(toolbox("count_invocations", name="Redeployed"))
    old = runtime.invoke("Redeployed", {}).json()

    runtime.register(toolbox("environment", name="Redeployed", environment={"GREETING": "v2"}))

    assert process_gone(old["pid"])
    assert runtime.invoke("Redeployed", {}).json()["GREETING"] == "v2"


def test_shutdown_stops_every_worker(runtime_with_own_zygote):
    runtime = runtime_with_own_zygote
    runtime.register(toolbox("count_invocations", name="One"))
    runtime.register(toolbox("count_invocations", name="Two"))
    pids = [runtime.invoke(name, {}).json()["pid"] for name in ("One", "Two")]

    runtime.shutdown()

    assert all(process_gone(pid) for pid in pids)
    with pytest.raises(RuntimeError):
        runtime.invoke("One", {})


@pytest.mark.parametrize("fork_workers", [True, False], ids=["forked", "fresh-interpreter"])
def test_shutdown_stops_a_worker_still_starting_and_its_invoke_ends(make_runtime, tmp_path, fork_workers):
    """A cold start in flight when the platform stops: its worker was not busy yet, so it ran on (here an init of
    600 s, the function's timeout) and the stopping platform waited for it; a forked one was killed with the
    zygote, but not reaped."""
    runtime = make_runtime(own_zygote=True, fork_workers=fork_workers)  # its shutdown closes its zygote
    started = tmp_path / "started"
    runtime.register(FunctionSpec(name="SlowStart", handler="slow_init.handler", code_dir=FUNCTIONS / "slow_init",
                                  environment={"STARTED_FILE": str(started)}, timeout=600))
    results = []
    invocation = threading.Thread(target=lambda: results.append(runtime.invoke("SlowStart", {})), daemon=True)
    invocation.start()
    wait_until(lambda: started.exists() and started.read_text(), "the worker to be importing its handler")

    runtime.shutdown()
    invocation.join(60)  # its init would have had 600 s

    assert results, "the invocation still waits for its worker"
    assert results[0].function_error == "Unhandled"
    assert process_gone(int(started.read_text()))
