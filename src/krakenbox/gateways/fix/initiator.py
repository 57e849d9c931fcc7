"""The FIX initiator: connect, log on, reconnect with backoff, over TLS or plain TCP.

One initiator drives one session. The session object (and its store) outlives connections, so
sequence numbers continue across reconnects unless the session resets them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl

from krakenbox.core.clock import Clock
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session
from krakenbox.gateways.fix.connection import FixConnection

log = logging.getLogger("krakenbox.gateways.fix")


class FixInitiator:
    """Keeps one session connected to ``host:port`` until stopped."""

    def __init__(
        self,
        session: Session,
        clock: Clock,
        host: str,
        port: int,
        *,
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
        reconnect: bool = True,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        self.session = session
        self.clock = clock
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.server_hostname = server_hostname
        self.reconnect = reconnect
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.connection: FixConnection | None = None
        self.connect_attempts = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._logged_on = asyncio.Event()

    def start(self) -> None:
        """Start connecting in the background (see :meth:`wait_logged_on`)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def connect_once(self) -> FixConnection:
        """Open one connection and bind the session to it (the Logon goes out at once)."""
        loop = asyncio.get_running_loop()
        self.connect_attempts += 1
        _, connection = await loop.create_connection(
            self._bound_connection,
            self.host,
            self.port,
            ssl=self.ssl_context,
            server_hostname=self.server_hostname if self.ssl_context else None,
        )
        self.connection = connection
        return connection

    async def wait_logged_on(self, timeout_s: float = 10.0) -> None:
        """Wait until the session is logged on (raises TimeoutError)."""
        async with asyncio.timeout(timeout_s):
            while not self.session.is_logged_on:
                self._logged_on.clear()  # set again by the next connection that logs on
                await self._logged_on.wait()

    def send(self, message: Message) -> bool:
        """Send an application message; True if it went on the wire."""
        sent = self.session.send(message)
        if self.connection is not None:
            self.connection.pump_soon()
        return sent

    def run_timers(self) -> None:
        """Let the session act on the clock (call after advancing a manual clock)."""
        if self.connection is not None:
            self.connection.run_timers()

    async def logout(self, text: str | None = None, timeout_s: float = 5.0) -> None:
        """Log out cleanly and wait for the connection to close."""
        self.reconnect = False
        connection = self.connection
        if connection is None:
            return
        if self.session.is_logged_on:
            self.session.logout(text)
            connection.pump()
        else:
            connection.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(connection.closed), timeout_s)
        connection.close()

    async def stop(self) -> None:
        """Log out if logged on, stop reconnecting, close."""
        self._stopping = True
        await self.logout("client stopping")
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.session.store.flush()

    def _bound_connection(self) -> FixConnection:
        connection = FixConnection(self.clock, on_logged_on=lambda _: self._logged_on.set())
        connection.session = self.session
        return connection

    async def _run(self) -> None:
        delay = self.backoff_initial_s
        while not self._stopping:
            try:
                connection = await self.connect_once()
            except (OSError, ssl.SSLError) as error:
                log.info(
                    "connect to %s:%s failed: %s; retrying in %.1f s",
                    self.host,
                    self.port,
                    error,
                    delay,
                )
            else:
                await connection.closed
                if connection.was_logged_on:
                    delay = self.backoff_initial_s
            if not self.reconnect or self._stopping:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.backoff_max_s)
