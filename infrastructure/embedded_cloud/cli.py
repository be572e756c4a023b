"""`eventonight`: the embedded cloud's command line.

    eventonight up [--seed] [--data-dir DIR] [--port 3000] [--verbose] ...   run the whole template locally
    eventonight invoke FUNCTION [--event file.json]        run one function once, like `sam local invoke`
    eventonight logs FUNCTION [--follow]                   one function's log, like `sam logs`
    eventonight dlq list | redrive <queue> [--all]         dead-letter queues: what they hold, back to work
    eventonight export [--output data.json] | import FILE  the data as moto-independent JSON, and back

FUNCTION is a logical id (CreateEventFunction), a nested stack and logical id (UsersContext/OutboxRelayFunction)
or a physical name. A mistake is answered with one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import signal
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any, NoReturn

DEFAULT_DATA_DIR = Path(".eventonight")
ENDPOINTS_FILE = "endpoints.json"
USAGE_ERROR, FAILED = 2, 1


class CliError(Exception):
    """A mistake or a missing prerequisite, told in one line."""

    def __init__(self, message: str, status: int = USAGE_ERROR) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        _error(f"{message} (see `{self.prog} --help`)")
        sys.exit(USAGE_ERROR)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "dlq":
            from . import dlq

            return dlq.run(args)
        if args.command in ("export", "import"):
            from . import export_import

            return export_import.run(args)
        return {"up": run_up, "invoke": run_invoke, "logs": run_logs}[args.command](args)
    except CliError as error:
        _error(str(error))
        return error.status
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="eventonight", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="run template.yaml on the embedded cloud")
    up.add_argument("--template", type=Path, default=Path("template.yaml"))
    up.add_argument("--host", default="127.0.0.1",
                    help="address of the SPA/HTTP and WebSocket gateways (default: loopback); the AWS endpoint "
                         "and the Stripe emulator always stay on 127.0.0.1")
    up.add_argument("--port", type=int, default=3000, help="SPA and HTTP APIs")
    up.add_argument("--websocket-port", type=int, default=3001)
    up.add_argument("--aws-port", type=int, default=4566, help="the AWS endpoint (moto)")
    up.add_argument("--stripe-port", type=int, default=12111)
    up.add_argument("--mailbox-port", type=int, default=8025, help="the local mailbox (what SES sends)")
    up.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="state kept across restarts")
    up.add_argument("--seed", action="store_true", help="load demo data once the platform is up")
    up.add_argument("--parameter-overrides", nargs="*", default=[], metavar="KEY=VALUE")
    up.add_argument("--schedule-speed", type=float, default=1.0, help="run schedules N times faster")
    shown = up.add_mutually_exclusive_group()
    shown.add_argument("--quiet", action="store_true", help="do not print function logs")
    shown.add_argument("--verbose", action="store_true",
                       help="print Lambda's START/END/REPORT lines of every invocation too")
    up.add_argument("--no-fsync", dest="fsync", action="store_false",
                    help="acknowledged writes reach the operating system but are not forced to disk: they survive a "
                         "crash of the platform (kill -9), not of the machine (for clouds of tests)")
    up.add_argument("--lambda-idle-seconds", type=float, metavar="SECONDS",
                    help="stop a function's worker idle this long (default 300, or $EVENTONIGHT_LAMBDA_IDLE_SECONDS)")
    up.add_argument("--lambda-max-warm", type=int, metavar="N",
                    help="keep at most N workers alive in all, the least recently used go first "
                         "(default 64, or $EVENTONIGHT_LAMBDA_MAX_WARM_WORKERS)")

    invoke = commands.add_parser("invoke", help="invoke one function of the template with an event")
    invoke.add_argument("function", help="logical id, NestedStack/LogicalId, or physical name")
    invoke.add_argument("--event", type=Path, help="JSON event file (default: {})")
    invoke.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)

    logs = commands.add_parser("logs", help="show one function's log (kept in the data dir by `up`)")
    logs.add_argument("function", help="logical id, NestedStack/LogicalId, or physical name")
    logs.add_argument("--follow", "-f", action="store_true", help="keep printing new lines until Ctrl-C")
    logs.add_argument("--lines", "-n", type=int, default=200, help="how many of the latest lines (default 200)")
    logs.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)

    from . import dlq

    dlq.register(commands, DEFAULT_DATA_DIR)
    from . import export_import

    export_import.register(commands, DEFAULT_DATA_DIR)
    return parser


def _say(message: str) -> None:
    print(f"eventonight | {message}", flush=True)


def _error(message: str) -> None:
    print(f"eventonight: error: {' '.join(message.split())}", file=sys.stderr, flush=True)


# --- up ---------------------------------------------------------------------------------------------------------
def run_up(args: argparse.Namespace) -> int:
    from .cloud import CloudConfig, EmbeddedCloud
    from .function_logs import LOG_DIR, FunctionLogSink

    if not args.template.is_file():
        raise CliError(f"no template at {args.template} (run from the repository root or pass --template)")
    overrides = _parameter_overrides(args.parameter_overrides)
    started = time.monotonic()
    _say(f"starting the embedded cloud for {args.template} (state in {args.data_dir.resolve()})")
    if warning := exposure_warning(args.host, args.seed):
        _say(warning)
    function_log = FunctionLogSink(args.data_dir / LOG_DIR, None if args.quiet else _print_line, args.verbose)
    config = CloudConfig(
        template=args.template, host=args.host, http_port=args.port, websocket_port=args.websocket_port,
        aws_port=args.aws_port, stripe_port=args.stripe_port, mailbox_port=args.mailbox_port,
        data_dir=args.data_dir, parameters=overrides,
        static_dir=args.template.parent / "web" / "dist", schedule_speed=args.schedule_speed,
        lambda_idle_seconds=args.lambda_idle_seconds, lambda_max_warm_workers=args.lambda_max_warm,
        function_log=function_log, fsync=args.fsync)
    cloud = EmbeddedCloud(config)
    try:
        cloud.start()
    except Exception as error:
        cloud.stop()
        raise CliError(f"could not start: {error}", FAILED) from error
    from .private_files import write_private

    write_private(args.data_dir / ENDPOINTS_FILE, json.dumps(cloud.endpoints()).encode())
    if args.seed:
        from .seed import seed

        try:
            seed(cloud, _say)
        except Exception as error:
            cloud.stop()
            raise CliError(f"could not load the demo data: {error}", FAILED) from error
    print(banner(cloud, time.monotonic() - started), flush=True)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    _say("stopping: saving state")
    cloud.stop()
    function_log.close()
    _say(f"stopped; state saved in {args.data_dir.resolve()}")
    return 0


def _print_line(line: str) -> None:
    print(line, flush=True)


def _parameter_overrides(items: list[str]) -> dict[str, str]:
    for item in items:
        if "=" not in item or item.startswith("="):
            raise CliError(f"--parameter-overrides takes KEY=VALUE pairs, not {item!r}")
    return dict(item.split("=", 1) for item in items)


def exposure_warning(host: str, seed: bool) -> str | None:
    """What `--host` opens to the network, or None on loopback."""
    if _is_loopback(host):
        return None
    warning = (f"WARNING: --host {host} opens the SPA, the HTTP APIs and the WebSocket API to everyone who can "
               "reach this machine: they can register, sign in and call every API")
    if seed:
        warning += ", and sign in as the --seed demo accounts, whose password is public (demo_data.json)"
    return warning + (". The AWS endpoint (moto, no authentication), the Stripe emulator and the mailbox stay on "
                      "127.0.0.1, so uploads, the test checkout page and the mailbox work only in a browser on this "
                      "machine.")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def banner(cloud: Any, seconds: float) -> str:
    c = cloud  # an EmbeddedCloud
    return "\n".join([
        "",
        f"  EvenToNight is up (ready in {seconds:.1f} s)",
        "",
        f"  SPA and HTTP APIs  {c.http_url}/          e.g. {c.http_url}/users/health",
        f"  WebSocket API      {c.websocket_url}/",
        f"  AWS endpoint       {c.aws_url}       aws --endpoint-url {c.aws_url} dynamodb list-tables",
        f"  Stripe emulator    {c.stripe_url}      test card 4242 4242 4242 4242",
        f"  Mailbox            {c.mailbox_url}/       every e-mail sent; JSON at {c.mailbox_url}/api/messages",
        "",
        "  Function logs: eventonight logs FUNCTION [--follow]; --verbose shows START/END/REPORT here too.",
        "  Press Ctrl-C to stop (state is saved and restored on the next start).",
        "",
    ])


# --- invoke -----------------------------------------------------------------------------------------------------
def run_invoke(args: argparse.Namespace) -> int:
    """The running platform invokes the function in a new worker (`invoke_endpoint`): the code on disk now, with
    the function's environment, against the platform's AWS endpoint; its log lines come back for stderr."""
    reply = invoke_function(args.data_dir, args.function, args.event)
    for line in reply.logs:
        print(line, file=sys.stderr)
    sys.stderr.flush()
    print(reply.payload, flush=True)
    return FAILED if reply.function_error else 0


def invoke_function(data_dir: Path, function: str, event_file: Path | None) -> Any:
    """`eventonight invoke`'s work without its printing: the invoke_endpoint.Reply, or a CliError. Also called by
    a program that invokes many functions (tests/e2e/test_sample_events.py runs every function's sample with it,
    from threads: one process, not an interpreter's start and the CLI's imports per function)."""
    from .invoke_endpoint import NoSuchFunction, invoke

    deployment, endpoints = _deployment(data_dir)
    config = _function(deployment, function)
    event = _event(event_file)
    aws_url = endpoints["aws"]
    try:
        return invoke(aws_url, config.name, event)
    except ConnectionRefusedError as error:
        raise CliError(f"the platform is not running (nothing answers at {aws_url}): start it with "
                       "`eventonight up`", FAILED) from error
    except NoSuchFunction as error:
        raise CliError(f"{error} (the platform at {aws_url} runs another deployment than {data_dir}'s: "
                       "restart it)", FAILED) from error
    except OSError as error:
        raise CliError(f"the platform at {aws_url} did not answer the invoke: {error}", FAILED) from error
    except RuntimeError as error:
        raise CliError(f"the platform refused the invoke: {error}", FAILED) from error


def _event(path: Path | None) -> bytes:
    if path is None:
        return b"{}"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CliError(f"cannot read the event file {path}: {error.strerror}") from error
    try:
        json.loads(raw)
    except ValueError as error:
        raise CliError(f"the event file {path} is not JSON: {error}") from error
    return raw


# --- logs -------------------------------------------------------------------------------------------------------
def run_logs(args: argparse.Namespace) -> int:
    from .function_logs import LOG_DIR, follow, log_file, tail

    deployment, _ = _deployment(args.data_dir)
    path = log_file(args.data_dir / LOG_DIR, _function(deployment, args.function).name)
    if args.follow:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with suppress(KeyboardInterrupt):
            follow(path, _print_line, stop, args.lines)
        return 0
    for line in tail(path, args.lines):
        print(line, flush=True)
    if not path.exists():
        print(f"eventonight: {args.function} has not run since its log began", file=sys.stderr)
    return 0


# --- shared -----------------------------------------------------------------------------------------------------
def _deployment(data_dir: Path) -> tuple[Any, dict[str, str]]:
    from .deployment import Deployment

    deployment_file, endpoints_file = data_dir / "deployment.json", data_dir / ENDPOINTS_FILE
    if not deployment_file.exists() or not endpoints_file.exists():
        raise CliError(f"no deployment in {data_dir}: start the platform with `eventonight up` first "
                       "(or pass its --data-dir)")
    return Deployment.load(deployment_file), json.loads(endpoints_file.read_text())


def _function(deployment: Any, name: str) -> Any:
    from .deployment import UnknownFunction

    try:
        return deployment.function_by_logical_id(name)
    except UnknownFunction as error:
        raise CliError(str(error)) from error


if __name__ == "__main__":
    sys.exit(main())
