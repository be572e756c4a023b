"""Starting an embedded cloud for tests: ephemeral ports, function logs kept for assertions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from embedded_cloud.cloud import CloudConfig, EmbeddedCloud


class FunctionLogs:
    """Collects the runtime's log lines (prefixed with function and request id)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    def of(self, function_name: str) -> list[str]:
        with self._lock:
            return [line for line in self.lines if line.startswith(f"[{function_name} ")]


def start_cloud(template: Path, data_dir: Path | None = None, **overrides: Any) -> tuple[EmbeddedCloud, FunctionLogs]:
    logs = FunctionLogs()
    config = CloudConfig(template=template, http_port=0, websocket_port=0, aws_port=0, stripe_port=0,
                         data_dir=data_dir, function_log=logs, async_retry_delay=0.2, **overrides)
    return EmbeddedCloud(config).start(), logs
