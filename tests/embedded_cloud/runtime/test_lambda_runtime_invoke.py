"""Invoking a function: what the handler receives and what the caller gets back, as on AWS Lambda."""

import json

import pytest
from embedded_cloud.lambda_runtime import FunctionNotFound, FunctionSpec
from lambda_runtime_testing import FUNCTIONS, toolbox


def test_the_handler_return_value_comes_back_as_json(runtime):
    runtime.register(toolbox("echo", name="Echo"))

    result = runtime.invoke("Echo", {"city": "Città", "tickets": [1, 2]})

    assert result.function_error is None
    assert result.json() == {"city": "Città", "tickets": [1, 2]}
    assert "Città".encode() in result.payload  # Lambda's python3.12 marshaller keeps non-ASCII as is
    assert result.request_id and result.duration_ms >= 0


def test_bytes_are_the_event_as_json_and_no_payload_is_an_empty_object(runtime):
    runtime.register(toolbox("echo", name="Echo"))

    assert runtime.invoke("Echo", b'{"amount": 12.5, "ok": true}').json() == {"amount": 12.5, "ok": True}
    assert runtime.invoke("Echo", b"").json() == {}


def test_a_decimal_is_returned_as_a_number(runtime):
    runtime.register(toolbox("give_decimal", name="Price"))

    assert runtime.invoke("Price", {"price": "19.90"}).payload == b'{"price": 19.9}'


def test_the_context_carries_what_lambda_passes(runtime):
    arn = "arn:aws:lambda:eu-south-1:123456789012:function:Ctx"
    runtime.register(toolbox("describe_context", name="Ctx", memory_mb=256, arn=arn, timeout=5))
    runtime.register(toolbox("describe_context", name="NoArn"))

    result = runtime.invoke("Ctx", {})
    context = result.json()

    assert context["function_name"] == "Ctx"
    assert context["function_version"] == "$LATEST"
    assert context["invoked_function_arn"] == arn
    assert context["memory_limit_in_mb"] == "256"  # a string, as Lambda's Python runtime gives it
    assert context["aws_request_id"] == result.request_id
    assert context["log_group_name"] == "/aws/lambda/Ctx"
    assert context["log_stream_name"] == context["env_log_stream_name"]
    assert "[$LATEST]" in context["log_stream_name"]
    assert context["identity"] is None and context["client_context"] is None
    assert 0 < context["remaining_ms"] <= 5000
    default_arn = runtime.invoke("NoArn", {}).json()["invoked_function_arn"]
    assert default_arn == "arn:aws:lambda:eu-south-1:123456789012:function:NoArn"


def test_powertools_logger_and_tracer_work_with_the_context_and_environment(runtime, log):
    code_dir = FUNCTIONS / "powertools_handler"
    runtime.register(FunctionSpec("Powertools", "powertools_handler.handler", code_dir))

    result = runtime.invoke("Powertools", {})

    assert result.json() == "ok"
    lines = log.of("Powertools", result.request_id)
    structured = [json.loads(line) for line in lines if line.startswith("{")]
    handled = next(entry for entry in structured if entry["message"] == "handled")
    assert handled["function_request_id"] == result.request_id
    assert handled["function_name"] == "Powertools"
    assert handled["cold_start"] is True
    assert not any("WARNING" in line for line in lines)  # e.g. X-Ray's "discarded" without a trace header


def test_an_exception_is_reported_as_lambda_does_and_the_worker_stays_warm(runtime):
    runtime.register(toolbox("count_invocations", name="Faulty"))
    warm = runtime.invoke("Faulty", {}).json()

    result = runtime.invoke("Faulty", {"raise": "cannot handle order 42"})

    assert result.function_error == "Unhandled"
    error = result.json()
    assert set(error) == {"errorMessage", "errorType", "requestId", "stackTrace"}
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "cannot handle order 42"
    assert error["requestId"] == result.request_id
    assert 'toolbox.py", line' in error["stackTrace"][0] and "in count_invocations" in error["stackTrace"][0]
    assert not any("lambda_worker" in frame for frame in error["stackTrace"])
    assert runtime.invoke("Faulty", {}).json() == {"invocations": 3, "pid": warm["pid"]}


@pytest.mark.parametrize(
    ("spec", "error_type", "message"),
    [
        (
            FunctionSpec("Broken", "broken_import.handler", FUNCTIONS / "broken_import"),
            "Runtime.ImportModuleError",
            "Unable to import module 'broken_import': No module named 'no_such_dependency_anywhere'",
        ),
        (
            toolbox("no_such_handler", name="Broken"),
            "Runtime.HandlerNotFound",
            "Handler 'no_such_handler' missing on module 'toolbox'",
        ),
        (
            FunctionSpec("Broken", "toolbox", FUNCTIONS / "toolbox"),
            "Runtime.MalformedHandlerName",
            "Bad handler 'toolbox': not enough values to unpack (expected 2, got 1)",
        ),
        (
            FunctionSpec("Broken", "failing_init.handler", FUNCTIONS / "failing_init"),
            "RuntimeError",
            "configuration missing",
        ),
    ],
    ids=["import-error", "handler-not-found", "malformed-handler", "exception-at-import"],
)
def test_a_function_that_cannot_start_reports_why_on_every_invoke(runtime, log, spec, error_type, message):
    runtime.register(spec)
    runtime.register(toolbox("echo", name="Healthy"))

    for _ in range(2):
        result = runtime.invoke("Broken", {})
        assert result.function_error == "Unhandled"
        error = result.json()
        assert (error["errorType"], error["errorMessage"]) == (error_type, message)
        assert error["requestId"] == result.request_id
        assert f"[ERROR] {error_type}: {message}" in log.of("Broken", result.request_id)
    assert runtime.invoke("Healthy", {"still": "fine"}).json() == {"still": "fine"}


def test_a_return_value_that_is_not_json_is_a_marshal_error(runtime):
    runtime.register(toolbox("return_unserialisable", name="Unserialisable"))

    result = runtime.invoke("Unserialisable", {})

    assert result.function_error == "Unhandled"
    error = result.json()
    assert error["errorType"] == "Runtime.MarshalError"
    assert error["errorMessage"] == (
        "Unable to marshal response: Object of type object is not JSON serializable"
    )


def test_bytes_that_are_not_json_are_an_unmarshal_error(runtime):
    runtime.register(toolbox("echo", name="Echo"))

    result = runtime.invoke("Echo", b"{not json")

    assert result.function_error == "Unhandled"
    assert result.json()["errorType"] == "Runtime.UnmarshalError"
    assert result.json()["errorMessage"].startswith("Unable to unmarshal input: Expecting property name")


def test_an_unknown_function_is_not_found(runtime):
    with pytest.raises(FunctionNotFound):
        runtime.invoke("Nobody", {})
