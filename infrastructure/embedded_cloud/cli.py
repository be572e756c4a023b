"""`eventonight`: the embedded cloud's command line.

    eventonight up [--seed] [--data-dir DIR] [--port 3000] ...   run the whole template locally
    eventonight invoke <LogicalId> --event file.json              run one function once, like `sam local invoke`
    eventonight dlq list | redrive <queue> [--all]                dead-letter queues: what they hold, back to work
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

DEFAULT_DATA_DIR = Path(".eventonight")
ENDPOINTS_FILE = "endpoints.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eventonight", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    up = commands.add_parser("up", help="run template.yaml on the embedded cloud")
    up.add_argument("--template", type=Path, default=Path("template.yaml"))
    up.add_argument("--host", default="127.0.0.1", help="address every server listens on (default: loopback)")
    up.add_argument("--port", type=int, default=3000, help="SPA and HTTP APIs")
    up.add_argument("--websocket-port", type=int, default=3001)
    up.add_argument("--aws-port", type=int, default=4566, help="the AWS endpoint (moto)")
    up.add_argument("--stripe-port", type=int, default=12111)
    up.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="state kept across restarts")
    up.add_argument("--seed", action="store_true", help="load demo data once the platform is up")
    up.add_argument("--parameter-overrides", nargs="*", default=[], metavar="KEY=VALUE")
    up.add_argument("--schedule-speed", type=float, default=1.0, help="run schedules N times faster")
    up.add_argument("--quiet", action="store_true", help="do not print function logs")
    up.add_argument("--lambda-idle-seconds", type=float, metavar="SECONDS",
                    help="stop a function's worker idle this long (default 300, or $EVENTONIGHT_LAMBDA_IDLE_SECONDS)")
    up.add_argument("--lambda-max-warm", type=int, metavar="N",
                    help="keep at most N workers alive in all, the least recently used go first "
                         "(default 64, or $EVENTONIGHT_LAMBDA_MAX_WARM_WORKERS)")

    invoke = commands.add_parser("invoke", help="invoke one function of the template with an event")
    invoke.add_argument("function", help="the function's logical id (or physical name)")
    invoke.add_argument("--event", type=Path, help="JSON event file (default: {})")
    invoke.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)

    from . import dlq

    dlq.register(commands, DEFAULT_DATA_DIR)

    args = parser.parse_args(argv)
    if args.command == "dlq":
        return dlq.run(args)
    return run_up(args) if args.command == "up" else run_invoke(args)


def _say(message: str) -> None:
    print(f"eventonight | {message}", flush=True)


def run_up(args: argparse.Namespace) -> int:
    from .cloud import CloudConfig, EmbeddedCloud

    if not args.template.is_file():
        _say(f"no template at {args.template} (run from the repository root or pass --template)")
        return 2
    overrides = dict(item.split("=", 1) for item in args.parameter_overrides)
    started = time.monotonic()
    _say(f"starting the embedded cloud for {args.template} (state in {args.data_dir.resolve()})")
    config = CloudConfig(
        template=args.template, host=args.host, http_port=args.port, websocket_port=args.websocket_port,
        aws_port=args.aws_port, stripe_port=args.stripe_port, data_dir=args.data_dir, parameters=overrides,
        static_dir=args.template.parent / "web" / "dist", schedule_speed=args.schedule_speed,
        lambda_idle_seconds=args.lambda_idle_seconds, lambda_max_warm_workers=args.lambda_max_warm,
        function_log=(lambda line: None) if args.quiet else (lambda line: print(line, flush=True)))
    cloud = EmbeddedCloud(config)
    try:
        cloud.start()
    except Exception as error:
        _say(f"could not start: {error}")
        cloud.stop()
        return 1
    (args.data_dir / ENDPOINTS_FILE).write_text(json.dumps(cloud.endpoints()))
    if args.seed:
        from .seed import seed

        seed(cloud, _say)
    print(banner(cloud, time.monotonic() - started), flush=True)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    _say("stopping: saving state")
    cloud.stop()
    _say(f"stopped; state saved in {args.data_dir.resolve()}")
    return 0


def banner(cloud: object, seconds: float) -> str:
    c = cloud  # an EmbeddedCloud
    return "\n".join([
        "",
        f"  EvenToNight is up (ready in {seconds:.1f} s)",
        "",
        f"  SPA and HTTP APIs  {c.http_url}/          e.g. {c.http_url}/users/health",  # type: ignore[attr-defined]
        f"  WebSocket API      {c.websocket_url}/",  # type: ignore[attr-defined]
        f"  AWS endpoint       {c.aws_url}       aws --endpoint-url {c.aws_url} dynamodb list-tables",  # type: ignore[attr-defined]
        f"  Stripe emulator    {c.stripe_url}      test card 4242 4242 4242 4242",  # type: ignore[attr-defined]
        "",
        "  Press Ctrl-C to stop (state is saved and restored on the next start).",
        "",
    ])


def run_invoke(args: argparse.Namespace) -> int:
    from .cloud import CREDENTIALS, function_spec
    from .deployment import Deployment
    from .lambda_runtime import LambdaRuntime

    deployment_file = args.data_dir / "deployment.json"
    endpoints_file = args.data_dir / ENDPOINTS_FILE
    if not deployment_file.exists() or not endpoints_file.exists():
        print(f"no deployment in {args.data_dir}: start the platform with `eventonight up` first", file=sys.stderr)
        return 2
    deployment = Deployment.load(deployment_file)
    try:
        config = deployment.function_by_logical_id(args.function)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    event = args.event.read_bytes() if args.event else b"{}"
    aws_url = json.loads(endpoints_file.read_text())["aws"]
    runtime = LambdaRuntime({**CREDENTIALS, "AWS_ENDPOINT_URL": aws_url, "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"},
                            log=lambda line: print(line, file=sys.stderr, flush=True),
                            fork_workers=False)  # one invoke: a zygote would only add its own start
    try:
        runtime.register(function_spec(config))
        result = runtime.invoke(config.name, event)
    finally:
        runtime.shutdown()
    print(result.payload.decode())
    return 1 if result.function_error else 0


if __name__ == "__main__":
    sys.exit(main())
