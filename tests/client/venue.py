"""A small scripted Kraken counterparty for the client's tests, built from krakenbox.fix.

:class:`MemoryLink` joins the client's session and a venue session in memory: every send is
followed by pumping bytes both ways until both are quiet, so answers arrive synchronously.
:class:`TradingVenue` and :class:`MarketDataVenue` are acceptor Applications that answer like
Kraken's docs say (spec/fix.md): a signed Logon checked with the real signature function,
ExecutionReports, 35=j with 45=0 and 379=ClOrdID, session Rejects by RefSeqNum, InstrumentLists,
snapshots and incremental refreshes. It is a test peer, not a mock of the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from krakenbox.core.clock import NANOS_PER_MILLI, NANOS_PER_SECOND, ManualClock
from krakenbox.fix.application import Application, RejectLogon
from krakenbox.fix.codec import Parser
from krakenbox.fix.message import Message
from krakenbox.fix.session import Role, Session, SessionID, SessionSettings, admin
from krakenbox.fix.store import MemoryStore, MessageStore
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.kraken.fix.logon import password

START_NS = 1_775_572_320 * NANOS_PER_SECOND  # 2026-04-07 14:32:00 UTC
API_KEY = "TESTKEY-abc123"
API_SECRET = "a3Jha2VuLWZpeC11bml0LXRlc3Qtc2VjcmV0LU5PVC1SRUFMLTAxMjM0NTY3ODlhYmNkZWY="


def frames(data: bytes) -> list[Message]:
    parser = Parser()
    parser.feed(data)
    out: list[Message] = []
    while (item := parser.next()) is not None:
        assert isinstance(item, Message), item
        out.append(item)
    return out


class MemoryLink:
    """Two sessions joined in memory; ``client_frames`` / ``venue_frames`` record the wire."""

    def __init__(self, client: Session, venue: Session) -> None:
        self.client = client
        self.venue = venue
        self.client_frames: list[Message] = []
        self.venue_frames: list[Message] = []
        self.connected = False
        self.drop_client_output = False
        """Lose what the client writes and drop the connection (a request lost in transit)."""

    def connect(self) -> None:
        self.connected = True
        self.venue.connection_made()
        self.client.connection_made()
        self.pump()

    def disconnect(self) -> None:
        if self.connected:
            self.connected = False
            self.client.connection_lost()
            self.venue.connection_lost()

    def send(self, message: Message) -> bool:
        sent = self.client.send(message)
        self.pump()
        return sent

    def run_timers(self) -> None:
        self.client.on_timer()
        self.venue.on_timer()
        self.pump()

    def pump(self) -> None:
        while self.connected:
            from_client = self.client.data_to_send()
            from_venue = self.venue.data_to_send()
            self.client.store.flush()
            self.venue.store.flush()
            if from_client and self.drop_client_output:
                self.drop_client_output = False
                self.disconnect()
                return
            if not from_client and not from_venue:
                break
            if from_client:
                self.client_frames += frames(from_client)
                self.venue.receive_data(from_client)
            if from_venue:
                self.venue_frames += frames(from_venue)
                self.client.receive_data(from_venue)
        if self.connected and (self.client.wants_close or self.venue.wants_close):
            self.disconnect()


def venue_session(
    application: Application,
    clock: ManualClock,
    client_comp_id: str,
    venue_comp_id: str,
    store: MessageStore | None = None,
    **settings: object,
) -> Session:
    session_settings = SessionSettings(
        session_id=SessionID("FIX.4.4", venue_comp_id, client_comp_id),
        role=Role.ACCEPTOR,
        **settings,  # type: ignore[arg-type]
    )
    return Session(session_settings, store or MemoryStore(clock.now_ns()), application, clock)


@dataclass
class Order:
    client_order_id: str
    order_id: str
    symbol: str
    side: str
    quantity: str
    price: str | None
    order_type: str
    status: str = "0"
    cumulative: str = "0"


@dataclass
class TradingVenue(Application):
    """Answers a trading session like Kraken; ``script`` picks the answer to the next D."""

    clock: ManualClock
    secret: str = API_SECRET
    session: Session | None = None
    orders: dict[str, Order] = field(default_factory=dict)
    received: list[Message] = field(default_factory=list)
    logons: list[Message] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    """Answers for the next NewOrderSingles: ack (default), business-reject, session-reject, silent."""
    status_uses_original_id: bool = True
    execution_counter: int = 0
    on_received: Callable[[Message], None] | None = None

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type != MsgType.Logon:
            return
        self.logons.append(message)
        expected = password(
            message[Tag.Username],
            self.secret,
            message[Tag.MsgSeqNum],
            message[Tag.SenderCompID],
            message[Tag.TargetCompID],
            message[Tag.Nonce],
        )
        if message.get(Tag.Password) != expected:
            raise RejectLogon("Logon failed: invalid credentials")
        if (
            abs(int(message[Tag.Nonce]) * NANOS_PER_MILLI - self.clock.now_ns())
            > 5 * NANOS_PER_SECOND
        ):
            raise RejectLogon("Logon failed: nonce out of window")

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.received.append(message)
        if self.on_received is not None:
            self.on_received(message)
        handler = {
            MsgType.NewOrderSingle: self.new_order,
            MsgType.OrderCancelRequest: self.cancel,
            MsgType.OrderCancelReplaceRequest: self.amend,
            MsgType.OrderStatusRequest: self.status,
            MsgType.OrderMassCancelRequest: self.mass_cancel,
        }.get(message.msg_type)
        if handler is not None:
            handler(message)

    # -- answers ---------------------------------------------------------------------------

    def send(self, message: Message) -> None:
        assert self.session is not None
        self.session.send(message)

    def business_reject(self, message: Message, reason: int, text: str) -> None:
        self.send(
            Message.of(
                MsgType.BusinessMessageReject,
                (Tag.RefSeqNum, 0),  # as in Kraken's examples: correlate by 379, never 45
                (Tag.Text, text),
                (Tag.RefMsgType, message.msg_type),
                (Tag.BusinessRejectRefID, message[Tag.ClOrdID]),
                (Tag.BusinessRejectReason, reason),
            )
        )

    def report(self, order: Order, exec_type: str, client_order_id: str, **extra: str) -> None:
        self.execution_counter += 1
        message = Message.of(
            MsgType.ExecutionReport,
            (Tag.ClOrdID, client_order_id),
            (Tag.ExecID, f"E{self.execution_counter}"),
            (Tag.OrderID, order.order_id),
            (Tag.ExecType, exec_type),
            (Tag.OrdStatus, order.status),
            (Tag.OrdType, order.order_type),
            (Tag.Side, order.side),
            (Tag.Symbol, order.symbol),
            (Tag.OrderQty, order.quantity),
            (Tag.CumQty, order.cumulative),
            (Tag.LeavesQty, "0" if order.status in "24" else order.quantity),
            (Tag.AvgPx, "0"),
        )
        if order.price is not None:
            message.append(Tag.Price, order.price)
        for tag, value in extra.items():
            message.append(getattr(Tag, tag), value)
        self.send(message)

    def new_order(self, message: Message) -> None:
        answer = self.script.pop(0) if self.script else "ack"
        if answer == "business-reject":
            self.business_reject(message, 0, "EOrder:Insufficient funds")
            return
        if answer == "session-reject":
            assert self.session is not None
            self.session.send_admin(
                admin.reject(
                    int(message[Tag.MsgSeqNum]), "D", 1, 54, "Missing mandatory field: Side (54)"
                )
            )
            return
        if answer == "silent":
            return
        order = Order(
            client_order_id=message[Tag.ClOrdID],
            order_id=f"O{len(self.orders) + 1:05d}-AAAAA-BBBBBB",
            symbol=message[Tag.Symbol],
            side=message[Tag.Side],
            quantity=message[Tag.OrderQty],
            price=message.get(Tag.Price),
            order_type=message[Tag.OrdType],
        )
        self.orders[order.order_id] = order
        self.report(order, "0", order.client_order_id)

    def fill(self, order_id: str, quantity: str, price: str, final: bool) -> None:
        order = self.orders[order_id]
        order.status = "2" if final else "1"
        order.cumulative = quantity
        self.report(order, "F", order.client_order_id, LastQty=quantity, LastPx=price)

    def cancel(self, message: Message) -> None:
        order = self.orders.get(message.get(Tag.OrderID) or "")
        if order is None or order.status in ("2", "4"):
            self.business_reject(message, 101, "EOrder:Unknown order")
            return
        order.status = "4"
        previous, order.client_order_id = order.client_order_id, message[Tag.ClOrdID]
        self.report(order, "4", message[Tag.ClOrdID], OrigClOrdID=previous)

    def amend(self, message: Message) -> None:
        order = self.orders.get(message[Tag.OrderID])
        if order is None:
            self.business_reject(message, 101, "EOrder:Unknown order")
            return
        order.quantity = message[Tag.OrderQty]
        order.price = message.get(Tag.Price)
        previous, order.client_order_id = order.client_order_id, message[Tag.ClOrdID]
        order.status = "0"
        self.report(order, "5", message[Tag.ClOrdID], OrigClOrdID=previous)

    def status(self, message: Message) -> None:
        order = self.orders.get(message[Tag.OrderID])
        if order is None:
            self.business_reject(message, 101, "EOrder:Unknown order")
            return
        answer_id = order.client_order_id if self.status_uses_original_id else message[Tag.ClOrdID]
        self.report(order, "I", answer_id)

    def mass_cancel(self, message: Message) -> None:
        symbol = message.get(Tag.Symbol)
        for order in self.orders.values():
            if order.status in ("0", "1") and (symbol is None or order.symbol == symbol):
                order.status = "4"
                self.report(order, "4", order.client_order_id)


@dataclass
class MarketDataVenue(Application):
    """Answers a market-data session: InstrumentList, snapshots; tests push increments."""

    session: Session | None = None
    received: list[Message] = field(default_factory=list)
    instruments: dict[str, tuple[int, int]] = field(default_factory=lambda: {"BTC/USD": (1, 8)})
    snapshot: list[tuple[str, str, str]] = field(default_factory=list)
    """(side 0/1, price, size) entries every 35=W carries."""

    def on_message(self, message: Message, session_id: SessionID) -> None:
        self.received.append(message)
        assert self.session is not None
        if message.msg_type == MsgType.SecurityListRequest:
            symbol = message[Tag.Symbol]
            answer = Message.of(
                MsgType.SecurityList,
                (Tag.SecurityReqID, message[Tag.SecurityReqID]),
                (Tag.SecurityResponseID, "1"),
                (Tag.SecurityRequestResult, "0"),
                (Tag.NoRelatedSym, 1),
            )
            price, quantity = self.instruments[symbol]
            for tag, value in (
                (Tag.Symbol, symbol),
                (Tag.MinTradeVol, "0.00000001"),
                (Tag.QtyPrecision, str(quantity)),
                (Tag.QtyMin, "0.0001"),
                (Tag.PricePrecision, str(price)),
                (Tag.TickSize, "0.1"),
                (Tag.AssetPairStatus, "1"),
            ):
                answer.append(tag, value)
            self.session.send(answer)
        elif message.msg_type == MsgType.MarketDataRequest:
            request_id = message[Tag.MDReqID]
            if message[Tag.Symbol] not in self.instruments:
                self.session.send(
                    Message.of(
                        MsgType.MarketDataRequestReject,
                        (Tag.MDReqID, request_id),
                        (Tag.MDReqRejReason, "0"),
                        (Tag.Text, f"Unknown symbol: {message[Tag.Symbol]}"),
                    )
                )
                return
            if message[Tag.SubscriptionRequestType] != "1":
                return
            snapshot = Message.of(
                MsgType.MarketDataSnapshotFullRefresh,
                (Tag.MDReqID, request_id),
                (Tag.Symbol, message[Tag.Symbol]),
                (Tag.NoMDEntries, len(self.snapshot)),
            )
            for side, price, size in self.snapshot:
                snapshot.append(Tag.MDEntryType, side)
                snapshot.append(Tag.MDEntryID, ("B" if side == "0" else "O") + price)
                snapshot.append(Tag.MDEntryPx, price)
                snapshot.append(Tag.MDEntrySize, size)
                snapshot.append(Tag.MDEntryTime, "09:55:15.071")
            self.session.send(snapshot)

    def last_request_id(self) -> str:
        requests = [m for m in self.received if m.msg_type == MsgType.MarketDataRequest]
        return requests[-1][Tag.MDReqID]
