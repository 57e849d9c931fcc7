"""The simulated market on the asyncio loop: one step every ``interval_s`` seconds of real
time, stamped with the venue's clock, flushed like every gateway's commands."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from krakenbox.gateways.venue_loop import VenueLoop
    from krakenbox.sim.simulation import Simulation

log = logging.getLogger(__name__)


class SimulationLoop:
    def __init__(self, simulation: Simulation, venue_loop: VenueLoop, interval_s: float = 1.0):
        self.simulation = simulation
        self.venue_loop = venue_loop
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.simulation.fund(self.venue_loop.clock.now_ns())
        self.venue_loop.request_flush()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                if self.simulation.step(self.venue_loop.clock.now_ns()):
                    self.venue_loop.request_flush()
            except Exception:
                log.exception("the simulated market stopped")
                return

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
