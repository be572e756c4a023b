"""The function log sink (what `eventonight up` prints and keeps) and `follow` (what `eventonight logs -f` reads),
on real files: Lambda's START/END/REPORT lines are kept but shown only when verbose, a long log starts anew."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from embedded_cloud import function_logs
from embedded_cloud.function_logs import FunctionLogSink, follow, log_file
from support.polling import eventually

INVOCATION = ["[Fn r1] START RequestId: r1 Version: $LATEST", "[Fn r1] hello from the handler",
              "[Fn r1] START RequestId: someone-else's text", "[Fn r1] END RequestId: r1",
              "[Fn r1] REPORT RequestId: r1\tDuration: 1.00 ms\tBilled Duration: 1 ms"]


def _written(path: Path) -> list[str]:
    return [line.split(" ", 1)[1] for line in path.read_text().splitlines()]


@pytest.mark.parametrize("verbose", [False, True])
def test_the_terminal_gets_the_functions_own_lines_and_the_file_every_line(tmp_path: Path, verbose: bool) -> None:
    shown: list[str] = []
    sink = FunctionLogSink(tmp_path / "logs", shown.append, verbose=verbose)

    for line in [*INVOCATION, "a line of no function"]:
        sink(line)
    sink.close()

    assert _written(log_file(tmp_path / "logs", "Fn")) == INVOCATION
    own = [INVOCATION[1], INVOCATION[2], "a line of no function"]
    assert shown == ([*INVOCATION, "a line of no function"] if verbose else own)


def test_a_long_log_starts_a_new_file_and_follow_reads_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(function_logs, "MAX_BYTES", 200)
    sink = FunctionLogSink(tmp_path, None)
    path = log_file(tmp_path, "Fn")
    sink("[Fn r0] before following")
    followed: list[str] = []
    stop = threading.Event()
    follower = threading.Thread(target=follow, args=(path, followed.append, stop, 10))
    follower.start()
    try:
        eventually(lambda: followed, what="the existing line")
        for n in range(1, 6):  # about 56 bytes each: the file starts anew at the third
            sink(f"[Fn r{n}] line {n} of the handler")
        eventually(lambda: len(followed) == 6, what="every line, across the new file")
    finally:
        stop.set()
        follower.join()
        sink.close()

    assert [line.split(" ", 1)[1] for line in followed] == [
        "[Fn r0] before following", *(f"[Fn r{n}] line {n} of the handler" for n in range(1, 6))]
    assert path.with_name(path.name + ".1").exists() and path.stat().st_size <= 200
