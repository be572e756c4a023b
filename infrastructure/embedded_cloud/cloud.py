"""The embedded cloud: moto, the Lambda runtime, the gateways, event sources, schedules, the Stripe emulator and the
local mailbox (what SES sends), started together from one template. Tests start one per session; `eventonight up`
starts one for people.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3
from aiohttp import web

from . import collector, durable, mailbox, moto_server, persistence
from .async_invocations import AsyncInvocations, failure_record
from .deploy import deploy
from .deployment import Deployment
from .durable import dynamodb as durable_dynamodb
from .durable import stepfunctions
from .durable.runtime import JournalledCheckpoints, Replay, awaitable_sync, stripe_writes
from .event_sources import QueuePoller, StreamPoller, streams_read
from .http_gateway import HttpGateway, spa_headers
from .journal import Journal
from .lambda_runtime import CREDENTIALS, InvokeResult, LambdaRuntime, function_spec
from .moto_fixes import cognito_signing_key, eventbridge_targets, lambda_invoke, websocket_connections
from .moto_server import MotoServer
from .schedules import Scheduler
from .template import REGION
from .websocket_gateway import WebSocketGateway

log = logging.getLogger("eventonight.cloud")

# where the functions find the Stripe secrets (template parameters StripeSecretKeyParameter/...WebhookSecret...)
STRIPE_KEY_PARAMETER, STRIPE_WEBHOOK_PARAMETER = "/eventonight/stripe/secret-key", "/eventonight/stripe/webhook-secret"
UNSUBSCRIBE_SECRET_PARAMETER = "/eventonight/notifications/unsubscribe-secret"  # template UnsubscribeSecretParameter
LOOPBACK = "127.0.0.1"
# How long a stop lets the requests in flight finish before it cancels them (aiohttp's default, 60 s, waited for
# cold starts and slow functions: `up` took over 10 s to stop, its tests' clouds up to a minute)
STOP_GRACE_SECONDS = 2.0
MAIL_FROM_ADDRESS = "no-reply@eventonight.local"  # SES's sender here: its domain is the identity deployed


@dataclass
class CloudConfig:
    template: Path
    host: str = LOOPBACK  # the HTTP and WebSocket gateways'; moto and the Stripe emulator stay on loopback
    http_port: int = 3000
    websocket_port: int = 3001
    aws_port: int = 4566
    stripe_port: int = 12111
    mailbox_port: int = 8025  # MailHog's and Mailpit's
    data_dir: Path | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    static_dir: Path | None = None
    schedule_speed: float = 1.0
    async_retry_delay: float = 1.0
    snapshot_seconds: float = 30.0
    function_log: Callable[[str], None] = print
    lambda_idle_seconds: float | None = None  # None: the runtime's default
    lambda_max_warm_workers: int | None = None
    fsync: bool = True  # False: the journal's writes reach the OS only (a platform crash keeps them, a machine's not)
    # False: deploy and load the data dir only (an import): no Lambda worker, event source, schedule, webhook or
    # periodic snapshot runs, so nothing acts on the data while it is put in
    serve: bool = True


class EmbeddedCloud:
    def __init__(self, config: CloudConfig) -> None:
        self.config = config
        self.moto = MotoServer(LOOPBACK, config.aws_port)  # unauthenticated: never beyond this machine
        self.deployment = Deployment()
        self.runtime: LambdaRuntime | None = None
        self.async_invocations: AsyncInvocations | None = None
        self.http: HttpGateway | None = None
        self.websocket: WebSocketGateway | None = None
        self.stripe: Any = None
        self.pollers: list[Any] = []
        self.scheduler: Scheduler | None = None
        self.checkpoints: dict[str, str] = {}
        self._loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(target=self._loop.run_forever, name="gateways", daemon=True)
        self._runners: list[web.AppRunner] = []
        self._snapshots: persistence.PeriodicSnapshots | None = None
        self.journal: Journal | None = None
        self._saved: persistence.Saved | None = None
        self._held: tuple[dict[str, tuple[int, int]], int] = ({}, 0)  # streams the last snapshot holds; its entries
        self.http_url = self.websocket_url = self.stripe_url = self.mailbox_url = ""
        self._started = False  # a start that failed saves nothing over the state it may not even have loaded

    # --- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> EmbeddedCloud:
        os.environ.setdefault("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
        if self.config.data_dir:
            persistence.prepare(self.config.data_dir)  # a first start: deployment.json goes there
        self.moto.start()
        replay = None
        if self.config.data_dir:
            cognito_signing_key.use_key_of(self.config.data_dir)
            replay = self._open_journal()
        saved = self._saved.runtime if self._saved else None
        saved = saved or {}
        for record in saved.get("mailbox") or ():
            mailbox.MAILBOX.restore(record)
        self.checkpoints = saved.get("checkpoints", {})
        if replay is not None:
            self.checkpoints = JournalledCheckpoints({**self.checkpoints, **replay.checkpoints}, self.journal)
        self._loop_thread.start()
        self.runtime = LambdaRuntime(self._function_environment(), log=self.config.function_log,
                                     idle_seconds=self.config.lambda_idle_seconds,
                                     max_warm_workers=self.config.lambda_max_warm_workers,
                                     fork_workers=self.config.serve)  # (no zygote to preload for nothing)
        self.moto.invoke_endpoint.runtime = self.runtime
        # The gateways listen before deploying, so their URLs can be template parameters.
        self.http = HttpGateway(self.runtime.invoke, self.config.static_dir)
        self.websocket = WebSocketGateway(self.runtime.invoke)
        websocket_connections.route_to(self.websocket)
        self.http_url = f"http://{self.config.host}:{self._serve(self.http.app(), self.config.http_port)}"
        self.websocket_url = f"ws://{self.config.host}:{self._serve(self.websocket.app(), self.config.websocket_port)}"
        from .mailbox.web import mailbox_app

        self.mailbox_url = f"http://{LOOPBACK}:{self._serve(mailbox_app(), self.config.mailbox_port, LOOPBACK)}"
        self.http.spa_config = {"websocketUrl": self.websocket_url}
        port = urlparse(self.http_url).port  # the SPA's origin, whose presigned uploads moto accepts
        self.moto.upload_origins.update(f"http://{h}:{port}" for h in (self.config.host, LOOPBACK, "localhost"))
        self.http.spa_headers = spa_headers([self.http_url, self.websocket_url, self.aws_url])
        self._start_stripe(saved.get("stripe"), saved.get("stripe_webhook_secret"), replay)
        self._put_stripe_secrets()
        self._put_unsubscribe_secret()
        self.async_invocations = AsyncInvocations(
            self._invoke_decoded, self.client("stepfunctions").start_execution,
            retry_delay=self.config.async_retry_delay, on_failure=self._async_failed)
        lambda_invoke.route_to(self._invoke_raw, self.async_invocations.invoke_function)
        eventbridge_targets.route_to(self.async_invocations.deliver)
        self.deployment = deploy(self.config.template, self.moto.url, self._parameters(),
                                 on_function=lambda f: self.runtime.register(function_spec(f)), app=self.moto.app)
        if self.config.data_dir:
            self.deployment.save(self.config.data_dir / "deployment.json")
            self._replay_moto(replay)
            stepfunctions.resume_all()  # before any webhook or request can end their waits
        self.http.load(self.deployment)
        self.websocket.load(self.deployment)
        if self.config.serve:
            self._start_event_sources()
            self._connect_stripe_webhooks()
        if self.config.data_dir:
            self._snapshots = persistence.PeriodicSnapshots(
                self.save, self.config.snapshot_seconds, journal=self.journal,
                snapshot_bytes=partial(persistence.snapshot_bytes, self.config.data_dir),
                prepare=self._prepare_snapshot,
                stale_bytes=self._stale_snapshot_bytes)
            if self._saved is not None and self._saved.runtime is None:
                # the first: the resources' ids, which deploy chose (small: saved here, without a fork)
                self._snapshots.compact_if_due(force=True, in_process=True)
            if self.config.serve:
                self._snapshots.start()
                self.stripe.redeliver_pending()  # deliveries the last run had not finished
        self._started = True
        collector.settle_after_start()
        return self

    def stop(self) -> None:
        if self._snapshots:
            self._snapshots.stop()
        for poller in self.pollers:
            poller.stop()
        if self.scheduler:
            self.scheduler.stop()
        if self.async_invocations:
            self.async_invocations.stop()
        for runner in self._runners:
            self._on_loop(runner.cleanup(), "a gateway's shutdown")
        if self.stripe is not None:
            self._on_loop(self.stripe.stop(), "the Stripe emulator's shutdown")
        if self.journal is not None:  # every acknowledged write is in it already: no snapshot to wait for
            with moto_server.backend_lock():
                moto_server.journal_hooks = None
                durable.attach(None)
            self.journal.close()
            self.journal = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self.runtime:
            self.runtime.shutdown()
        for gateway in (self.http, self.websocket):
            if gateway:
                gateway.pool.shutdown(wait=False, cancel_futures=True)
        self.moto.stop()

    def _on_loop(self, step: Any, what: str, seconds: float = 10.0) -> None:
        """Run a step of `stop` on the gateways' loop; one that overruns is logged and left (the journal, the
        workers and moto still get stopped after it)."""
        try:
            asyncio.run_coroutine_threadsafe(step, self._loop).result(seconds)
        except Exception:  # noqa: BLE001 - whatever it was, the rest of the platform must still stop
            log.exception("%s did not end within %.0f s", what, seconds)

    def __enter__(self) -> EmbeddedCloud:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def save(self, journal_from: int = 1, runtime_state: dict | None = None) -> None:
        assert self.config.data_dir is not None
        state = runtime_state or self._runtime_state()
        persistence.save(self.config.data_dir, state, journal_from, self._streams_read(state["checkpoints"]))

    def _streams_read(self, checkpoints: Mapping[str, str]) -> dict[str, int]:
        return streams_read(self.deployment.stream_sources, checkpoints)

    def _prepare_snapshot(self) -> dict[str, Any]:
        """The runtime state a compaction saves, read under the moto lock before it forks; and what of the streams
        it will hold, to tell later how much of it has gone stale."""
        state = self._runtime_state()
        self._held = durable_dynamodb.snapshot_spans(self._streams_read(state["checkpoints"]))
        return state

    def _stale_snapshot_bytes(self) -> int:
        """About how many bytes of the last snapshot are stream records every poller has read since it was taken."""
        spans, entries = self._held
        if not entries or self.config.data_dir is None:
            return 0
        stale = durable_dynamodb.stale_records(spans, self._streams_read(self.checkpoints))
        if not stale:
            return 0
        size = sum(p.stat().st_size for p in self.config.data_dir.glob("dynamodb-*.snapshot"))
        return size * stale // entries

    def _runtime_state(self) -> dict[str, Any]:
        return {"checkpoints": dict(self.checkpoints), "stripe_webhook_secret": self._stripe_secret,
                "stripe": self.stripe.snapshot() if self.stripe is not None else None,
                "mailbox": mailbox.MAILBOX.records()}

    def _open_journal(self) -> Replay:
        """Load the snapshot and read the journal written since; new writes go to a new segment of it."""
        assert self.config.data_dir is not None
        with collector.restoring():
            self._saved = persistence.restore(self.config.data_dir)
            self._held = durable_dynamodb.snapshot_spans()  # before the journal's records come on top
            replay = Replay(self.config.data_dir, self._saved)
        self.journal = Journal(self.config.data_dir / persistence.JOURNAL_DIR, fsync=self.config.fsync)
        return replay

    def _replay_moto(self, replay: Replay | None) -> None:
        """Put the journal's values back on top of the snapshot (after deploy: a first start's tables exist only
        then), and journal every write from now on."""
        entries = replay.moto if replay else []
        # a short journal is left to the collection after the start; a long one is put back as a snapshot is
        big = collector.restoring() if len(entries) > 10_000 else contextlib.nullcontext()
        with moto_server.backend_lock(), big:
            for entry in entries:
                durable.apply(entry, self.config.data_dir / persistence.JOURNAL_DIR)
            durable.attach(self.journal)
            moto_server.journal_hooks = (durable.commit, durable.sync)
        if replay and replay.moto:
            log.info("replayed %d journal entries", len(replay.moto))

    # --- what users and tests call --------------------------------------------------------------------------
    @property
    def aws_url(self) -> str:
        return self.moto.url

    def endpoints(self) -> dict[str, str]:
        """Where everything listens (saved by `eventonight up` for `invoke` and the tests)."""
        return {"http": self.http_url, "websocket": self.websocket_url, "aws": self.aws_url,
                "stripe": self.stripe_url, "mailbox": self.mailbox_url}

    def client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=self.moto.url, region_name=REGION, aws_access_key_id="test",
                            aws_secret_access_key="test")

    def invoke(self, function: str, event: Any) -> InvokeResult:
        """Invoke by logical id or physical name, as `eventonight invoke` does."""
        assert self.runtime is not None
        name = self.deployment.function_by_logical_id(function).name
        return self.runtime.invoke(name, event)

    # --- wiring -----------------------------------------------------------------------------------------------
    def _function_environment(self) -> dict[str, str]:
        return {**CREDENTIALS, "AWS_ENDPOINT_URL": self.moto.url, "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
                "PYTHONUNBUFFERED": "1"}

    def _parameters(self) -> dict[str, Any]:
        """The values only the embedded cloud knows, for the template parameters that ask for them."""
        port = urlparse(self.http_url).port
        origins = [self.http_url, f"http://127.0.0.1:{port}", f"http://localhost:{port}",
                   "http://127.0.0.1:5173", "http://localhost:5173"]  # the gateway's own, and `npm run dev`
        local = {"StripeApiBase": self.stripe_url, "StripeWebhookSecret": self._stripe_secret,
                 "StripeSecretKeyParameter": STRIPE_KEY_PARAMETER,
                 "StripeWebhookSecretParameter": STRIPE_WEBHOOK_PARAMETER,
                 "UnsubscribeSecretParameter": UNSUBSCRIBE_SECRET_PARAMETER,
                 "MailFromAddress": MAIL_FROM_ADDRESS, "PublicBaseUrl": self.http_url,
                 "WebSocketUrl": self.websocket_url,
                 "AllowedOrigins": ",".join(dict.fromkeys(origins))}
        declared = _declared_parameters(self.config.template)
        return {**{k: v for k, v in local.items() if k in declared}, **self.config.parameters}

    def _invoke_raw(self, function: str, event: bytes) -> tuple[bytes, bool]:
        assert self.runtime is not None
        result = self.runtime.invoke(function, event)
        return result.payload, result.function_error is not None

    def _invoke_decoded(self, function: str, event: bytes) -> tuple[Any, bool]:
        assert self.runtime is not None
        result = self.runtime.invoke(function, event)
        try:
            return result.json(), result.function_error is not None
        except ValueError:
            return None, result.function_error is not None

    def _async_failed(self, function: str, event: bytes, result: Any) -> bool:
        """An async event whose retries are spent goes to the function's OnFailure queue, if it has one."""
        config = self.deployment.functions.get(function)
        if config is None or not config.on_failure_arn or ":sqs:" not in config.on_failure_arn:
            return False
        sqs = self.client("sqs")
        url = sqs.get_queue_url(QueueName=config.on_failure_arn.split(":")[-1])["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(failure_record(config.arn, event, result)))
        return True

    def _serve(self, app: web.Application, port: int, host: str | None = None) -> int:
        async def serve() -> int:
            runner = web.AppRunner(app, access_log=None, shutdown_timeout=STOP_GRACE_SECONDS)
            await runner.setup()
            site = web.TCPSite(runner, host or self.config.host, port)
            await site.start()
            self._runners.append(runner)
            return runner.addresses[0][1]

        return asyncio.run_coroutine_threadsafe(serve(), self._loop).result(10)

    def _start_event_sources(self) -> None:
        for source in self.deployment.stream_sources:
            self.pollers.append(StreamPoller(source, self.client, self._invoke_decoded, self.checkpoints))
        for queue_source in self.deployment.queue_sources:
            self.pollers.append(QueuePoller(queue_source, self._invoke_decoded))
        for poller in self.pollers:
            poller.start()
        assert self.async_invocations is not None
        self.scheduler = Scheduler(self.deployment.schedules, self.async_invocations.deliver,
                                   self.config.schedule_speed)
        self.scheduler.start()

    # --- Stripe -----------------------------------------------------------------------------------------------
    def _start_stripe(self, snapshot: dict | None, secret: str | None, replay: Replay | None) -> None:
        from .stripe_emulator import StripeEmulator

        self._stripe_secret = secret or f"whsec_{secrets.token_hex(16)}"
        self.stripe = StripeEmulator(retry_base_delay=self.config.async_retry_delay,
                                     durable=awaitable_sync(self.journal) if self.journal else None)
        if snapshot:
            self.stripe.restore(snapshot)
        if replay is not None:
            for kind, object_id, obj in replay.stripe:
                self.stripe.apply_write(kind, object_id, obj)
            self.stripe.writes_restored()
            self.stripe.record_writes(stripe_writes(self.journal))
        asyncio.run_coroutine_threadsafe(self.stripe.start(LOOPBACK, self.config.stripe_port),
                                         self._loop).result(10)
        self.stripe_url = self.stripe.url

    def _put_stripe_secrets(self) -> None:
        """The Stripe secrets as a deployment keeps them (SSM SecureString, read by the functions at start): the
        emulator's webhook signing secret, and a key of its own (the emulator takes any sk_test_ key) - or, for
        Stripe's own test mode (StripeApiBase=https://api.stripe.com), STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET
        (`stripe listen --print-secret`) from the environment."""
        ssm = self.client("ssm")
        stripe_itself = "StripeApiBase" in self.config.parameters  # else the emulator, which signs with its own
        key = (stripe_itself and os.environ.get("STRIPE_SECRET_KEY")) or f"sk_test_embedded_{secrets.token_hex(12)}"
        webhook_secret = (stripe_itself and os.environ.get("STRIPE_WEBHOOK_SECRET")) or self._stripe_secret
        for name, value in ((STRIPE_KEY_PARAMETER, key), (STRIPE_WEBHOOK_PARAMETER, webhook_secret)):
            ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)

    def _put_unsubscribe_secret(self) -> None:
        """The signing secret of unsubscribe links (template UnsubscribeSecretParameter): a random one, once per
        data directory, so links sent before a restart keep working."""
        ssm = self.client("ssm")
        with contextlib.suppress(ssm.exceptions.ParameterAlreadyExists):
            ssm.put_parameter(Name=UNSUBSCRIBE_SECRET_PARAMETER, Value=secrets.token_hex(32), Type="SecureString")

    def _connect_stripe_webhooks(self) -> None:
        """Stripe's dashboard step: send webhooks to the template's webhook URL (its path on our gateway)."""
        url = self.deployment.outputs.get("StripeWebhookUrl")
        if url:
            self.stripe.add_webhook_endpoint(f"{self.http_url}{urlparse(url).path}", self._stripe_secret)


def _declared_parameters(template: Path) -> set[str]:
    from .template import load_yaml

    return set(load_yaml(template).get("Parameters", {}))

