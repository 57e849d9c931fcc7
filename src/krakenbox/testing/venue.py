"""The venue in a background thread, for synchronous test code (and async code on another loop).

Everything runs on the thread's own event loop; the methods here hand work to it and wait.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from krakenbox.cli.credentials import credentials
from krakenbox.cli.options import ServeOptions
from krakenbox.cli.serve import Services, build
from krakenbox.core.clock import Clock, ManualClock, SystemClock

T = TypeVar("T")
START_TIMEOUT_S = 30.0


class RunningVenue:
    """A venue on ephemeral ports in ``data_dir`` (plain TCP/HTTP unless ``options`` say else).

    ``manual_clock``: the venue's clock stands still until :meth:`advance` (or :meth:`set_time`)
    moves it — GTD expiry, dead man's switches, the 22:00 rollover happen then, and only then.
    Clients that sign with the current time (FIX nonces) must use :attr:`clock` too.

    ``simulated_market``: run the simulated market (a maker and a taker on every pair, a step
    a second of real time), as ``krakenbox serve`` does by default; off unless asked, so a test
    starts from empty books.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        manual_clock: bool = False,
        start_ns: int | None = None,
        simulated_market: bool = False,
        options: ServeOptions | None = None,
    ) -> None:
        self.options = options or ServeOptions.ephemeral(Path(data_dir), sim=simulated_market)
        self.clock: Clock = (
            ManualClock(start_ns or SystemClock().now_ns()) if manual_clock else SystemClock()
        )
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="krakenbox", daemon=True
        )
        self.services: Services | None = None

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> Self:
        self._thread.start()
        self.services = self.call(self._start(), START_TIMEOUT_S)
        return self

    async def _start(self) -> Services:
        services = build(self.clock, self.options)
        await services.start()
        return services

    def stop(self) -> None:
        if self.services is not None:
            self.call(self.services.stop(), START_TIMEOUT_S)
            self.services = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(START_TIMEOUT_S)
        self._loop.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what a test reads ----------------------------------------------------------------

    @property
    def urls(self) -> dict[str, str]:
        """Every endpoint, as in credentials.json (``spot_rest``, ``spot_ws_public``,
        ``spot_ws_auth``, ``fix_spot_trading``, ``fix_spot_md_l2``, ``fix_spot_md_l3``)."""
        services = self._services()
        return services.endpoints()

    @property
    def credentials(self) -> dict[str, Any]:
        """The content of credentials.json: demo accounts alice and bob, endpoints, CA file."""
        services = self._services()
        return credentials(
            services.demo, services.endpoints(), services.ca_file, services.admin_token
        )

    def account(self, name: str) -> dict[str, Any]:
        """One demo account's credentials (``spot``, ``fix``, ``derivatives``)."""
        accounts: list[dict[str, Any]] = self.credentials["accounts"]
        for entry in accounts:
            if entry["name"] == name:
                return entry
        raise KeyError(name)

    # --- time -------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move a manual clock forward and let the venue act on it (books, FIX sessions)."""
        clock = self._manual_clock()
        self.run_in_venue(lambda: self._moved(lambda: clock.advance(seconds)))

    def set_time(self, now_ns: int) -> None:
        """Jump a manual clock to ``now_ns`` (not backwards) and let the venue act on it."""
        clock = self._manual_clock()
        self.run_in_venue(lambda: self._moved(lambda: clock.set_ns(now_ns)))

    def _moved(self, move: Callable[[], object]) -> None:
        services = self._services()
        move()
        services.context.venue_loop.tick()
        services.fix.acceptor.run_timers()

    # --- running code in the venue's thread ------------------------------------------------

    def call(self, coroutine: Coroutine[Any, Any, T], timeout_s: float = 10.0) -> T:
        """Run ``coroutine`` on the venue's loop and wait for its result."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout_s)

    def run_in_venue(self, function: Callable[[], T], timeout_s: float = 10.0) -> T:
        """Call ``function`` on the venue's loop (where its state may be touched) and wait."""
        result: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            try:
                result.set_result(function())
            except BaseException as error:
                result.set_exception(error)

        self._loop.call_soon_threadsafe(run)
        return result.result(timeout_s)

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError("the venue is not running")
        return self.services

    def _manual_clock(self) -> ManualClock:
        if not isinstance(self.clock, ManualClock):
            raise RuntimeError("this venue runs on the system clock (manual_clock=False)")
        return self.clock
