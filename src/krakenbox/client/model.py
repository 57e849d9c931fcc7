"""The words of the client's API (sides, order types, statuses) and their Kraken FIX values.

Callers speak in full words (``Side.BUY``, ``OrderType.STOP_LOSS_LIMIT`` or the strings
``"buy"``, ``"stop-loss-limit"``); the wire values (54=1, 40=4, ...) appear only in this module's
tables, which follow spec/fix.md §5 and §7.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation


class Side(enum.StrEnum):
    BUY = "buy"
    SELL = "sell"


class OrderType(enum.StrEnum):
    MARKET = "market"
    LIMIT = "limit"
    STOP_LOSS = "stop-loss"
    STOP_LOSS_LIMIT = "stop-loss-limit"
    TAKE_PROFIT = "take-profit"
    TAKE_PROFIT_LIMIT = "take-profit-limit"
    TRAILING_STOP = "trailing-stop"
    TRAILING_STOP_LIMIT = "trailing-stop-limit"


class TimeInForce(enum.StrEnum):
    GOOD_TILL_CANCELED = "gtc"
    IMMEDIATE_OR_CANCEL = "ioc"
    FILL_OR_KILL = "fok"
    GOOD_TILL_DATE = "gtd"


class ExecutionInstruction(enum.StrEnum):
    """ExecInst (18) values, spec/fix.md §5.4."""

    POST_ONLY = "post-only"
    REDUCE_ONLY = "reduce-only"
    QUANTITY_IN_QUOTE = "quantity-in-quote"
    FEE_IN_BASE = "fee-in-base"
    FEE_IN_QUOTE = "fee-in-quote"
    SINGLE_FEE = "single-fee"


class ExecutionType(enum.StrEnum):
    """ExecType (150): what happened, spec/fix.md §7.2."""

    NEW = "new"
    CANCELED = "canceled"
    REPLACED = "replaced"
    PENDING_NEW = "pending-new"
    EXPIRED = "expired"
    RESTATED = "restated"
    TRADE = "trade"
    ORDER_STATUS = "order-status"
    UNKNOWN = "unknown"


class OrderStatus(enum.StrEnum):
    """OrdStatus (39): where the order stands, spec/fix.md §7.3."""

    NEW = "new"
    PARTIALLY_FILLED = "partially-filled"
    FILLED = "filled"
    CANCELED = "canceled"
    REPLACED = "replaced"
    PENDING_NEW = "pending-new"
    EXPIRED = "expired"
    PENDING_REPLACE = "pending-replace"
    UNKNOWN = "unknown"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset({OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.EXPIRED})

SIDE_WIRE = {Side.BUY: "1", Side.SELL: "2"}
SIDE_FROM_WIRE = {value: key for key, value in SIDE_WIRE.items()}

ORDER_TYPE_WIRE = {
    OrderType.MARKET: "1",
    OrderType.LIMIT: "2",
    OrderType.STOP_LOSS: "3",
    OrderType.STOP_LOSS_LIMIT: "4",
    OrderType.TAKE_PROFIT: "R",
    OrderType.TAKE_PROFIT_LIMIT: "T",
    OrderType.TRAILING_STOP: "U",
    OrderType.TRAILING_STOP_LIMIT: "V",
}
ORDER_TYPE_FROM_WIRE = {value: key for key, value in ORDER_TYPE_WIRE.items()}
NEEDS_PRICE = frozenset(
    {
        OrderType.LIMIT,
        OrderType.STOP_LOSS_LIMIT,
        OrderType.TAKE_PROFIT_LIMIT,
        OrderType.TRAILING_STOP_LIMIT,
    }
)
NEEDS_STOP_PRICE = frozenset(
    {
        OrderType.STOP_LOSS,
        OrderType.STOP_LOSS_LIMIT,
        OrderType.TAKE_PROFIT,
        OrderType.TAKE_PROFIT_LIMIT,
        OrderType.TRAILING_STOP,
        OrderType.TRAILING_STOP_LIMIT,
    }
)

TIME_IN_FORCE_WIRE = {
    TimeInForce.GOOD_TILL_CANCELED: "1",
    TimeInForce.IMMEDIATE_OR_CANCEL: "3",
    TimeInForce.FILL_OR_KILL: "4",
    TimeInForce.GOOD_TILL_DATE: "6",
}

EXECUTION_INSTRUCTION_WIRE = {
    ExecutionInstruction.POST_ONLY: "P",
    ExecutionInstruction.REDUCE_ONLY: "E",
    ExecutionInstruction.QUANTITY_IN_QUOTE: "v",
    ExecutionInstruction.FEE_IN_BASE: "f",
    ExecutionInstruction.FEE_IN_QUOTE: "q",
    ExecutionInstruction.SINGLE_FEE: "s",
}

EXECUTION_TYPE_FROM_WIRE = {
    "0": ExecutionType.NEW,
    "4": ExecutionType.CANCELED,
    "5": ExecutionType.REPLACED,
    "A": ExecutionType.PENDING_NEW,
    "C": ExecutionType.EXPIRED,
    "D": ExecutionType.RESTATED,
    "F": ExecutionType.TRADE,
    "I": ExecutionType.ORDER_STATUS,
}

ORDER_STATUS_FROM_WIRE = {
    "0": OrderStatus.NEW,
    "1": OrderStatus.PARTIALLY_FILLED,
    "2": OrderStatus.FILLED,
    "4": OrderStatus.CANCELED,
    "5": OrderStatus.REPLACED,
    "A": OrderStatus.PENDING_NEW,
    "C": OrderStatus.EXPIRED,
    "E": OrderStatus.PENDING_REPLACE,
}


def decimal_text(value: Decimal) -> str:
    """A Decimal as FIX wants it: plain digits, no exponent, no float ever."""
    if not isinstance(value, Decimal):
        raise TypeError(f"prices and quantities are Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    return text


def parse_decimal(text: str | None) -> Decimal | None:
    """A FIX decimal field as Decimal (None when absent or empty; ValueError when not a number)."""
    if text is None or text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value
