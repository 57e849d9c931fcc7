"""A conformance driver that plays the counterparty over real TCP sockets.

The acceptor under test is the one `krakenbox fix-echo` runs (``echo_acceptor``), on its own
event loop in a background thread, with a manual clock: ``advance`` moves the clock and runs the
sessions' timers on that loop. The scripted counterparty uses plain blocking sockets.
"""

from __future__ import annotations

import asyncio
import select
import socket
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from krakenbox.cli.fix_echo import echo_acceptor
from krakenbox.core.clock import ManualClock
from krakenbox.fix.codec import GarbledFrame, Parser
from krakenbox.gateways.fix import FixAcceptor

T = TypeVar("T")
FRAME_PATIENCE_S = 0.3  # how long to wait for a frame that may not come
CONNECT_TIMEOUT_S = 5.0
SETTLE_ROUNDS = 2000  # x 1 ms


class _Connection:
    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=CONNECT_TIMEOUT_S)
        self.parser = Parser()
        self.frames: list[bytes] = []
        self.closed = False
        self.bytes_sent = 0
        self.local_port = self.socket.getsockname()[1]

    def read_for(self, seconds: float) -> None:
        """Read what arrives within ``seconds``; return early once a frame or EOF is in."""
        deadline = time.monotonic() + seconds
        while not self.closed and not self.frames:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.socket], [], [], remaining)[0]:
                return
            try:
                data = self.socket.recv(65536)
            except ConnectionError:
                data = b""
            if not data:
                self.closed = True
                return
            self.parser.feed(data)
            while (item := self.parser.next()) is not None:
                if not isinstance(item, GarbledFrame):
                    assert item.raw is not None
                    self.frames.append(item.raw)


class SocketDriver:
    """Implements tests.fix.conformance.driver.Driver against a live acceptor."""

    def __init__(self, comp_id: str = "ISLD", start_ns: int = 1_775_000_000_000_000_000) -> None:
        self.clock = ManualClock(start_ns)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.acceptor: FixAcceptor = self._on_loop(self._start(comp_id))
        self.port = self.acceptor.listeners[0].bound_port
        self.connections: dict[int, _Connection] = {}

    async def _start(self, comp_id: str) -> FixAcceptor:
        acceptor = echo_acceptor(self.clock, "127.0.0.1", 0, comp_id, counterparty="TW")
        await acceptor.start()
        return acceptor

    def _on_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def _call_on_loop(self, function: Callable[[], None]) -> None:
        async def call() -> None:
            function()
            await asyncio.sleep(0)  # let the writes it queued go out

        self._on_loop(call())

    def close(self) -> None:
        for connection in self.connections.values():
            connection.socket.close()
        self._on_loop(self.acceptor.stop(timeout_s=0.5))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()

    # Driver ------------------------------------------------------------------------------

    def connect(self, connection: int = 1) -> None:
        self.connections[connection] = _Connection(self.port)

    def disconnect(self, connection: int = 1) -> None:
        self.connections[connection].socket.close()
        self.connections[connection].closed = True

    def send(self, data: bytes, connection: int = 1) -> None:
        current = self.connections[connection]
        current.socket.sendall(data)
        current.bytes_sent += len(data)
        self._on_loop(self._settle())

    def receive(self, connection: int = 1) -> bytes | None:
        current = self.connections[connection]
        if not current.frames:
            current.read_for(FRAME_PATIENCE_S)
        return current.frames.pop(0) if current.frames else None

    async def _settle(self) -> None:
        """Wait until the acceptor has read every byte we sent (or dropped the connection)."""
        for _ in range(SETTLE_ROUNDS):
            if all(self._consumed(current) for current in self.connections.values()):
                return
            await asyncio.sleep(0.001)

    def _consumed(self, current: _Connection) -> bool:
        for server_side in self.acceptor.connections:
            if server_side.peer.endswith(f":{current.local_port}"):
                return server_side.bytes_received >= current.bytes_sent
        return True  # closed by the acceptor

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self._call_on_loop(self.acceptor.run_timers)

    def is_closed(self, connection: int = 1) -> bool:
        current = self.connections[connection]
        if not current.closed and not current.frames:
            current.read_for(0.05)
        return current.closed and not current.frames

    def now_ns(self) -> int:
        return self.clock.now_ns()
