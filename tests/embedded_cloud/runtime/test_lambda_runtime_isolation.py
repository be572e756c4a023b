"""Each function runs in an execution environment of its own: its variables, its code, nothing else."""

import re
import sys
from pathlib import Path

import embedded_cloud
from embedded_cloud.lambda_runtime import FunctionSpec
from lambda_runtime_testing import BASE_ENVIRONMENT, FUNCTIONS, toolbox

LAMBDA_VARIABLES = {
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "_HANDLER",
    "TZ",
    "LANG",
    "PATH",
    "_X_AMZN_TRACE_ID",
}


def test_a_function_sees_its_variables_and_lambdas_but_not_anothers_nor_the_parents(runtime, monkeypatch):
    monkeypatch.setenv("EVENTONIGHT_PARENT_ONLY", "must not leak")
    runtime.register(
        toolbox("environment", name="Orders", environment={"TABLE_NAME": "orders"}, memory_mb=512)
    )
    runtime.register(toolbox("environment", name="Users", environment={"USER_POOL": "pool-1"}))

    orders = runtime.invoke("Orders", {}).json()
    users = runtime.invoke("Users", {}).json()

    assert set(orders) == set(BASE_ENVIRONMENT) | {"TABLE_NAME"} | LAMBDA_VARIABLES
    assert set(users) == set(BASE_ENVIRONMENT) | {"USER_POOL"} | LAMBDA_VARIABLES
    assert orders["TABLE_NAME"] == "orders" and users["USER_POOL"] == "pool-1"
    assert orders["AWS_ACCESS_KEY_ID"] == "testing"
    assert orders["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566"
    assert orders["AWS_LAMBDA_FUNCTION_NAME"] == "Orders"
    assert orders["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert orders["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert orders["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/Orders"
    assert orders["AWS_REGION"] == orders["AWS_DEFAULT_REGION"] == "eu-south-1"
    assert orders["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.12"
    assert orders["LAMBDA_TASK_ROOT"] == str(FUNCTIONS / "toolbox")
    assert orders["_HANDLER"] == "toolbox.environment"
    assert orders["TZ"] == ":UTC"
    trace_header = r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"
    assert re.fullmatch(trace_header, orders["_X_AMZN_TRACE_ID"])


def test_sys_path_is_the_code_then_the_layers_then_the_interpreters_libraries(runtime):
    layer = FUNCTIONS / "greeting_layer"
    runtime.register(toolbox("imports", name="Imports", layer_dirs=(layer,)))
    worker_folder = str(Path(embedded_cloud.__file__).parent)
    repo_folders = ["embedded_cloud", "lambda_runtime_testing", "conftest", "lambda_worker", "functions"]

    result = runtime.invoke("Imports", {"modules": [*repo_folders, "boto3"]}).json()

    code_dir = str(FUNCTIONS / "toolbox")
    assert result["sys_path"][:2] == [code_dir, str(layer / "python")]
    assert worker_folder not in result["sys_path"]
    interpreter_roots = (sys.prefix, sys.base_prefix)
    assert all(entry.startswith(interpreter_roots) for entry in result["sys_path"][2:])
    assert result["importable"] == {**dict.fromkeys(repo_folders, False), "boto3": True}
    assert result["cwd"] == code_dir


def test_a_layer_module_is_importable(runtime):
    runtime.register(toolbox("greet_from_layer", name="Greeter", layer_dirs=(FUNCTIONS / "greeting_layer",)))

    assert runtime.invoke("Greeter", {"name": "Ada"}).json() == "hello Ada, from a layer"


def test_two_functions_with_a_module_of_the_same_name_each_get_their_own(runtime):
    runtime.register(FunctionSpec("ReaderA", "reader.handler", FUNCTIONS / "same_module_a"))
    runtime.register(FunctionSpec("ReaderB", "reader.handler", FUNCTIONS / "same_module_b"))

    a = runtime.invoke("ReaderA", {}).json()
    b = runtime.invoke("ReaderB", {}).json()
    a_again = runtime.invoke("ReaderA", {}).json()

    assert a == a_again == {"owner": "function a", "file": str(FUNCTIONS / "same_module_a" / "settings.py")}
    assert b == {"owner": "function b", "file": str(FUNCTIONS / "same_module_b" / "settings.py")}
