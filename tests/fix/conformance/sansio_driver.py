"""A conformance driver without sockets: the cases talk to a Session directly.

The session under test is the acceptor ISLD (counterparty TW) with the echo application, a
MemoryStore, a ManualClock and validation against the standard FIX 4.4 dictionary. Time moves
only in :meth:`SansIODriver.advance`, which walks through the session's deadlines the way the
asyncio adapter's timer does.

Connection 1 is bound to the session. A second connection models the acceptor's rule for a
Logon of a session that is already connected (case 1b): it is closed without a reply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from krakenbox.cli.fix_echo import EchoApplication
from krakenbox.core.clock import NANOS_PER_SECOND, ManualClock
from krakenbox.fix.codec import Parser
from krakenbox.fix.dictionary import load
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore

START_NS = 1_775_572_320 * NANOS_PER_SECOND  # 2026-04-07 14:32:00 UTC


@dataclass
class Connection:
    frames: list[bytes] = field(default_factory=list)
    closed: bool = False
    bound: bool = False


def acceptor_settings(**overrides: object) -> SessionSettings:
    values: dict[str, object] = {
        "session_id": SessionID("FIX.4.4", "ISLD", "TW"),
        "role": Role.ACCEPTOR,
        "validate_with": load("fix44"),
    }
    values.update(overrides)
    return SessionSettings(**values)  # type: ignore[arg-type]


class SansIODriver:
    def __init__(self, **settings: object) -> None:
        self.clock = ManualClock(START_NS)
        dictionary = load("fix44")
        self.application = EchoApplication(dictionary)
        self.store = MemoryStore(self.clock.now_ns())
        self.session = Session(
            acceptor_settings(**settings), self.store, self.application, self.clock, dictionary
        )
        self.application.send = lambda session_id, message: self.session.send(message)
        self.connections: dict[int, Connection] = {}

    # Driver protocol ---------------------------------------------------------------------

    def connect(self, connection: int = 1) -> None:
        state = Connection()
        self.connections[connection] = state
        if not self.session.is_connected:
            state.bound = True
            self.session.connection_made()
            self.pump()

    def disconnect(self, connection: int = 1) -> None:
        state = self.connections[connection]
        if state.bound and not state.closed:
            self.session.connection_lost()
        state.closed = True

    def send(self, data: bytes, connection: int = 1) -> None:
        state = self.connections[connection]
        if state.closed:
            return
        if not state.bound:
            state.closed = True  # the session is connected elsewhere: refuse this one
            return
        self.session.receive_data(data)
        self.pump()

    def receive(self, connection: int = 1) -> bytes | None:
        frames = self.connections[connection].frames
        return frames.pop(0) if frames else None

    def advance(self, seconds: float) -> None:
        target = self.clock.now_ns() + round(seconds * NANOS_PER_SECOND)
        while True:
            deadline = self.session.next_deadline_ns()
            if deadline is None or deadline > target:
                break
            self.clock.set_ns(max(deadline, self.clock.now_ns()))
            self.session.on_timer()
            self.pump()
            if self.session.next_deadline_ns() == deadline and not self.session.is_connected:
                break
        self.clock.set_ns(target)
        self.session.on_timer()
        self.pump()

    def is_closed(self, connection: int = 1) -> bool:
        return self.connections[connection].closed

    def now_ns(self) -> int:
        return self.clock.now_ns()

    # plumbing ----------------------------------------------------------------------------

    def bound_connection(self) -> Connection | None:
        for state in self.connections.values():
            if state.bound and not state.closed:
                return state
        return None

    def pump(self) -> None:
        """What the asyncio adapter does after each event: flush, write, close if asked."""
        state = self.bound_connection()
        data = self.session.data_to_send()
        self.session.store.flush()
        if state is None:
            return
        parser = Parser()
        parser.feed(data)
        while (item := parser.next()) is not None:
            assert isinstance(item, Message), item
            assert item.raw is not None
            state.frames.append(item.raw)
        if self.session.wants_close:
            state.closed = True
            self.session.connection_lost()
