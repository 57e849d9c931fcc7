"""A Spot venue with its FIX gateway on ephemeral ports, and signed FIX clients for it.

Everything is real: the venue journals to SQLite in a temporary directory, the gateway listens
on loopback sockets, the clients are krakenbox's own FIX initiator with a Kraken-signed Logon.
Time is a manual clock shared by both sides (nonces, SendingTime and the daily rollover)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from krakenbox.core.clock import Clock, ManualClock
from krakenbox.domain.account_commands import Deposit
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.fix.application import Application
from krakenbox.fix.codec import encode
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings
from krakenbox.fix.store import MemoryStore, MessageStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.timestamps import format_utc_timestamp
from krakenbox.gateways.fix import FixInitiator
from krakenbox.gateways.fix.spot.gateway import SpotFixGateway, SpotFixPorts, spot_fix_gateway
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.venue_loop import VenueLoop
from krakenbox.kraken.fix.logon import password
from krakenbox.venue.directory import ApiKey, DemoAccount, Directory, Market, provision_demo
from krakenbox.venue.spot import SpotVenue


def scenario(function: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test on a fresh event loop (pytest sees its fixtures)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(function(*args, **kwargs))

    return run


START_NS = 1_775_570_000 * 10**9  # 2026-04-07 13:53:20 UTC
TIMEOUT_S = 5.0


@dataclass
class Client(Application):
    """A FIX client's application: signs its Logon, keeps everything it receives."""

    key: ApiKey | None = None
    clock: Clock | None = None
    cancel_on_disconnect: str | None = None
    tamper: str | None = None
    """``signature``/``nonce``: spoil the Logon that way."""
    messages: asyncio.Queue[Message] = field(default_factory=asyncio.Queue)
    admin: list[Message] = field(default_factory=list)

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type != MsgType.Logon or self.key is None or self.clock is None:
            return
        nonce = str(self.clock.now_ns() // 10**6)
        if self.tamper == "nonce":
            nonce = str(int(nonce) - 60_000)
        signature = password(
            self.key.key,
            self.key.secret,
            message[Tag.MsgSeqNum],
            message[Tag.SenderCompID],
            message[Tag.TargetCompID],
            nonce,
        )
        if self.tamper == "signature":
            signature = signature[::-1]
        message.append(Tag.Username, self.key.key)
        message.append(Tag.Password, signature)
        message.append(Tag.Nonce, nonce)
        if self.cancel_on_disconnect is not None:
            message.append(Tag.CancelOrdersOnDisconnect, self.cancel_on_disconnect)

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        self.admin.append(message)
        if message.msg_type == MsgType.Reject:
            self.messages.put_nowait(message)  # session rejects answer requests too

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.messages.put_nowait(message)

    async def next(self, timeout_s: float = TIMEOUT_S) -> Message:
        return await asyncio.wait_for(self.messages.get(), timeout_s)

    async def next_of(self, msg_type: str) -> Message:
        while True:
            message = await self.next()
            if message.msg_type == msg_type:
                return message

    def pending(self) -> list[Message]:
        found = []
        while not self.messages.empty():
            found.append(self.messages.get_nowait())
        return found


@dataclass
class Venue:
    clock: ManualClock
    directory: Directory
    demo: dict[str, DemoAccount]
    venue: SpotVenue
    loop: VenueLoop
    gateway: SpotFixGateway
    clients: list[FixInitiator] = field(default_factory=list)

    def port(self, index: int) -> int:
        return self.gateway.acceptor.listeners[index].bound_port

    def initiator(
        self,
        sender: str,
        key: ApiKey | None,
        *,
        target: str = "KRAKEN-TRD",
        listener: int = 0,
        store: MessageStore | None = None,
        reset_on_logon: bool = True,
        **options: str,
    ) -> FixInitiator:
        settings = SessionSettings(
            session_id=SessionID("FIX.4.4", sender, target),
            role=Role.INITIATOR,
            heartbeat_interval_s=30,
            reset_on_logon=reset_on_logon,
        )
        application = Client(key=key, clock=self.clock, **options)  # type: ignore[arg-type]
        session = Session(
            settings, store or MemoryStore(self.clock.now_ns()), application, self.clock, None
        )
        initiator = FixInitiator(
            session, self.clock, "127.0.0.1", self.port(listener), reconnect=False
        )
        self.clients.append(initiator)
        return initiator

    async def trader(self, name: str, sender: str | None = None, **options: str) -> FixInitiator:
        """A logged-on trading session of a demo account."""
        demo = self.demo[name]
        self.clock.advance(nanos=1_000_000)  # nonces increase per key, in milliseconds
        initiator = self.initiator(
            sender or demo.spot_comp_id.sender_comp_id, demo.fix_key, **options
        )
        initiator.start()
        await initiator.wait_logged_on(TIMEOUT_S)
        return initiator


def send_possible_duplicate(initiator: FixInitiator, message: Message) -> None:
    """Send ``message`` marked PossDupFlag=Y (as a resend is), on the session's next MsgSeqNum.
    The session itself only marks its own resends, so the frame is built here."""
    session = initiator.session
    store = session.store
    sequence = store.next_sender_seq
    now = format_utc_timestamp(session.clock.now_ns())
    frame = Message.of(
        message.msg_type,
        (Tag.SenderCompID, session.session_id.sender_comp_id),
        (Tag.TargetCompID, session.session_id.target_comp_id),
        (Tag.MsgSeqNum, sequence),
        (Tag.SendingTime, now),
        (Tag.PossDupFlag, "Y"),
        (Tag.OrigSendingTime, now),
        *[field for field in message.fields if field[0] != Tag.MsgType],
    )
    store.next_sender_seq = sequence + 1
    assert initiator.connection is not None and initiator.connection.transport is not None
    initiator.connection.transport.write(encode(frame))


def client(initiator: FixInitiator) -> Client:
    application = initiator.session.application
    assert isinstance(application, Client)
    return application


def fund(venue: SpotVenue, account: str, now: int) -> None:
    venue.submit(Deposit(account=account, asset="ZUSD", amount=10_000_000 * 10_000, timestamp=now))
    venue.submit(Deposit(account=account, asset="XXBT", amount=100 * 10**10, timestamp=now))
    venue.submit(Deposit(account=account, asset="XETH", amount=1_000 * 10**10, timestamp=now))


@contextlib.asynccontextmanager
async def running_venue(tmp_path: Path) -> AsyncIterator[Venue]:
    clock = ManualClock(START_NS)
    directory = Directory(":memory:", rng=random.Random(5))
    demo = provision_demo(directory, random.Random(5))
    directory.add_comp_id("alice", "ALICE2", Market.SPOT)
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "journal.sqlite", seed=1)
    for name in demo:
        fund(venue, name, clock.now_ns())
    venue.flush()
    loop = VenueLoop(venue, clock)
    gateway = spot_fix_gateway(
        SpotContext.create(loop, directory, clock),
        open_store=lambda session_id: MemoryStore(clock.now_ns()),
        ports=SpotFixPorts(0, 0, 0),
    )
    await gateway.acceptor.start()
    harness = Venue(clock, directory, demo, venue, loop, gateway)
    try:
        yield harness
    finally:
        for initiator in harness.clients:
            await initiator.stop()
        await gateway.acceptor.stop()
        await loop.stop()
        directory.close()


def order(
    client_order_id: str,
    side: str,
    quantity: str,
    price: str | None,
    *,
    symbol: str = "XBT/USD",
    order_type: str | None = None,
    time_in_force: str = "1",
    tags: dict[int, str] | None = None,
) -> Message:
    """A NewOrderSingle (limit when ``price`` is given, market otherwise)."""
    message = Message.of(
        MsgType.NewOrderSingle,
        (Tag.ClOrdID, client_order_id),
        (Tag.Symbol, symbol),
        (Tag.Side, side),
        (Tag.TransactTime, "20260407-13:53:20.000"),
        (Tag.OrderQty, quantity),
        (Tag.OrdType, order_type or ("2" if price is not None else "1")),
        (Tag.TimeInForce, time_in_force),
    )
    if price is not None:
        message.append(Tag.Price, price)
    for tag, value in (tags or {}).items():
        message.append(tag, value)
    return message
