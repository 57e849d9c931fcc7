"""The FIX acceptor: many listening ports, many sessions, TLS or plain TCP.

A connection is routed by its first message. It must be a well-formed Logon (anything else
closes the connection, as FIX test cases 1d and 1e ask); its CompIDs name the session, and the listener's
:class:`SessionProvider` says whether such a session exists (fix-echo creates any; the Kraken
gateway only provisioned ones). A second connection for a session that already has one is
refused (test case 1b). From then on the session owns the connection.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass, field
from typing import Final, Protocol

from krakenbox.core.clock import Clock
from krakenbox.fix.codec import GarbledFrame, Parser, encode
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session, SessionID
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.timestamps import format_utc_timestamp
from krakenbox.gateways.fix.connection import FixConnection

log = logging.getLogger("krakenbox.gateways.fix")


SHUTDOWN_TEXT: Final = "server shutting down"
"""Text (58) of the Logout every session gets when the acceptor stops."""


class SessionProvider(Protocol):
    """Finds (or creates) the session a Logon asks for; None refuses the connection."""

    def session_for(self, logon: Message) -> Session | None: ...


@dataclass(slots=True)
class Listener:
    """One listening port and how its connections find their sessions."""

    name: str
    host: str
    port: int
    provider: SessionProvider
    ssl_context: ssl.SSLContext | None = None
    explain_refusals: bool = True
    """Refuse unknown and duplicate logons with a Logout saying why (Kraken does); False closes
    silently, as the FIX session test cases (1b) expect of a generic acceptor."""
    server: asyncio.Server | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        scheme = "tls" if self.ssl_context else "tcp"
        return f"{scheme}://{self.host}:{self.bound_port}"

    @property
    def bound_port(self) -> int:
        """The real port (differs from ``port`` when ``port`` was 0)."""
        if self.server is None or not self.server.sockets:
            return self.port
        return int(self.server.sockets[0].getsockname()[1])


class FixAcceptor:
    """Serves FIX sessions on one or more listeners."""

    def __init__(
        self, clock: Clock, listeners: list[Listener], logon_timeout_s: float = 10.0
    ) -> None:
        self.clock = clock
        self.listeners = listeners
        self.logon_timeout_s = logon_timeout_s
        self.connections: set[FixConnection] = set()
        self.bound: dict[SessionID, FixConnection] = {}

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for listener in self.listeners:
            listener.server = await loop.create_server(
                lambda listener=listener: self._new_connection(listener),
                listener.host,
                listener.port,
                ssl=listener.ssl_context,
            )
            log.info("FIX listener %s on %s", listener.name, listener.url)

    async def stop(self, timeout_s: float = 2.0) -> None:
        """Log out every live session, wait for the Logout replies (bounded), close everything."""
        for listener in self.listeners:
            if listener.server is not None:
                listener.server.close()
        for connection in list(self.bound.values()):
            if connection.session is not None and connection.session.is_logged_on:
                connection.session.logout(SHUTDOWN_TEXT)
                connection.pump()
        waiting = [connection.closed for connection in self.connections]
        if waiting:
            _, pending = await asyncio.wait(waiting, timeout=timeout_s)
            for connection in list(self.connections):
                connection.close()
            if pending:
                await asyncio.wait(pending, timeout=timeout_s)
        for listener in self.listeners:
            if listener.server is not None:
                await listener.server.wait_closed()

    def send(self, session_id: SessionID, message: Message) -> bool:
        """Send an application message from outside a callback; True if it went on the wire."""
        connection = self.bound.get(session_id)
        if connection is None or connection.session is None:
            return False
        sent = connection.session.send(message)
        connection.pump_soon()
        return sent

    def disconnect(self, session_id: SessionID) -> bool:
        """Drop a session's connection without a Logout (an abnormal disconnect)."""
        connection = self.bound.get(session_id)
        if connection is None:
            return False
        connection.close()
        return True

    def run_timers(self) -> None:
        """Let every connected session act on the clock (call after advancing a manual clock)."""
        for connection in list(self.connections):
            connection.run_timers()

    # connection life cycle ---------------------------------------------------------------

    def _new_connection(self, listener: Listener) -> FixConnection:
        parser = Parser()
        received = bytearray()

        def first_data(connection: FixConnection, data: bytes) -> None:
            received.extend(data)
            parser.feed(data)
            item = parser.next()
            if isinstance(item, GarbledFrame):
                log.warning(
                    "%s: garbled input before a Logon (%s); closing", connection.peer, item.reason
                )
                connection.close()
            elif item is not None:
                self._route(listener, connection, item, bytes(received))

        connection = FixConnection(self.clock, on_first_data=first_data, on_closed=self._closed)
        self.connections.add(connection)
        asyncio.get_running_loop().call_later(
            self.logon_timeout_s, self._close_if_unbound, connection
        )
        return connection

    def _close_if_unbound(self, connection: FixConnection) -> None:
        if connection.session is None and connection in self.connections:
            log.warning(
                "%s: no Logon within %.0f s; closing", connection.peer, self.logon_timeout_s
            )
            connection.close()

    def _route(
        self, listener: Listener, connection: FixConnection, first: Message, received: bytes
    ) -> None:
        if first.msg_type != MsgType.Logon:
            log.warning(
                "%s: first message is 35=%s, not a Logon; closing", connection.peer, first.msg_type
            )
            connection.close()
            return
        session = listener.provider.session_for(first)
        if session is None:
            log.warning("%s: no session for this Logon on %s", connection.peer, listener.name)
            self._refuse(listener, connection, first, "Unknown session")
            return
        if session.session_id in self.bound:
            log.warning(
                "%s: %s is already connected; refusing the second connection",
                connection.peer,
                session.session_id,
            )
            self._refuse(listener, connection, first, "Session already logged on")
            return
        self.bound[session.session_id] = connection
        connection.bind(session, received)

    def _refuse(
        self, listener: Listener, connection: FixConnection, logon: Message, text: str
    ) -> None:
        """Close a connection that gets no session, with a Logout saying why if the port explains."""
        sender, target = logon.get(Tag.SenderCompID), logon.get(Tag.TargetCompID)
        if not (listener.explain_refusals and sender and target):
            connection.close()
            return
        logout = Message.of(
            MsgType.Logout,
            (Tag.SenderCompID, target),
            (Tag.TargetCompID, sender),
            (Tag.MsgSeqNum, 1),
            (Tag.SendingTime, format_utc_timestamp(self.clock.now_ns())),
            (Tag.Text, text),
        )
        connection.write_and_close(encode(logout))

    def _closed(self, connection: FixConnection) -> None:
        self.connections.discard(connection)
        session = connection.session
        if session is not None and self.bound.get(session.session_id) is connection:
            del self.bound[session.session_id]
