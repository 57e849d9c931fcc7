"""QuickFIX (the C++ engine, through its Python binding) as the counterparty in interop tests.

QuickFIX calls its Application from its own threads; every callback becomes an event on a
thread-safe queue that the test reads with a timeout.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from pathlib import Path

import pytest

quickfix = pytest.importorskip("quickfix", reason="QuickFIX wheels exist for Linux x86_64 only")

EVENT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Event:
    kind: str  # "logon", "logout", "admin", "app"
    wire: str  # the message with | for SOH ("" for logon/logout)
    session_id: object = None

    def field(self, tag: int) -> str | None:
        for pair in self.wire.split("|"):
            name, _, value = pair.partition("=")
            if name == str(tag):
                return value
        return None


class Recorder(quickfix.Application):  # type: ignore[misc]  # QuickFIX names its callbacks in camelCase
    """Puts every callback on a queue; optionally answers NewOrderSingle with an ExecutionReport."""

    def __init__(self, answer_orders: bool = False) -> None:
        super().__init__()
        self.events: queue.Queue[Event] = queue.Queue()
        self.answer_orders = answer_orders

    def onCreate(self, session_id: object) -> None:
        pass

    def onLogon(self, session_id: object) -> None:
        self.events.put(Event("logon", "", session_id))

    def onLogout(self, session_id: object) -> None:
        self.events.put(Event("logout", "", session_id))

    def toAdmin(self, message: object, session_id: object) -> None:
        pass

    def fromAdmin(self, message: object, session_id: object) -> None:
        self.events.put(Event("admin", _text(message), session_id))

    def toApp(self, message: object, session_id: object) -> None:
        pass

    def fromApp(self, message: object, session_id: object) -> None:
        event = Event("app", _text(message), session_id)
        self.events.put(event)
        if self.answer_orders and event.field(35) == "D":
            quickfix.Session.sendToTarget(execution_report(event), session_id)

    def wait_for(self, kind: str, msg_type: str | None = None) -> Event:
        """The next event of ``kind`` (and MsgType), skipping others; fails after a timeout."""
        while True:
            try:
                event = self.events.get(timeout=EVENT_TIMEOUT_S)
            except queue.Empty:
                raise AssertionError(
                    f"QuickFIX reported no {kind} {msg_type or ''} in time"
                ) from None
            if event.kind == kind and (msg_type is None or event.field(35) == msg_type):
                return event


def _text(message: object) -> str:
    return str(message.toString()).replace("\x01", "|")  # type: ignore[attr-defined]


def message(msg_type: str, *fields: tuple[int, str]) -> object:
    built = quickfix.Message()
    built.getHeader().setField(quickfix.MsgType(msg_type))
    for tag, value in fields:
        built.setField(tag, value)
    return built


def execution_report(order: Event) -> object:
    return message(
        "8",
        (37, "QF-ORDER-1"),
        (11, order.field(11) or ""),
        (17, "QF-EXEC-1"),
        (150, "0"),
        (39, "0"),
        (55, order.field(55) or ""),
        (54, order.field(54) or ""),
        (38, order.field(38) or ""),
        (151, order.field(38) or ""),
        (14, "0"),
        (6, "0"),
    )


def settings_file(directory: Path, role: str, session: dict[str, str], **defaults: str) -> Path:
    """A QuickFIX settings file with one session; logs and stores go under ``directory``."""
    lines = [
        "[DEFAULT]",
        f"ConnectionType={role}",
        f"FileStorePath={directory / 'store'}",
        f"FileLogPath={directory / 'log'}",
        "StartTime=00:00:00",
        "EndTime=00:00:00",
        "ReconnectInterval=1",
        *(f"{key}={value}" for key, value in defaults.items()),
        "[SESSION]",
        *(f"{key}={value}" for key, value in session.items()),
    ]
    path = directory / f"{role}.cfg"
    path.write_text("\n".join(lines) + "\n")
    return path


def start(engine: str, application: Recorder, path: Path) -> object:
    """Start a QuickFIX SocketInitiator/SocketAcceptor/SSLSocketInitiator with a file log."""
    settings = quickfix.SessionSettings(str(path))
    store = quickfix.MemoryStoreFactory()
    log = quickfix.FileLogFactory(settings)
    started = getattr(quickfix, engine)(application, store, settings, log)
    started.start()
    return started
