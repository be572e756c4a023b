"""The fork model: workers are forked from a zygote that imported the heavy libraries once, and each still is
an execution environment of its own; memory is bounded and reported truthfully."""

import os
import re
import signal
import threading
import time

import pytest
from embedded_cloud import lambda_runtime
from embedded_cloud.lambda_runtime import FunctionSpec
from embedded_cloud.lambda_zygote import Zygote
from lambda_runtime_testing import FUNCTIONS, process_gone, toolbox, wait_until


def test_a_worker_is_forked_from_the_zygote_with_the_libraries_loaded_and_nothing_of_another_function(runtime):
    runtime.register(FunctionSpec("ReaderA", "reader.handler", FUNCTIONS / "same_module_a",
                                  environment={"SECRET_OF_A": "a only"}))
    runtime.register(toolbox("lineage", name="Other"))
    runtime.invoke("ReaderA", {})

    other = runtime.invoke("Other", {}).json()

    assert other["ppid"] != os.getpid()  # not started by the runtime: forked by the zygote
    assert {"boto3", "pydantic", "aws_lambda_powertools", "pynamodb.models"} <= set(other["modules"])
    assert not {"reader", "settings"} & set(other["modules"])  # ReaderA's modules
    assert "SECRET_OF_A" not in other["environment"]
    assert other["environment"]["AWS_LAMBDA_FUNCTION_NAME"] == "Other"


def test_a_function_whose_environment_changes_what_the_preloaded_libraries_read_starts_afresh(runtime):
    # pynamodb reads PYNAMODB_CONFIG when imported: the zygote's copy saw it unset
    runtime.register(toolbox("lineage", name="Configured", environment={"PYNAMODB_CONFIG": "/nowhere.py"}))
    runtime.register(toolbox("lineage", name="Plain"))

    configured = runtime.invoke("Configured", {}).json()
    plain = runtime.invoke("Plain", {}).json()

    assert configured["ppid"] == os.getpid() and "pynamodb.models" not in configured["modules"]
    assert plain["ppid"] != os.getpid()



def test_a_forked_worker_builds_each_user_agent_part_once_and_sends_the_same_header(runtime):
    runtime.register(toolbox("user_agent", name="Agent", environment={"AWS_ACCESS_KEY_ID": "k",
                                                                       "AWS_SECRET_ACCESS_KEY": "s"}))

    agent = runtime.invoke("Agent", {}).json()

    assert agent["memoized"]  # botocore rebuilt every part's text, character by character, twice per request
    assert agent["sent"] == agent["fresh"]
    assert agent["sent"].startswith("Boto3/")

def test_a_forked_workers_botocore_sessions_copy_the_zygotes_built_in_handlers_and_keep_their_own(runtime):
    runtime.register(toolbox("session_handlers", name="Sessions"))

    sessions = runtime.invoke("Sessions", {}).json()

    assert sessions["prebuilt"]  # registered one by one, ~4.5 ms per session
    assert sessions["same"] and sessions["handlers"] >= 30  # those botocore registers, in its order
    assert sessions["own"]  # a handler registered on one session is not called by another


@pytest.mark.parametrize("how", [("os._exit", 3), ("signal", signal.SIGKILL)])
def test_a_worker_that_dies_leaves_the_zygote_serving(runtime, how):
    runtime.register(toolbox("count_invocations", name="Crashy"))
    runtime.register(toolbox("lineage", name="Before"))
    runtime.register(toolbox("lineage", name="After"))
    zygote = runtime.invoke("Before", {}).json()["ppid"]
    assert zygote != os.getpid()

    crashed = runtime.invoke("Crashy", {"exit": {"how": how[0], "status": how[1]}})

    assert crashed.json()["errorType"] == "Runtime.ExitError"
    assert runtime.invoke("After", {}).json()["ppid"] == zygote
    assert runtime.invoke("Crashy", {}).json()["invocations"] == 1


def test_an_idle_worker_retired_comes_back_as_a_cold_fork(make_runtime, log):
    runtime = make_runtime(idle_seconds=0.2)
    runtime.register(toolbox("lineage", name="Idle"))
    first = runtime.invoke("Idle", {}).json()

    wait_until(lambda: process_gone(first["pid"]), "the idle worker to be stopped")

    again = runtime.invoke("Idle", {})
    assert again.json()["ppid"] == first["ppid"] != os.getpid() and again.json()["pid"] != first["pid"]
    assert "Init Duration: " in log.of("Idle", again.request_id)[-1]


def test_beyond_the_cap_of_warm_workers_the_least_recently_used_is_stopped(make_runtime, log):
    runtime = make_runtime(max_warm_workers=2)
    for name in ("First", "Second", "Third"):
        runtime.register(toolbox("count_invocations", name=name))
    first = runtime.invoke("First", {}).json()
    second = runtime.invoke("Second", {}).json()

    runtime.invoke("Third", {})

    assert process_gone(first["pid"]) and not process_gone(second["pid"])
    again = runtime.invoke("First", {})
    assert again.json()["invocations"] == 1
    assert "Init Duration: " in log.of("First", again.request_id)[-1]


class _CountingCondition(threading.Condition):
    def __init__(self) -> None:
        super().__init__()
        self.entered = 0

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.entered += 1
        return super().__enter__()


def test_an_invoke_leaves_other_functions_pools_alone_and_the_count_of_workers_follows_every_change(make_runtime):
    """The cap's count is kept as pools change: it was summed on every invoke, each pool's size under its lock
    (~110 functions, a tenth of the platform's CPU per warm read)."""
    runtime = make_runtime(max_warm_workers=2)
    for name in ("First", "Second", "Third"):
        runtime.register(toolbox("count_invocations", name=name))
    others = {name: _CountingCondition() for name in ("Second", "Third")}
    for name, condition in others.items():
        runtime._pools[name]._changed = condition

    first = runtime.invoke("First", {}).json()

    assert {name: condition.entered for name, condition in others.items()} == {"Second": 0, "Third": 0}
    assert runtime.workers == 1
    runtime.invoke("Second", {})
    runtime.invoke("Third", {})  # one over the cap: First's idle worker is stopped
    assert runtime.workers == 2 and process_gone(first["pid"])
    runtime.register(toolbox("count_invocations", name="Third"))  # its idle worker retired
    assert runtime.workers == 1
    runtime.invoke("Second", {}, fresh=True)  # a one-shot worker, stopped after its invocation
    assert runtime.workers == 1


class _MovableClock:
    """The runtime's clock (its `time` module) with a test's hand on it: `moved` seconds ahead of the real one."""

    def __init__(self) -> None:
        self.moved = 0.0

    def __getattr__(self, name):
        return getattr(time, name)

    def monotonic(self) -> float:
        return time.monotonic() + self.moved


def test_a_cold_start_that_waits_for_the_zygote_to_preload_keeps_its_whole_init_timeout(runtime, log, monkeypatch):
    clock = _MovableClock()
    monkeypatch.setattr(lambda_runtime, "time", clock)
    can_serve = Zygote.can_serve

    def slow_preload(zygote, environment):  # a loaded machine: the zygote's imports took a minute
        clock.moved += 60
        return can_serve(zygote, environment)

    monkeypatch.setattr(Zygote, "can_serve", slow_preload)
    runtime.register(toolbox("count_invocations", name="Early"))

    early = runtime.invoke("Early", {})

    assert early.function_error is None, early.json()
    assert early.json()["invocations"] == 1
    init = float(re.search(r"Init Duration: ([0-9.]+) ms", log.of("Early", early.request_id)[-1]).group(1))
    assert init < 60_000  # the function's own init, not the platform's warm-up


def _max_memory_used(log, name, request_id):
    return int(re.search(r"Max Memory Used: (\d+) MB", log.of(name, request_id)[-1]).group(1))


def test_max_memory_used_is_the_workers_own_peak_not_the_runtimes(runtime, log):
    ballast = bytearray(b"\x01") * (400 << 20)  # the runtime's process is big: its workers must not say so
    runtime.register(toolbox("allocate", name="Grower", memory_mb=1024))

    small = runtime.invoke("Grower", {"mb": 0})
    grown = runtime.invoke("Grower", {"mb": 200})

    assert len(ballast) and _max_memory_used(log, "Grower", small.request_id) < 400
    assert _max_memory_used(log, "Grower", grown.request_id) >= _max_memory_used(log, "Grower", small.request_id) + 200


def test_a_worker_outgrowing_its_memory_size_is_killed_as_lambda_does(runtime, log):
    runtime.register(toolbox("allocate", name="Greedy", memory_mb=128))
    worker = runtime.invoke("Greedy", {"mb": 0})
    assert worker.function_error is None

    result = runtime.invoke("Greedy", {"mb": 300})

    assert result.function_error == "Unhandled"
    assert result.json() == {
        "errorMessage": f"RequestId: {result.request_id} Error: Runtime exited with error: signal: killed",
        "errorType": "Runtime.OutOfMemory",
    }
    report = log.of("Greedy", result.request_id)[-1]
    assert report.endswith("Max Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory")
    assert runtime.invoke("Greedy", {"mb": 1}).json() == {"held_mb": 1}  # a fresh worker


def _dead(pid):
    """Gone, or a zombie its parent has not reaped yet."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_zygote_that_dies_is_replaced_and_cold_starts_fork_again(runtime_with_own_zygote, log):
    runtime = runtime_with_own_zygote
    runtime.register(toolbox("lineage", name="Before"))
    runtime.register(toolbox("lineage", name="After"))
    zygote = runtime.invoke("Before", {}).json()["ppid"]
    assert zygote != os.getpid()

    os.kill(zygote, signal.SIGKILL)
    wait_until(lambda: _dead(zygote), "the zygote to die")
    after = runtime.invoke("After", {})

    assert after.json()["ppid"] not in (zygote, os.getpid())  # forked, by a new zygote
    assert {"boto3", "pynamodb.models", "stripe"} <= set(after.json()["modules"])
    assert "Init Duration: " in log.of("After", after.request_id)[-1]
