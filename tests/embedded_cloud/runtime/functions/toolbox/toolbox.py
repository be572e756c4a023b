"""Small handlers for the runtime's tests, each showing one Lambda behaviour."""

import decimal
import importlib
import logging
import os
import signal
import sys
import time
from pathlib import Path

print("toolbox: init")  # init-phase output, printed once per cold start

INVOCATIONS = 0


def echo(event, context):
    return event


def give_decimal(event, context):
    return {"price": decimal.Decimal(event["price"])}


def return_unserialisable(event, context):
    return {"when": object()}


def describe_context(event, context):
    return {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "identity": context.identity,
        "client_context": context.client_context,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "env_log_stream_name": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"],
    }


def count_invocations(event, context):
    """Counts in module state (kept while warm); the event may ask it to fail, hang or end its process."""
    global INVOCATIONS
    INVOCATIONS += 1
    if "raise" in event:
        raise ValueError(event["raise"])
    if event.get("hang"):
        time.sleep(3600)
    if "exit" in event:
        _end_process(**event["exit"])
    return {"invocations": INVOCATIONS, "pid": os.getpid()}


def _end_process(how, status):
    if how == "os._exit":
        os._exit(status)
    if how == "sys.exit":
        sys.exit(status)
    if how == "signal":
        os.kill(os.getpid(), status)
        signal.pause()


def environment(event, context):
    return dict(os.environ)


def imports(event, context):
    importable = {}
    for name in event["modules"]:
        try:
            importlib.import_module(name)
            importable[name] = True
        except ImportError:
            importable[name] = False
    return {"sys_path": sys.path, "importable": importable, "cwd": os.getcwd()}


def greet_from_layer(event, context):
    import greeting  # from the layer's python/ folder

    return greeting.greet(event["name"])


def wait_for_release(event, context):
    """Announce itself in the test's folder, then block until the test creates `release` there."""
    folder = Path(event["folder"])
    (folder / f"{event['name']}.started").touch()
    print(f"waiting {event['name']}")
    deadline = time.monotonic() + 60
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never released this invocation")
        time.sleep(0.01)
    print(f"released {event['name']}")
    return {"name": event["name"], "pid": os.getpid()}


def log_everything(event, context):
    print("to stdout")
    print("to stderr", file=sys.stderr)
    logging.getLogger("toolbox").warning("through logging")
    sys.stdout.write("without a newline")
    return "logged"


def lineage(event, context):
    """Who this worker is and what it has loaded: the fork model's tests look at its parent and its modules."""
    return {"pid": os.getpid(), "ppid": os.getppid(), "modules": sorted(sys.modules), "environment": dict(os.environ)}


HELD = []


def allocate(event, context):
    """Keep `mb` more megabytes, every page written, for as long as the worker lives."""
    HELD.append(bytearray(b"\x01") * (event["mb"] << 20))
    return {"held_mb": sum(len(block) for block in HELD) >> 20}


def user_agent(event, context):
    """The User-Agent header a client of this worker sends, built as botocore builds it and part by part anew."""
    import boto3
    from botocore.useragent import UserAgentComponent

    creator = boto3.client("sqs", region_name="us-east-1")._user_agent_creator
    creator.to_string()  # the parts' texts memoized (if they are)
    built = getattr(UserAgentComponent.to_string, "__wrapped__", None)
    if built is not None:  # build them again without the memo, then with it
        UserAgentComponent.to_string, memo = built, UserAgentComponent.to_string
        try:
            fresh = creator.to_string()
        finally:
            UserAgentComponent.to_string = memo
    else:
        fresh = creator.to_string()
    return {"sent": creator.to_string(), "fresh": fresh, "memoized": built is not None}



def session_handlers(event, context):
    """Whether this worker's botocore sessions take their built-in handlers from the zygote's table; whether such a
    session has the handlers a session registering them one by one has; and whether it has them as its own."""
    from botocore.session import Session

    copying = Session._register_builtin_handlers
    one_by_one = getattr(copying, "__wrapped__", None)
    copied = Session()
    if one_by_one is not None:  # a session made as botocore makes one, for comparison
        Session._register_builtin_handlers = one_by_one
    try:
        registered = Session()
    finally:
        Session._register_builtin_handlers = copying
    names = [name for service in ("dynamodb", "s3", "sqs", "stepfunctions") for name in (
        f"before-parameter-build.{service}.GetItem", f"before-call.{service}.PutObject", f"request-created.{service}",
        f"needs-retry.{service}.SendMessage", f"before-sign.{service}.StartExecution", f"after-call.{service}.Query",
        f"creating-client-class.{service}", f"choose-signer.{service}.Query", f"provide-client-params.{service}")]

    def handlers(session):  # by name: an initializer's handler (powertools') is a new closure per session
        return [[(h.__module__, h.__qualname__) for h in session._original_handler._handlers.prefix_search(name)]
                for name in names]

    calls = []

    def record(**kwargs):
        calls.append(kwargs)

    copied._events.emit("eventonight-probe.dynamodb")  # no built-in handler: fills its lookup cache first
    copied.register("eventonight-probe.dynamodb", record)
    copied._events.emit("eventonight-probe.dynamodb")
    Session()._events.emit("eventonight-probe.dynamodb")  # a later session: neither the handler nor the cache
    return {"prebuilt": one_by_one is not None, "same": handlers(Session()) == handlers(registered),
            "handlers": sum(map(len, handlers(registered))), "own": len(calls) == 1}
