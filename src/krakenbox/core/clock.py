"""The one clock every layer reads.

Time is injected (DESIGN.md): protocol state machines never read the wall clock themselves;
they are handed ``now`` by their caller, who got it from a :class:`Clock`. Tests and the
simulator use :class:`ManualClock` and move time by hand instead of sleeping.

Times are integers: nanoseconds since the Unix epoch, UTC.
"""

from __future__ import annotations

import time
from typing import Protocol

NANOS_PER_SECOND = 1_000_000_000
NANOS_PER_MILLI = 1_000_000


class Clock(Protocol):
    """Something that tells the time in nanoseconds since the epoch (UTC)."""

    def now_ns(self) -> int: ...


class SystemClock:
    """The wall clock."""

    __slots__ = ()

    def now_ns(self) -> int:
        return time.time_ns()


class ManualClock:
    """A clock that only moves when told to: for tests and deterministic simulation."""

    __slots__ = ("_now_ns",)

    def __init__(self, start_ns: int = 0) -> None:
        self._now_ns = start_ns

    def now_ns(self) -> int:
        return self._now_ns

    def advance(self, seconds: float = 0.0, *, nanos: int = 0) -> int:
        """Move forward by ``seconds`` (and/or ``nanos``); returns the new time."""
        step = round(seconds * NANOS_PER_SECOND) + nanos
        if step < 0:
            raise ValueError("a clock does not run backwards; use set_ns to jump")
        self._now_ns += step
        return self._now_ns

    def set_ns(self, now_ns: int) -> None:
        """Jump to an absolute time (backwards included: a test may need it)."""
        self._now_ns = now_ns
