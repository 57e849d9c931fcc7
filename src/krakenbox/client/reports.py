"""What the venue answers on a trading session, as plain frozen values.

:class:`ExecutionReport` (35=8), :class:`BusinessMessageReject` (35=j) and :class:`SessionReject`
(35=3) are read from a :class:`~krakenbox.fix.message.Message` with Decimal numbers and the
client's words for statuses; the original message stays available as ``message``.
:class:`OrderRejected` is the exception an awaiting caller gets when a request was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from krakenbox.client.model import (
    EXECUTION_TYPE_FROM_WIRE,
    ORDER_STATUS_FROM_WIRE,
    ORDER_TYPE_FROM_WIRE,
    SIDE_FROM_WIRE,
    ExecutionType,
    OrderStatus,
    OrderType,
    Side,
    parse_decimal,
)
from krakenbox.core.records import fast_init
from krakenbox.fix.message import Message
from krakenbox.fix.tags import Tag


@fast_init  # one per report received: a client at full speed makes thousands a second
@dataclass(frozen=True, slots=True)
class ExecutionReport:
    """One ExecutionReport (35=8); numbers are Decimal, absent optional fields are None."""

    client_order_id: str
    order_id: str
    execution_id: str
    execution_type: ExecutionType
    order_status: OrderStatus
    symbol: str
    side: Side | None
    order_type: OrderType | None
    original_client_order_id: str | None = None
    order_quantity: Decimal | None = None
    cumulative_quantity: Decimal | None = None
    leaves_quantity: Decimal | None = None
    average_price: Decimal | None = None
    price: Decimal | None = None
    stop_price: Decimal | None = None
    last_price: Decimal | None = None
    last_quantity: Decimal | None = None
    trade_sequence: str | None = None
    text: str | None = None
    transact_time: str | None = None
    possible_duplicate: bool = False
    sequence_number: int | None = None
    message: Message = field(default_factory=Message, repr=False, compare=False)

    @classmethod
    def from_message(cls, message: Message) -> ExecutionReport:
        # One dict of first occurrences (as Message.get reads them) instead of a scan per field.
        get = dict(reversed(message.fields)).get
        sequence = get(Tag.MsgSeqNum)
        return cls(
            client_order_id=get(Tag.ClOrdID, "") or "",
            order_id=get(Tag.OrderID, "") or "",
            execution_id=get(Tag.ExecID, "") or "",
            execution_type=EXECUTION_TYPE_FROM_WIRE.get(
                get(Tag.ExecType, "") or "", ExecutionType.UNKNOWN
            ),
            order_status=ORDER_STATUS_FROM_WIRE.get(
                get(Tag.OrdStatus, "") or "", OrderStatus.UNKNOWN
            ),
            symbol=get(Tag.Symbol, "") or "",
            side=SIDE_FROM_WIRE.get(get(Tag.Side, "") or ""),
            order_type=ORDER_TYPE_FROM_WIRE.get(get(Tag.OrdType, "") or ""),
            original_client_order_id=get(Tag.OrigClOrdID),
            order_quantity=parse_decimal(get(Tag.OrderQty)),
            cumulative_quantity=parse_decimal(get(Tag.CumQty)),
            leaves_quantity=parse_decimal(get(Tag.LeavesQty)),
            average_price=parse_decimal(get(Tag.AvgPx)),
            price=parse_decimal(get(Tag.Price)),
            stop_price=parse_decimal(get(Tag.StopPx)),
            last_price=parse_decimal(get(Tag.LastPx)),
            last_quantity=parse_decimal(get(Tag.LastQty)),
            trade_sequence=get(Tag.SecondaryExecID),
            text=get(Tag.Text),
            transact_time=get(Tag.TransactTime),
            possible_duplicate=get(Tag.PossDupFlag) == "Y",
            sequence_number=int(sequence) if sequence and sequence.isdigit() else None,
            message=message,
        )

    @property
    def closes_order(self) -> bool:
        """The order is finished after this report (filled, canceled or expired)."""
        return self.order_status.is_closed


@dataclass(frozen=True, slots=True)
class BusinessMessageReject:
    """A BusinessMessageReject (35=j): Kraken refused a request before it got an OrderID."""

    reference_id: str | None
    """BusinessRejectRefID (379): the ClOrdID of the refused request."""
    reference_message_type: str | None
    reference_sequence_number: int | None
    reason: int | None
    text: str | None
    message: Message = field(default_factory=Message, repr=False, compare=False)

    @classmethod
    def from_message(cls, message: Message) -> BusinessMessageReject:
        return cls(
            reference_id=message.get(Tag.BusinessRejectRefID),
            reference_message_type=message.get(Tag.RefMsgType),
            reference_sequence_number=_integer(message.get(Tag.RefSeqNum)),
            reason=_integer(message.get(Tag.BusinessRejectReason)),
            text=message.get(Tag.Text),
            message=message,
        )


@dataclass(frozen=True, slots=True)
class SessionReject:
    """A session-level Reject (35=3): a request was malformed (a tag missing or invalid)."""

    reference_sequence_number: int | None
    """RefSeqNum (45): the MsgSeqNum of our refused message."""
    reference_message_type: str | None
    reference_tag: int | None
    reason: int | None
    text: str | None
    message: Message = field(default_factory=Message, repr=False, compare=False)

    @classmethod
    def from_message(cls, message: Message) -> SessionReject:
        return cls(
            reference_sequence_number=_integer(message.get(Tag.RefSeqNum)),
            reference_message_type=message.get(Tag.RefMsgType),
            reference_tag=_integer(message.get(Tag.RefTagID)),
            reason=_integer(message.get(Tag.SessionRejectReason)),
            text=message.get(Tag.Text),
            message=message,
        )


class ClientError(Exception):
    """Root of the client's errors."""


class NotLoggedOn(ClientError):
    """A request was made while the trading session is not logged on (nothing was sent)."""


class LogonRefused(ClientError):
    """The venue refused our Logon (its Logout text, e.g. ``Logon failed: invalid credentials``)."""


class RequestNotDelivered(ClientError):
    """The request's sequence number was skipped by a gap fill after a reconnect: it never
    reached the venue (the client answers Kraken's ResendRequests with gap fills, never replays)."""


class OrderRejected(ClientError):
    """The venue refused a request: by a BusinessMessageReject (35=j) or a session Reject (35=3)."""

    def __init__(
        self,
        text: str,
        *,
        business_reject: BusinessMessageReject | None = None,
        session_reject: SessionReject | None = None,
    ) -> None:
        super().__init__(text)
        self.text = text
        self.business_reject = business_reject
        self.session_reject = session_reject

    @classmethod
    def from_business_reject(cls, reject: BusinessMessageReject) -> OrderRejected:
        return cls(reject.text or f"business reject (380={reject.reason})", business_reject=reject)

    @classmethod
    def from_session_reject(cls, reject: SessionReject) -> OrderRejected:
        return cls(reject.text or f"session reject (373={reject.reason})", session_reject=reject)


def _integer(text: str | None) -> int | None:
    if text is None:
        return None
    digits = text[1:] if text[:1] == "-" else text
    return int(text) if digits.isdigit() and digits.isascii() else None
