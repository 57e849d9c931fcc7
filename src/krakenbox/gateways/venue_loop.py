"""The venue on an asyncio loop: batched flushes and the engine's timed events.

Gateways submit commands from inside their protocol callbacks and call
:meth:`VenueLoop.request_flush`; one flush per loop iteration then makes everything submitted
in that burst durable with a single commit and publishes it — so a client pipelining orders
gets one journal commit per read, not per order, and nobody hears of an outcome the journal
could still lose.

:meth:`VenueLoop.run` wakes when the next GTD expiry or dead man's switch falls due (at least
every ``poll_s`` seconds, so a manual clock moved by a test is noticed) and lets the books act,
then tells the ``clock_listeners`` the time (the simulated market steps on it);
:meth:`VenueLoop.tick` does the same at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from krakenbox.core.clock import NANOS_PER_SECOND

if TYPE_CHECKING:
    from krakenbox.core.clock import Clock
    from krakenbox.venue.spot import SpotVenue

log = logging.getLogger(__name__)

POLL_S: Final = 0.2


class VenueLoop:
    """Flushes and time for one venue on the running asyncio loop."""

    def __init__(self, venue: SpotVenue, clock: Clock, *, poll_s: float = POLL_S) -> None:
        self.venue = venue
        self.clock = clock
        self.poll_s = poll_s
        self.on_flushed: Callable[[float], None] | None = None
        """Told how long each flush took, in seconds (metrics)."""
        self.clock_listeners: list[Callable[[int], None]] = []
        """Told the clock's time at every tick, after the books have acted on it."""
        self._flush_scheduled = False
        self._task: asyncio.Task[None] | None = None

    def request_flush(self) -> None:
        """Flush at the end of this loop iteration (once, however many commands came)."""
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        self.flush()

    def flush(self) -> None:
        """Flush now (for one who must see its commands published before going on)."""
        started = time.perf_counter()
        try:
            self.venue.flush()
        except Exception:
            log.exception("venue flush failed; the venue stops accepting commands")
        if self.on_flushed is not None:
            self.on_flushed(time.perf_counter() - started)

    def tick(self) -> None:
        """Let the books act on the clock's time now (GTD expiries, dead man's switches), then
        the clock listeners."""
        venue = self.venue
        now = self.clock.now_ns()
        if venue.next_deadline() <= now:
            venue.advance_time(now)
            self.request_flush()
        for listener in list(self.clock_listeners):
            listener(now)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def run(self) -> None:
        while True:
            wait_ns = self.venue.next_deadline() - self.clock.now_ns()
            await asyncio.sleep(max(0.0, min(self.poll_s, wait_ns / NANOS_PER_SECOND)))
            try:
                self.tick()
            except Exception:
                log.exception("advancing the venue's time failed")
                return

    async def stop(self) -> None:
        """Stop the timer, flush what is left and close the venue."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.venue.close()
