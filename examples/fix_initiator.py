"""A FIX 4.4 initiator in a page: logs on, sends one NewOrderSingle, prints the reply, logs out.

python examples/fix_initiator.py [PORT]        # against examples/fix_acceptor.py
"""

from __future__ import annotations

import asyncio
import sys

from krakenbox.core.clock import SystemClock
from krakenbox.fix.application import Application
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.fix import FixInitiator


class Trader(Application):
    """Collects what the counterparty sends."""

    def __init__(self) -> None:
        self.replies: asyncio.Queue[Message] = asyncio.Queue()

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.replies.put_nowait(message)


async def main(port: int) -> Message:
    clock = SystemClock()
    session_id = SessionID("FIX.4.4", "EXAMPLE-TRADER", "EXAMPLE-ACCEPTOR")
    settings = SessionSettings(
        session_id=session_id, role=Role.INITIATOR, heartbeat_interval_s=30, reset_on_logon=True
    )
    trader = Trader()
    session = Session(settings, MemoryStore(clock.now_ns()), trader, clock, None)
    initiator = FixInitiator(session, clock, "127.0.0.1", port, reconnect=False)
    initiator.start()
    await initiator.wait_logged_on()
    initiator.send(
        Message.of(
            MsgType.NewOrderSingle,
            (Tag.ClOrdID, "order-1"),
            (Tag.Symbol, "XBT/USD"),
            (Tag.Side, "1"),
            (Tag.TransactTime, "20260101-00:00:00.000"),
            (Tag.OrderQty, "0.01"),
            (Tag.OrdType, "2"),
            (Tag.Price, "50000"),
        )
    )
    reply = await asyncio.wait_for(trader.replies.get(), 5)
    print("received", reply.raw)
    await initiator.stop()
    return reply


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 9880))
