"""`krakenbox fix-echo`: a generic FIX 4.4 acceptor for FIX developers.

Any counterparty CompID (or only ``--counterparty``) may log on to ``--comp-id`` on 127.0.0.1; messages are validated against
the standard FIX 4.4 dictionary; the heartbeat interval comes from the counterparty's Logon;
ResetSeqNumFlag is honoured; state is in memory. Every NewOrderSingle is echoed back as received
(same body, our own header and MsgSeqNum); any other application message gets a
BusinessMessageReject (380=3).
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
from collections.abc import Callable

from krakenbox.cli.runtime import run, until_stopped
from krakenbox.core.clock import Clock, SystemClock
from krakenbox.fix.application import Application, UnsupportedMessageType
from krakenbox.fix.dictionary import Dictionary, load
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider


class EchoApplication(Application):
    """Echoes NewOrderSingle; refuses every other application message type.

    An order carrying PossResend (97=Y) whose ClOrdID was already seen on that session is
    dropped, as FIX test case 19a asks of the application. ``send`` delivers a message to a
    session: the acceptor's ``send``, or a session's own in a sans-I/O harness.
    """

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.envelope_tags = dictionary.header.member_set | dictionary.trailer.member_set
        self.send: Callable[[SessionID, Message], object] = _not_connected
        self.seen_order_ids: dict[SessionID, set[str]] = {}

    def on_message(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type != MsgType.NewOrderSingle:
            raise UnsupportedMessageType()
        seen = self.seen_order_ids.setdefault(session_id, set())
        order_id = message.get(Tag.ClOrdID, "") or ""
        if message.get(Tag.PossResend) == "Y" and order_id in seen:
            return
        seen.add(order_id)
        self.send(session_id, self.body_copy(message))

    def body_copy(self, message: Message) -> Message:
        """The message's MsgType and body, without its header and trailer."""
        envelope = self.envelope_tags
        body = [field for field in message.fields if field[0] not in envelope]
        return Message([(Tag.MsgType, MsgType.NewOrderSingle), *body])


def echo_acceptor(
    clock: Clock,
    host: str,
    port: int,
    comp_id: str,
    ssl_context: ssl.SSLContext | None = None,
    counterparty: str | None = None,
) -> FixAcceptor:
    """The fix-echo acceptor (not started); TLS when given a server context.

    With ``counterparty`` only that CompID may log on, and Logons with wrong CompIDs are
    answered by the session (Reject 373=9); otherwise any counterparty may log on.
    """
    fix44 = load("fix44")
    application = EchoApplication(fix44)
    provider = DynamicSessionProvider(
        clock=clock,
        application=application,
        settings_for=lambda session_id: SessionSettings(
            session_id=session_id, role=Role.ACCEPTOR, validate_with=fix44
        ),
        open_store=lambda session_id: MemoryStore(clock.now_ns()),
        dictionary=fix44,
        our_comp_ids={comp_id},
        counterparties={counterparty} if counterparty else None,
    )
    acceptor = FixAcceptor(
        clock, [Listener("fix-echo", host, port, provider, ssl_context, explain_refusals=False)]
    )
    application.send = acceptor.send
    return acceptor


def _not_connected(session_id: SessionID, message: Message) -> object:
    raise RuntimeError("EchoApplication.send is not connected to an acceptor or session")


def fix_echo(arguments: argparse.Namespace) -> int:
    async def main(stop: asyncio.Event) -> int:
        acceptor = echo_acceptor(
            SystemClock(),
            arguments.host,
            arguments.port,
            arguments.comp_id,
            counterparty=arguments.counterparty,
        )
        await acceptor.start()
        print(f"fix-echo: {arguments.comp_id} listening on {acceptor.listeners[0].url}", flush=True)
        await until_stopped(stop, acceptor.stop)
        return 0

    return run(main)
