"""support.polling.eventually on a clock of the test's own: when it probes, what it returns, when it gives up."""

import pytest
from support import polling


class Clock:
    """time.monotonic and time.sleep for polling: sleeping moves the clock, nothing else does."""

    def __init__(self) -> None:
        self.now = 100.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(polling, "time", clock)
    return clock


def _ready_at(clock: Clock, seconds: float) -> list[float]:
    """A probe that sees its state from `seconds` after the start; the times it probed at."""
    start, probed = clock.now, []

    def probe() -> str | None:
        probed.append(clock.now - start)
        return "ready" if clock.now - start >= seconds else None
    return probed, probe  # type: ignore[return-value]


def test_a_short_wait_probes_every_50_ms_and_returns_what_the_probe_saw(clock: Clock) -> None:
    probed, probe = _ready_at(clock, 0.48)
    assert polling.eventually(probe) == "ready"
    assert set(clock.pauses) == {0.05}
    assert probed[-1] - 0.48 < 0.05  # seen at the first probe after it happened


def test_a_long_wait_probes_less_often_after_a_second_at_most_a_quarter_second_apart(clock: Clock) -> None:
    probed, probe = _ready_at(clock, 15.0)
    assert polling.eventually(probe, timeout=60) == "ready"
    assert all(pause == 0.05 for pause, at in zip(clock.pauses, probed, strict=False) if at <= 1.0)
    assert max(clock.pauses) == 0.25 and clock.pauses[-1] == 0.25
    assert len(probed) < 100  # 300 at 50 ms
    assert probed[-1] - 15.0 < 0.25  # seen at most a pause late


def test_an_interval_given_is_kept(clock: Clock) -> None:
    _, probe = _ready_at(clock, 3.0)
    polling.eventually(probe, interval=0.01)
    assert set(clock.pauses) == {0.01}


def test_the_deadline_fails_with_what_was_awaited(clock: Clock) -> None:
    with pytest.raises(AssertionError, match="timed out after 5s waiting for the letter"):
        polling.eventually(lambda: None, timeout=5, what="the letter")
    assert clock.now - 100.0 == pytest.approx(5.0, abs=0.25)
