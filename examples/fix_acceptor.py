"""A FIX 4.4 acceptor in a page: answers every NewOrderSingle with an ExecutionReport (new).

    python examples/fix_acceptor.py [PORT]

Log on with SenderCompID of your choice and TargetCompID EXAMPLE-ACCEPTOR.
"""

from __future__ import annotations

import asyncio
import itertools
import sys

from krakenbox.core.clock import SystemClock
from krakenbox.fix import dictionary
from krakenbox.fix.application import Application, UnsupportedMessageType
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixAcceptor, Listener
from krakenbox.gateways.fix.provider import DynamicSessionProvider


class OrderDesk(Application):
    """Acknowledges orders; everything else is refused with a BusinessMessageReject."""

    def __init__(self) -> None:
        self.acceptor: FixAcceptor | None = None
        self.order_ids = itertools.count(1)

    def on_logon(self, session_id: SessionID) -> None:
        print(f"logged on: {session_id}")

    def on_message(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type != MsgType.NewOrderSingle:
            raise UnsupportedMessageType()
        order_id = str(next(self.order_ids))
        report = Message.of(
            MsgType.ExecutionReport,
            (Tag.OrderID, order_id),
            (Tag.ClOrdID, message[Tag.ClOrdID]),
            (Tag.ExecID, f"{order_id}-0"),
            (Tag.ExecType, "0"),
            (Tag.OrdStatus, "0"),
            (Tag.Symbol, message[Tag.Symbol]),
            (Tag.Side, message[Tag.Side]),
            (Tag.OrderQty, message[Tag.OrderQty]),
            (Tag.LeavesQty, message[Tag.OrderQty]),
            (Tag.CumQty, "0"),
            (Tag.AvgPx, "0"),
        )
        assert self.acceptor is not None
        self.acceptor.send(session_id, report)


def build_acceptor(port: int) -> FixAcceptor:
    clock = SystemClock()
    fix44 = dictionary.load("fix44")
    desk = OrderDesk()
    provider = DynamicSessionProvider(
        clock=clock,
        application=desk,
        settings_for=lambda session_id: SessionSettings(
            session_id=session_id, role=Role.ACCEPTOR, validate_with=fix44
        ),
        open_store=lambda session_id: MemoryStore(clock.now_ns()),
        dictionary=fix44,
        our_comp_ids={"EXAMPLE-ACCEPTOR"},
    )
    acceptor = FixAcceptor(clock, [Listener("example", "127.0.0.1", port, provider)])
    desk.acceptor = acceptor
    return acceptor


async def main(port: int) -> None:
    acceptor = build_acceptor(port)
    await acceptor.start()
    print(f"listening on {acceptor.listeners[0].url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await acceptor.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 9880))
