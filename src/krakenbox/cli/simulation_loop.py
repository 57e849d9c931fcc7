"""The simulated market on the venue's clock: one step per ``interval_s`` seconds of the
venue's time, taken when the venue loop ticks (a few times a second on the system clock; at
once when a manual clock is moved, so a test that advances the clock by ten seconds gets ten
steps, the same ones every run). A jump of more than ``catch_up_steps`` intervals runs only
that many steps: the market resumes, it does not replay an hour in one go. Every step is
stamped with the clock's time now, so commands stay in time order in the journal."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from krakenbox.core.clock import NANOS_PER_SECOND

if TYPE_CHECKING:
    from krakenbox.gateways.venue_loop import VenueLoop
    from krakenbox.sim.simulation import Simulation

log = logging.getLogger(__name__)

CATCH_UP_STEPS: Final = 60


class SimulationLoop:
    def __init__(
        self,
        simulation: Simulation,
        venue_loop: VenueLoop,
        interval_s: float = 1.0,
        catch_up_steps: int = CATCH_UP_STEPS,
    ) -> None:
        self.simulation = simulation
        self.venue_loop = venue_loop
        self.interval_ns = round(interval_s * NANOS_PER_SECOND)
        self.catch_up_steps = catch_up_steps
        self._last_step = 0

    def start(self) -> None:
        """Fund the participants (first start only), quote every book now, then step as the
        clock moves."""
        now = self.venue_loop.clock.now_ns()
        self.simulation.fund(now)
        self.simulation.step(now)
        self._last_step = now
        self.venue_loop.request_flush()
        self.venue_loop.clock_listeners.append(self.on_time)

    def on_time(self, now: int) -> None:
        """Take the steps that fell due by ``now``."""
        due = (now - self._last_step) // self.interval_ns
        if due <= 0:
            return
        self._last_step += due * self.interval_ns
        try:
            for _ in range(min(due, self.catch_up_steps)):
                self.simulation.step(now)
                self.venue_loop.flush()  # the next step reads the orders this one placed
        except Exception:
            log.exception("the simulated market stopped")
            self.venue_loop.clock_listeners.remove(self.on_time)

    async def stop(self) -> None:
        if self.on_time in self.venue_loop.clock_listeners:
            self.venue_loop.clock_listeners.remove(self.on_time)
