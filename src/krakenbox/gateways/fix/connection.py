"""One FIX connection: a transport bound to a sans-I/O session.

The protocol object starts *unbound* on an acceptor (it does not know which session the peer
wants until the first message arrives) and *bound* on an initiator. Once bound, every read goes
to ``session.receive_data`` and is followed by a pump: flush the store (the durability point),
write what the session produced, close if it asked to, and re-arm the timer for its next
deadline. Timers follow the injected clock: with a manual clock nothing fires by itself; the
owner calls :meth:`FixConnection.run_timers` after moving the clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import cast

from krakenbox.core.clock import NANOS_PER_SECOND, Clock
from krakenbox.fix.session import Session

log = logging.getLogger("krakenbox.gateways.fix")

# A real timer never waits longer than this, so a wall clock that jumps is noticed soon enough.
MAX_TIMER_DELAY_S = 5.0

# A large read is handed to the session in slices, one slice per turn of the event loop, with
# replies written after each: replies to the first messages of a burst leave while the rest is
# processed, so a pipelining peer keeps both ends busy instead of the two taking turns on whole
# windows. (Within one callback, uvloop gathers every write into a single writev at its end: the
# slices must be processed in separate turns for their replies to leave early.)
PUMP_EVERY_BYTES = 16 * 1024


class FixConnection(asyncio.Protocol):
    """Pumps bytes between one transport and one :class:`Session`."""

    def __init__(
        self,
        clock: Clock,
        on_first_data: Callable[[FixConnection, bytes], None] | None = None,
        on_closed: Callable[[FixConnection], None] | None = None,
        on_logged_on: Callable[[FixConnection], None] | None = None,
    ) -> None:
        self.clock = clock
        self.session: Session | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = asyncio.get_running_loop().create_future()
        self._on_first_data = on_first_data
        self._on_closed = on_closed
        self._on_logged_on = on_logged_on
        self._timer: asyncio.TimerHandle | None = None
        self._timer_deadline = 0
        self._pump_scheduled = False
        self._unread = bytearray()
        """Received bytes not yet handed to the session (the rest of a large read)."""
        self._feeding = False
        self.was_logged_on = False
        self.bytes_received = 0

    # asyncio.Protocol --------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports don't subclass it
        if self.session is not None:
            self.session.connection_made()
            self.pump()

    def data_received(self, data: bytes) -> None:
        self.bytes_received += len(data)
        if self.session is None:
            if self._on_first_data is not None:
                self._on_first_data(self, data)
            return
        if not self._unread and len(data) <= PUMP_EVERY_BYTES:
            self.session.receive_data(data)
            self.pump()
            return
        self._unread += data
        if not self._feeding:
            self._feed()

    def _feed(self) -> None:
        """Hand the session one slice of what is unread, write its replies, and come back on
        the next turn of the loop for the rest (in order: later reads queue behind it)."""
        self._feeding = False
        session, transport = self.session, self.transport
        if session is None or transport is None or transport.is_closing() or not self._unread:
            return
        chunk = bytes(self._unread[:PUMP_EVERY_BYTES])
        del self._unread[:PUMP_EVERY_BYTES]
        session.receive_data(chunk)
        self.pump()
        if self._unread:
            self._feeding = True
            asyncio.get_running_loop().call_soon(self._feed)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        if self.session is not None:
            self.session.connection_lost()
            self.session.store.flush()
        if not self.closed.done():
            self.closed.set_result(None)
        if self._on_closed is not None:
            self._on_closed(self)

    # binding and pumping -----------------------------------------------------------------

    def bind(self, session: Session, already_received: bytes = b"") -> None:
        """Attach ``session`` to this (open) connection and feed it what was read so far."""
        self.session = session
        session.connection_made()
        if already_received:
            session.receive_data(already_received)
        self.pump()

    def pump(self) -> None:
        """Write the session's output (after making the store durable), close if asked, re-arm
        the timer."""
        self._pump_scheduled = False
        session, transport = self.session, self.transport
        if session is None or transport is None or transport.is_closing():
            return
        if session.is_logged_on and not self.was_logged_on:
            self.was_logged_on = True
            if self._on_logged_on is not None:
                self._on_logged_on(self)
        data = session.data_to_send()
        if data:
            # The store is made durable only before something goes out: what was received is
            # then recorded with what answers it, one commit instead of two. Received messages
            # whose record a crash loses are asked for again (ResendRequest) after a restart;
            # the application sees them marked PossDupFlag=Y.
            session.store.flush()
            transport.write(data)
        if session.wants_close:
            transport.close()
            return
        self._arm_timer()

    def pump_soon(self) -> None:
        """Pump on the next loop iteration (coalesces sends made outside callbacks)."""
        if not self._pump_scheduled:
            self._pump_scheduled = True
            asyncio.get_running_loop().call_soon(self.pump)

    def run_timers(self) -> None:
        """Let the session act on the current time (heartbeats, timeouts, daily reset)."""
        if self.session is not None and self.transport is not None:
            self.session.on_timer()
            self.pump()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def write_and_close(self, data: bytes) -> None:
        """For an unbound connection refused before it has a session: say why, then close."""
        if self.transport is not None:
            self.transport.write(data)
            self.transport.close()

    @property
    def peer(self) -> str:
        if self.transport is None:
            return "?"
        address = self.transport.get_extra_info("peername")
        return f"{address[0]}:{address[1]}" if address else "?"

    def _arm_timer(self) -> None:
        """Make sure a loop timer fires no later than the session's next deadline.

        Deadlines mostly move later as traffic flows, so a pending timer that is not later than
        the new deadline is kept: firing early is harmless (the session acts only on what is
        due, and the timer re-arms), and it saves a timer per read on a busy session.
        """
        assert self.session is not None
        deadline = self.session.next_deadline_ns()
        if deadline is None:
            self._cancel_timer()
            return
        if self._timer is not None and self._timer_deadline <= deadline:
            return
        self._cancel_timer()
        delay = max(0.0, (deadline - self.clock.now_ns()) / NANOS_PER_SECOND)
        loop = asyncio.get_running_loop()
        self._timer_deadline = deadline
        self._timer = loop.call_later(min(delay, MAX_TIMER_DELAY_S), self._timer_fired)

    def _timer_fired(self) -> None:
        self._timer = None
        self.run_timers()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
