"""Logs: every line a handler writes reaches the runtime's log, tagged with its function and request id."""

import re

from lambda_runtime_testing import toolbox


def test_handler_output_is_tagged_and_framed_by_start_end_report(runtime, log):
    runtime.register(toolbox("log_everything", name="Chatty"))

    cold = runtime.invoke("Chatty", {})
    warm = runtime.invoke("Chatty", {})

    rid = cold.request_id
    lines = log.of("Chatty", rid)
    assert lines[:2] == ["toolbox: init", f"START RequestId: {rid} Version: $LATEST"]
    assert lines[2:4] == ["to stdout", "to stderr"]
    timestamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    assert re.fullmatch(rf"\[WARNING\]\t{timestamp}\t{rid}\tthrough logging", lines[4])
    assert lines[5:7] == ["without a newline", f"END RequestId: {rid}"]
    report = lines[7]
    assert re.fullmatch(
        rf"REPORT RequestId: {rid}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB"
        r"\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms",
        report,
    )
    assert len(lines) == 8
    warm_lines = log.of("Chatty", warm.request_id)
    assert "toolbox: init" not in warm_lines and "Init Duration" not in warm_lines[-1]
    tagged = (f"[Chatty {rid}] ", f"[Chatty {warm.request_id}] ")
    assert all(line.startswith(tagged) for line in log.lines())


def test_a_failure_is_logged_with_its_traceback(runtime, log):
    runtime.register(toolbox("count_invocations", name="Faulty"))

    result = runtime.invoke("Faulty", {"raise": "no seats left"})

    lines = log.of("Faulty", result.request_id)
    assert "[ERROR] ValueError: no seats left" in lines
    assert lines[lines.index("[ERROR] ValueError: no seats left") + 1] == "Traceback (most recent call last):"
