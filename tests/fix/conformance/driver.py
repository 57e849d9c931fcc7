"""What a conformance driver must offer, and ``run_case`` that plays a case through one.

A driver stands between the scripted counterparty (TW) and the acceptor under test (ISLD): the
sans-I/O driver here feeds a :class:`~krakenbox.fix.session.Session` directly; a socket driver
talks TCP to ``krakenbox fix-echo``. Connections are numbered (most cases use only 1).
"""

from __future__ import annotations

from typing import Protocol

from .cases import (
    Advance,
    Case,
    Connect,
    Disconnect,
    Expect,
    ExpectDisconnect,
    ExpectNothing,
    Inject,
)
from .wire import mismatch, readable, to_wire

DISCONNECT_STEP_S = 0.5


class Driver(Protocol):
    def connect(self, connection: int = 1) -> None:
        """Open a connection to the acceptor."""

    def disconnect(self, connection: int = 1) -> None:
        """Close it from our side."""

    def send(self, data: bytes, connection: int = 1) -> None:
        """Write bytes (possibly garbled on purpose)."""

    def receive(self, connection: int = 1) -> bytes | None:
        """The next complete frame from the acceptor, or None if none arrives in the driver's patience."""

    def advance(self, seconds: float) -> None:
        """Let time pass: move a manual clock (running the session's timers) or sleep."""

    def is_closed(self, connection: int = 1) -> bool:
        """Has the acceptor closed this connection?"""

    def now_ns(self) -> int:
        """The acceptor's current time (for <TIME> placeholders)."""


class CaseFailed(AssertionError):
    pass


def run_case(case: Case, driver: Driver) -> None:
    """Play every step of ``case``; raise :class:`CaseFailed` at the first deviation."""
    for number, step in enumerate(case.steps, 1):
        where = f"{case.name} step {number} ({step})"
        if isinstance(step, Connect):
            driver.connect(step.connection)
        elif isinstance(step, Disconnect):
            driver.disconnect(step.connection)
        elif isinstance(step, Inject):
            driver.send(to_wire(step.wire, driver.now_ns()), step.connection)
        elif isinstance(step, Advance):
            driver.advance(step.seconds)
        elif isinstance(step, Expect):
            frame = driver.receive(step.connection)
            if frame is None:
                raise CaseFailed(f"{where}: nothing received")
            problem = mismatch(step.wire, frame)
            if problem is not None:
                raise CaseFailed(f"{where}: {problem}\n  received {readable(frame)}")
        elif isinstance(step, ExpectNothing):
            frame = driver.receive(step.connection)
            if frame is not None:
                raise CaseFailed(f"{where}: unexpected {readable(frame)}")
        elif isinstance(step, ExpectDisconnect):
            expect_disconnect(driver, step, where)
        else:  # pragma: no cover - the step types are closed
            raise TypeError(f"unknown step {step!r}")


def expect_disconnect(driver: Driver, step: ExpectDisconnect, where: str) -> None:
    waited = 0.0
    while True:
        frame = driver.receive(step.connection)
        if frame is not None:
            raise CaseFailed(f"{where}: expected a disconnect, got {readable(frame)}")
        if driver.is_closed(step.connection):
            return
        if waited >= step.within_s:
            raise CaseFailed(f"{where}: still connected after {step.within_s} s")
        driver.advance(DISCONNECT_STEP_S)
        waited += DISCONNECT_STEP_S
