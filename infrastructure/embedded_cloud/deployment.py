"""What a deployed template consists of, as the runtime's pieces need it: functions, routes and event sources.

The deployer fills a `Deployment`; the gateways and pollers read it. It is saved as JSON beside the data so that
`eventonight invoke` can run a function with the same resolved environment without deploying again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .private_files import write_private


@dataclass
class HttpRoute:
    method: str  # GET, POST, ... or ANY
    path: str  # /users/{userId}, /media/{proxy+}, or $default
    function: str
    api_id: str
    timeout_ms: int = 29_000
    payload_format: str = "2.0"


@dataclass
class Cors:
    allow_origins: list[str] = field(default_factory=list)
    allow_methods: list[str] = field(default_factory=list)
    allow_headers: list[str] = field(default_factory=list)
    expose_headers: list[str] = field(default_factory=list)
    max_age: int | None = None
    allow_credentials: bool = False


@dataclass
class Throttling:
    """An HTTP API stage's throttles: DefaultRouteSettings for every route, RouteSettings by route key
    ("POST /users/login"); each a {"burst": n, "rate": per second}, None where the template sets none."""
    default: dict[str, float] | None = None
    routes: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class WebSocketApi:
    api_id: str
    name: str
    route_selection_expression: str
    stage: str = "local"
    routes: dict[str, str] = field(default_factory=dict)  # route key -> function name
    two_way_routes: list[str] = field(default_factory=list)  # routes whose integration response goes back


@dataclass
class StreamSource:
    function: str
    stream_arn: str
    batch_size: int = 100
    starting_position: str = "TRIM_HORIZON"
    maximum_retry_attempts: int = -1
    bisect_on_error: bool = False
    report_batch_item_failures: bool = False
    on_failure_arn: str | None = None
    filters: list[dict] = field(default_factory=list)  # EventBridge-style patterns (FilterCriteria)


@dataclass
class QueueSource:
    function: str
    queue_arn: str
    queue_url: str
    batch_size: int = 10
    report_batch_item_failures: bool = False
    filters: list[dict] = field(default_factory=list)


@dataclass
class Schedule:
    name: str
    expression: str  # rate(5 minutes) or cron(0 12 * * ? *)
    target_arn: str  # a function or a state machine
    input: str = "{}"
    enabled: bool = True


@dataclass
class FunctionConfig:
    logical_id: str
    stack: str
    name: str
    arn: str
    handler: str
    runtime: str
    code_dir: str
    layer_dirs: list[str]
    environment: dict[str, str]
    timeout: float
    memory_mb: int
    on_failure_arn: str | None = None  # EventInvokeConfig's OnFailure destination (an SQS queue) for async events

    @property
    def path(self) -> str:
        """`UsersContext/OutboxRelayFunction`: the nested stack's logical id (none at the root) and the function's."""
        return "/".join([*self.stack.split("/")[1:], self.logical_id])


class UnknownFunction(KeyError):
    """No function, or more than one, has that name; the message says which ones come closest."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class Deployment:
    functions: dict[str, FunctionConfig] = field(default_factory=dict)  # by physical name
    http_routes: list[HttpRoute] = field(default_factory=list)
    cors: dict[str, Cors] = field(default_factory=dict)  # by api id
    throttles: dict[str, Throttling] = field(default_factory=dict)  # by api id
    websocket_apis: list[WebSocketApi] = field(default_factory=list)
    stream_sources: list[StreamSource] = field(default_factory=list)
    queue_sources: list[QueueSource] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)  # the root stack's Outputs

    def function_by_logical_id(self, name: str) -> FunctionConfig:
        """By logical id (`CreateEventFunction`), by nested stack and logical id (`UsersContext/OutboxRelayFunction`,
        for a logical id that several stacks use) or by physical name; UnknownFunction names the closest ones."""
        matches = [f for f in self.functions.values() if name == f.name or f"/{f.path}".endswith(f"/{name}")]
        if len(matches) == 1:
            return matches[0]
        if matches:
            paths = ", ".join(sorted(f.path for f in matches))
            raise UnknownFunction(f"{name!r} names {len(matches)} functions ({paths}): name one of them")
        raise UnknownFunction(f"no function {name!r} in this deployment{self._suggestion(name)}")

    def _suggestion(self, name: str) -> str:
        """`; did you mean A or B?` with the names closest to `name` (those about as close as the closest)."""
        from collections import Counter
        from difflib import SequenceMatcher

        uses = Counter(f.logical_id for f in self.functions.values())
        spellings = {f.logical_id for f in self.functions.values()}
        spellings |= {f.path for f in self.functions.values() if uses[f.logical_id] > 1}
        scored = sorted(((SequenceMatcher(None, name.lower(), s.lower()).ratio(), s) for s in spellings),
                        reverse=True)
        best = scored[0][0] if scored else 0.0
        close = [spelling for score, spelling in scored[:3] if score >= max(0.6, best - 0.1)]
        return f"; did you mean {' or '.join(close)}?" if close else ""

    def function_by_arn(self, arn: str) -> FunctionConfig | None:
        name = arn.split(":function:")[-1].split(":")[0] if ":function:" in arn else arn
        return self.functions.get(name)

    def save(self, path: Path) -> None:
        write_private(path, json.dumps(asdict(self), indent=1).encode())  # the functions' secrets are in it

    @classmethod
    def load(cls, path: Path) -> Deployment:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            functions={k: FunctionConfig(**v) for k, v in raw["functions"].items()},
            http_routes=[HttpRoute(**r) for r in raw["http_routes"]],
            cors={k: Cors(**v) for k, v in raw["cors"].items()},
            throttles={k: Throttling(**v) for k, v in raw.get("throttles", {}).items()},
            websocket_apis=[WebSocketApi(**w) for w in raw["websocket_apis"]],
            stream_sources=[StreamSource(**s) for s in raw["stream_sources"]],
            queue_sources=[QueueSource(**q) for q in raw["queue_sources"]],
            schedules=[Schedule(**s) for s in raw["schedules"]],
            outputs=raw["outputs"],
        )
