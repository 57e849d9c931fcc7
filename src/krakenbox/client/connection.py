"""Keeping one FIX session connected for a client: connect, wait for the Logon, reconnect.

The asyncio part of the client, kept thin. A :class:`Link` is whatever carries the session's
messages: normally a :class:`~krakenbox.gateways.fix.FixInitiator` (TCP or TLS, reconnect with
backoff, the session and its store outliving each connection), or anything else with ``send``
and ``run_timers`` -- the tests join two sessions in memory this way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from krakenbox.client.promise import Promise
from krakenbox.client.reports import LogonRefused
from krakenbox.core.clock import NANOS_PER_SECOND, Clock
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session
from krakenbox.gateways.fix import FixInitiator

log = logging.getLogger("krakenbox.client")

MAX_TIMER_DELAY_S = 5.0
"""A loop timer never waits longer than this (a wall clock that jumps is noticed soon)."""


class Link(Protocol):
    """What carries a session's messages (FixInitiator has exactly this shape)."""

    def send(self, message: Message) -> bool: ...

    def run_timers(self) -> None: ...


class Timers(Protocol):
    """The client's own deadlines (a mass cancel's quiet period), beside the session's."""

    def next_deadline_ns(self) -> int | None: ...

    def on_timer(self, now_ns: int) -> None: ...


class Reconnecting(Protocol):
    """The reconnect settings both clients' settings carry."""

    @property
    def reconnect(self) -> bool: ...
    @property
    def backoff_initial_s(self) -> float: ...
    @property
    def backoff_max_s(self) -> float: ...


class SessionConnection:
    """One session, its link, and the loop timer for the client's own deadlines."""

    @classmethod
    def with_settings(
        cls,
        session: Session,
        clock: Clock,
        host: str,
        port: int,
        settings: Reconnecting,
        *,
        ssl_context: ssl.SSLContext | None,
        server_hostname: str | None,
        expect_logon: Callable[[bool], Promise[None]],
        timers: Timers | None = None,
    ) -> SessionConnection:
        """A connection reconnecting as ``settings`` say."""
        return cls(
            session,
            clock,
            host,
            port,
            ssl_context=ssl_context,
            server_hostname=server_hostname,
            reconnect=settings.reconnect,
            backoff_initial_s=settings.backoff_initial_s,
            backoff_max_s=settings.backoff_max_s,
            expect_logon=expect_logon,
            timers=timers,
        )

    def __init__(
        self,
        session: Session,
        clock: Clock,
        host: str,
        port: int,
        *,
        ssl_context: ssl.SSLContext | None,
        server_hostname: str | None,
        reconnect: bool,
        backoff_initial_s: float,
        backoff_max_s: float,
        expect_logon: Callable[[bool], Promise[None]],
        timers: Timers | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.server_hostname = server_hostname or (host if ssl_context is not None else None)
        self.reconnect = reconnect
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.expect_logon = expect_logon
        self.timers = timers
        self.link: Link | None = None
        self.initiator: FixInitiator | None = None
        self._timer: asyncio.TimerHandle | None = None

    def use_link(self, link: Link) -> None:
        """Carry the session over ``link`` instead of a socket (tests, custom transports)."""
        self.link = link

    async def connect(self, timeout_s: float) -> None:
        """Connect and wait for the Logon reply; LogonRefused if the venue said no."""
        outcome = self.expect_logon(self.link is None)
        if self.link is None:
            initiator = FixInitiator(
                self.session,
                self.clock,
                self.host,
                self.port,
                ssl_context=self.ssl_context,
                server_hostname=self.server_hostname,
                reconnect=self.reconnect,
                backoff_initial_s=self.backoff_initial_s,
                backoff_max_s=self.backoff_max_s,
            )
            self.initiator = initiator
            self.link = initiator
            initiator.start()
        if self.session.is_logged_on:
            return
        try:
            async with asyncio.timeout(timeout_s):
                await outcome
        except LogonRefused:
            await self.close()
            raise
        except TimeoutError:
            await self.close()
            raise TimeoutError(
                f"no Logon reply from {self.host}:{self.port} within {timeout_s} s"
            ) from None

    def send(self, message: Message) -> bool:
        if self.link is None:
            return False
        return self.link.send(message)

    def run_timers(self) -> None:
        """Let the session and the client act on the clock (call after moving a manual clock)."""
        if self.timers is not None:
            self.timers.on_timer(self.clock.now_ns())
        if self.link is not None:
            self.link.run_timers()
        self.arm_timer()

    def arm_timer(self) -> None:
        """A loop timer for the client's next own deadline (the session arms its own)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.timers is None:
            return
        deadline = self.timers.next_deadline_ns()
        if deadline is None:
            return
        delay = max(0.0, (deadline - self.clock.now_ns()) / NANOS_PER_SECOND)
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(min(delay, MAX_TIMER_DELAY_S), self.run_timers)

    async def close(self, timeout_s: float = 5.0) -> None:
        """Log out (waiting for the reply up to ``timeout_s``) and stop reconnecting."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        initiator, self.initiator = self.initiator, None
        if initiator is not None:
            self.link = None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout_s):
                    await initiator.stop()
        self.session.store.flush()


class ConnectedClient:
    """What both clients share: one :class:`SessionConnection` and its life cycle (an async
    context manager that connects and logs on, and logs out on the way out)."""

    connection: SessionConnection
    session: Session

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def connect(self, timeout_s: float = 10.0) -> None:
        """Connect and log on; raises LogonRefused (with the venue's text) or TimeoutError."""
        await self.connection.connect(timeout_s)

    async def close(self) -> None:
        """Log out cleanly, stop reconnecting."""
        await self.connection.close()

    def use_link(self, link: Link) -> None:
        """Carry the session over ``link`` instead of a socket (in-memory tests)."""
        self.connection.use_link(link)

    def run_timers(self) -> None:
        """Act on the clock now: call after advancing a ManualClock."""
        self.connection.run_timers()

    @property
    def is_logged_on(self) -> bool:
        return self.session.is_logged_on
