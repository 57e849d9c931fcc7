"""The daily sequence reset: when it happens and when Logons are refused around it.

Kraken resets both sequence numbers every day at 22:00 UTC and is unavailable for about 30 s;
generic FIX sessions often never reset. A :class:`DailySchedule` answers, for any instant,
the latest reset boundary at or before it, the next one after it, and whether the instant falls
in the blackout that follows a boundary. Everything is integer nanoseconds since the epoch UTC,
so a ManualClock can walk a whole day in a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from krakenbox.core.clock import NANOS_PER_SECOND

DAY_NS = 86_400 * NANOS_PER_SECOND


@dataclass(frozen=True, slots=True)
class DailySchedule:
    """A reset at ``reset_time`` (UTC) each day, then ``blackout_s`` without Logons."""

    reset_time: time
    blackout_s: float = 0.0

    @property
    def offset_ns(self) -> int:
        """The reset time as nanoseconds after midnight UTC."""
        t = self.reset_time
        seconds = t.hour * 3600 + t.minute * 60 + t.second
        return seconds * NANOS_PER_SECOND + t.microsecond * 1000

    def latest_boundary_ns(self, now_ns: int) -> int:
        """The last reset instant at or before ``now_ns``."""
        offset = self.offset_ns
        return (now_ns - offset) // DAY_NS * DAY_NS + offset

    def next_boundary_ns(self, now_ns: int) -> int:
        """The first reset instant strictly after ``now_ns``."""
        return self.latest_boundary_ns(now_ns) + DAY_NS

    def blackout_end_ns(self, now_ns: int) -> int:
        """When the blackout that follows the latest boundary ends."""
        return self.latest_boundary_ns(now_ns) + round(self.blackout_s * NANOS_PER_SECOND)

    def in_blackout(self, now_ns: int) -> bool:
        return now_ns < self.blackout_end_ns(now_ns)

    def needs_reset(self, creation_time_ns: int, now_ns: int) -> bool:
        """True if a boundary passed since the sequence began at ``creation_time_ns``."""
        return creation_time_ns < self.latest_boundary_ns(now_ns)
