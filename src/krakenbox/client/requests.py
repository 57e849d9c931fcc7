"""The trading requests as FIX messages (spec/fix.md §5-§6), built without I/O.

:class:`NewOrder` and :class:`Amendment` hold what the caller asked for, checked at construction
(Decimal numbers, a price when the order type needs one, ...). The ``*_message`` functions turn
them into NewOrderSingle (35=D), OrderCancelReplaceRequest (35=G), OrderCancelRequest (35=F),
OrderMassCancelRequest (35=q) and OrderStatusRequest (35=H); the session adds the header.
:class:`ClientOrderIds` hands out Kraken's "ever-increasing number" ClOrdIDs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from krakenbox.client.model import (
    EXECUTION_INSTRUCTION_WIRE,
    NEEDS_PRICE,
    NEEDS_STOP_PRICE,
    ORDER_TYPE_WIRE,
    SIDE_WIRE,
    TIME_IN_FORCE_WIRE,
    ExecutionInstruction,
    OrderType,
    Side,
    TimeInForce,
    decimal_text,
)
from krakenbox.core.clock import Clock
from krakenbox.core.records import fast_init
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.timestamps import format_utc_timestamp

MAX_CLIENT_ORDER_ID_LENGTH = 18
"""Kraken: a numeric ClOrdID has at most 18 characters (spec/fix.md §5.3)."""

MASS_CANCEL_ONE_SYMBOL = "1"
MASS_CANCEL_ALL = "6"


class ClientOrderIds:
    """Increasing ClOrdIDs: the clock's microseconds since the epoch, bumped past the last one.

    16 digits today (``1744036325000000``), so well within Kraken's 18 characters; two ids asked
    for in the same microsecond (or after the clock stepped back) still increase.
    """

    __slots__ = ("_clock", "_last")

    def __init__(self, clock: Clock, last: int = 0) -> None:
        self._clock = clock
        self._last = last

    def next(self) -> str:
        value = max(self._clock.now_ns() // 1_000, self._last + 1)
        self._last = value
        text = str(value)
        if len(text) > MAX_CLIENT_ORDER_ID_LENGTH:
            raise ValueError(
                f"ClOrdID {text} is longer than {MAX_CLIENT_ORDER_ID_LENGTH} characters"
            )
        return text


@fast_init  # one per order placed
@dataclass(frozen=True, slots=True)
class NewOrder:
    """What a NewOrderSingle asks for (see :meth:`KrakenFixClient.place_order`)."""

    symbol: str
    side: Side
    quantity: Decimal
    order_type: OrderType = OrderType.LIMIT
    price: Decimal | None = None
    stop_price: Decimal | None = None
    time_in_force: TimeInForce = TimeInForce.GOOD_TILL_CANCELED
    execution_instructions: tuple[ExecutionInstruction, ...] = ()
    expire_time_ns: int | None = None
    valid_until_ns: int | None = None
    display_quantity: Decimal | None = None
    allocation_account: str | None = None
    extra_fields: tuple[tuple[int, str], ...] = field(default=())

    def __post_init__(self) -> None:
        # Words become members; a member given already is kept (no lookup, no second set).
        if type(self.side) is not Side:
            object.__setattr__(self, "side", Side(self.side))
        if type(self.order_type) is not OrderType:
            object.__setattr__(self, "order_type", OrderType(self.order_type))
        if type(self.time_in_force) is not TimeInForce:
            object.__setattr__(self, "time_in_force", TimeInForce(self.time_in_force))
        if self.execution_instructions:
            object.__setattr__(
                self,
                "execution_instructions",
                tuple(ExecutionInstruction(value) for value in self.execution_instructions),
            )
        check_decimal("quantity", self.quantity, positive=True)
        for name in ("price", "stop_price", "display_quantity"):
            value = getattr(self, name)
            if value is not None:
                check_decimal(name, value, positive=name != "stop_price")
        if self.order_type in NEEDS_PRICE and self.price is None:
            raise ValueError(f"a {self.order_type} order needs a price")
        if self.order_type in NEEDS_STOP_PRICE and self.stop_price is None:
            raise ValueError(f"a {self.order_type} order needs a stop_price (the trigger price)")
        if self.time_in_force is TimeInForce.GOOD_TILL_DATE and self.expire_time_ns is None:
            raise ValueError("a good-till-date order needs an expire_time")


@dataclass(frozen=True, slots=True)
class Amendment:
    """A new quantity and/or prices for a working order (35=G carries all of them)."""

    quantity: Decimal
    price: Decimal | None = None
    stop_price: Decimal | None = None
    display_quantity: Decimal | None = None
    post_only: bool = False

    def __post_init__(self) -> None:
        check_decimal("quantity", self.quantity, positive=True)
        for name in ("price", "stop_price", "display_quantity"):
            value = getattr(self, name)
            if value is not None:
                check_decimal(name, value, positive=name != "stop_price")


def check_decimal(name: str, value: object, *, positive: bool) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__} (never a float)")
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, not {value}")


def new_order_message(order: NewOrder, client_order_id: str, now_ns: int) -> Message:
    fields: list[tuple[int, str]] = [
        (Tag.MsgType, MsgType.NewOrderSingle),
        (Tag.ClOrdID, client_order_id),
        (Tag.Symbol, order.symbol),
        (Tag.Side, SIDE_WIRE[order.side]),
        (Tag.OrderQty, decimal_text(order.quantity)),
        (Tag.OrdType, ORDER_TYPE_WIRE[order.order_type]),
    ]
    add = fields.append
    if order.price is not None:
        add((Tag.Price, decimal_text(order.price)))
    if order.stop_price is not None:
        add((Tag.StopPx, decimal_text(order.stop_price)))
    add((Tag.TimeInForce, TIME_IN_FORCE_WIRE[order.time_in_force]))
    if order.expire_time_ns is not None:
        add((Tag.ExpireTime, format_utc_timestamp(order.expire_time_ns, 0)))
    if order.execution_instructions:
        add((Tag.ExecInst, instructions_text(order.execution_instructions)))
    if order.display_quantity is not None:
        add((Tag.DisplayQty, decimal_text(order.display_quantity)))
    if order.valid_until_ns is not None:
        add((Tag.ValidUntilTime, format_utc_timestamp(order.valid_until_ns)))
    if order.allocation_account is not None:
        add((Tag.NoAllocs, "1"))
        add((Tag.AllocAccount, order.allocation_account))
    add((Tag.TransactTime, format_utc_timestamp(now_ns)))
    message = Message(fields)
    add_extra_fields(message, order.extra_fields)
    return message


def amend_message(
    amendment: Amendment,
    *,
    client_order_id: str,
    order_id: str,
    original_client_order_id: str,
    symbol: str,
    side: Side,
    order_type: OrderType,
    time_in_force: TimeInForce,
    now_ns: int,
) -> Message:
    message = Message.of(
        MsgType.OrderCancelReplaceRequest,
        (Tag.ClOrdID, client_order_id),
        (Tag.OrderID, order_id),
        (Tag.OrigClOrdID, original_client_order_id),
        (Tag.Symbol, symbol),
        (Tag.Side, SIDE_WIRE[side]),
        (Tag.OrderQty, decimal_text(amendment.quantity)),
        (Tag.OrdType, ORDER_TYPE_WIRE[order_type]),
    )
    if amendment.price is not None:
        message.append(Tag.Price, decimal_text(amendment.price))
    if amendment.stop_price is not None:
        message.append(Tag.StopPx, decimal_text(amendment.stop_price))
    message.append(Tag.TimeInForce, TIME_IN_FORCE_WIRE[time_in_force])
    if amendment.display_quantity is not None:
        message.append(Tag.DisplayQty, decimal_text(amendment.display_quantity))
    if amendment.post_only:
        message.append(Tag.ExecInst, EXECUTION_INSTRUCTION_WIRE[ExecutionInstruction.POST_ONLY])
    message.append(Tag.TransactTime, format_utc_timestamp(now_ns))
    return message


def cancel_message(
    *,
    client_order_id: str,
    order_id: str | None,
    original_client_order_id: str | None,
    symbol: str,
    side: Side,
    now_ns: int,
) -> Message:
    if order_id is None and original_client_order_id is None:
        raise ValueError("a cancel needs the OrderID or the order's last ClOrdID")
    message = Message.of(MsgType.OrderCancelRequest, (Tag.ClOrdID, client_order_id))
    if order_id is not None:
        message.append(Tag.OrderID, order_id)
    if original_client_order_id is not None:
        message.append(Tag.OrigClOrdID, original_client_order_id)
    message.append(Tag.Symbol, symbol)
    message.append(Tag.Side, SIDE_WIRE[side])
    message.append(Tag.TransactTime, format_utc_timestamp(now_ns))
    return message


def mass_cancel_message(client_order_id: str, symbol: str | None, now_ns: int) -> Message:
    """530=1 for one symbol, 530=6 for every order of this trading session."""
    message = Message.of(MsgType.OrderMassCancelRequest, (Tag.ClOrdID, client_order_id))
    if symbol is not None:
        message.append(Tag.Symbol, symbol)
    message.append(Tag.TransactTime, format_utc_timestamp(now_ns))
    message.append(
        Tag.MassCancelRequestType, MASS_CANCEL_ONE_SYMBOL if symbol is not None else MASS_CANCEL_ALL
    )
    return message


def status_message(client_order_id: str, order_id: str, symbol: str) -> Message:
    return Message.of(
        MsgType.OrderStatusRequest,
        (Tag.ClOrdID, client_order_id),
        (Tag.OrderID, order_id),
        (Tag.Symbol, symbol),
    )


def instructions_text(instructions: Iterable[ExecutionInstruction]) -> str:
    """ExecInst (18): Kraken's values separated by single spaces (``P s``)."""
    return " ".join(
        EXECUTION_INSTRUCTION_WIRE[ExecutionInstruction(value)] for value in instructions
    )


def add_extra_fields(message: Message, extra_fields: Iterable[tuple[int, str]]) -> None:
    for tag, value in extra_fields:
        if not isinstance(tag, int) or tag <= 0:
            raise ValueError(f"extra field tag must be a positive int, not {tag!r}")
        message.append(tag, value)
