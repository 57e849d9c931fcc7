"""Building blocks for adapter tests: an echo acceptor over TLS and initiators for it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from krakenbox.core.clock import Clock
from krakenbox.fix.application import Application
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore, MessageStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixInitiator
from krakenbox.gateways.tls import TlsFiles, client_context


@dataclass
class Recorder(Application):
    """Keeps what the initiator's session reports."""

    messages: asyncio.Queue[Message] = field(default_factory=asyncio.Queue)
    logons: int = 0
    logouts: int = 0

    def on_logon(self, session_id: SessionID) -> None:
        self.logons += 1

    def on_logout(self, session_id: SessionID) -> None:
        self.logouts += 1

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.messages.put_nowait(message)


def new_order(client_order_id: str) -> Message:
    return Message.of(
        MsgType.NewOrderSingle,
        (Tag.ClOrdID, client_order_id),
        (Tag.HandlInst, "1"),
        (Tag.Symbol, "XBT/USD"),
        (Tag.Side, "1"),
        (Tag.TransactTime, "20260407-14:32:05.122"),
        (Tag.OrderQty, "0.5"),
        (Tag.OrdType, "2"),
        (Tag.Price, "64000.1"),
        (Tag.TimeInForce, "1"),
    )


def initiator_for(
    port: int,
    clock: Clock,
    *,
    sender: str = "TW",
    target: str = "ECHO",
    tls: TlsFiles | None = None,
    store: MessageStore | None = None,
    reset_on_logon: bool = True,
    application: Application | None = None,
    **options: object,
) -> FixInitiator:
    settings = SessionSettings(
        session_id=SessionID("FIX.4.4", sender, target),
        role=Role.INITIATOR,
        heartbeat_interval_s=30,
        reset_on_logon=reset_on_logon,
    )
    session = Session(
        settings, store or MemoryStore(clock.now_ns()), application or Recorder(), clock, None
    )
    context = client_context(tls.ca_cert) if tls else None
    return FixInitiator(
        session,
        clock,
        "127.0.0.1",
        port,
        ssl_context=context,
        server_hostname="localhost",
        **options,
    )  # type: ignore[arg-type]


def recorder(initiator: FixInitiator) -> Recorder:
    application = initiator.session.application
    assert isinstance(application, Recorder)
    return application


def tls_files(tmp_path: Path) -> TlsFiles:
    from krakenbox.gateways.tls import ensure_tls_files

    return ensure_tls_files(tmp_path / "tls")
