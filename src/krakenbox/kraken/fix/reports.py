"""ExecutionReports (35=8) as Kraken's Spot FIX gateway sends them (spec/fix.md §7).

One report per order event, rendered from the order's state just after the event. Kraken's
ExecType (150) and OrdStatus (39) lists are short: no Rejected (8), no Pending Cancel (6);
refusals before acceptance are BusinessMessageRejects, never reports. The field set is what
§7.1 shows plus what QuickFIX's validation needs (§17: 37, 17, 150, 39, 54, 151, 14, 6):

``37 11 41 17 527 150 39 55 54 38 40 44 99 59 1138 32 31 151 14 6 60 58 78/79 136..139``

Fees of a fill (Kraken's tag is not readable in its docs) go in the standard NoMiscFees group
(136=1, 137 amount, 138 currency, 139=4 exchange fees), as Kraken's drop copy and FIX v2 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from krakenbox.domain.orders import OrderStatus, OrderType
from krakenbox.domain.records import fast_init
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from krakenbox.fix.timestamps import format_utc_timestamp
from krakenbox.kraken.fix.orders import ORDER_TYPE_CODES, SIDE_CODES, TIME_IN_FORCE_CODES

if TYPE_CHECKING:
    from krakenbox.domain.events import TradeExecuted
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.orders import Order

# ExecType (150), Kraken's complete list (§7.2).
NEW: Final = "0"
CANCELED: Final = "4"
REPLACED: Final = "5"
EXPIRED: Final = "C"
RESTATED: Final = "D"
TRADE: Final = "F"
ORDER_STATUS: Final = "I"

ORDER_STATUS_CODES: Final[dict[OrderStatus, str]] = {
    OrderStatus.NEW: "0",
    OrderStatus.PARTIALLY_FILLED: "1",
    OrderStatus.FILLED: "2",
    OrderStatus.CANCELED: "4",
    OrderStatus.EXPIRED: "C",
}
REPLACED_STATUS: Final = "5"
AVERAGE_PRICE_EXTRA_DECIMALS: Final = 4
"""AvgPx (6) carries this many decimals beyond the pair's price decimals (then trims zeros)."""
EXCHANGE_FEES: Final = "4"


@fast_init
@dataclass(frozen=True, slots=True)
class Fill:
    """A trade as one side's report shows it."""

    trade: TradeExecuted
    fee: int
    """In ledger units of ``fee_asset`` (``asset_decimals`` places)."""
    fee_currency: str
    """As FIX writes currencies (``XBT``, ``USD``)."""
    asset_decimals: int


@fast_init
@dataclass(frozen=True, slots=True)
class Echo:
    """Identifiers a report echoes from the request it answers."""

    client_order_id: str | None
    """ClOrdID (11): of the request this report answers (the order's latest otherwise)."""
    original_client_order_id: str | None = None
    """OrigClOrdID (41): the ClOrdID before a cancel or replace request."""
    allocation_account: str | None = None
    """AllocAccount (79), echoed with NoAllocs=1 when the order carried it."""


def execution_report(
    order: Order,
    exec_type: str,
    *,
    instrument: Instrument,
    symbol: str,
    exec_id: str,
    timestamp: int,
    echo: Echo,
    fill: Fill | None = None,
    text: str | None = None,
) -> Message:
    """The report of ``order`` (its state after the event) with ExecType ``exec_type``."""
    fields: list[tuple[int, str]] = [(Tag.MsgType, MsgType.ExecutionReport)]
    add = fields.append
    add((Tag.OrderID, order.order_id))
    if echo.client_order_id is not None:
        add((Tag.ClOrdID, echo.client_order_id))
    if echo.original_client_order_id is not None:
        add((Tag.OrigClOrdID, echo.original_client_order_id))
    add((Tag.ExecID, exec_id))
    if fill is not None:
        add((Tag.SecondaryExecID, str(fill.trade.trade_id)))
    add((Tag.ExecType, exec_type))
    add((Tag.OrdStatus, REPLACED_STATUS if exec_type == REPLACED else status_code(order)))
    add((Tag.Symbol, symbol))
    add((Tag.Side, SIDE_CODES[order.side]))
    fields += _order_terms(order, instrument)
    if fill is not None:
        fields += _fill_fields(fill, instrument)
    fields += _quantities(order, instrument)
    add((Tag.TransactTime, format_utc_timestamp(timestamp, 3)))
    if text:
        add((Tag.Text, text))
    if echo.allocation_account is not None:
        add((Tag.NoAllocs, "1"))
        add((Tag.AllocAccount, echo.allocation_account))
    return Message(fields)


def status_code(order: Order) -> str:
    """OrdStatus (39) of an order's current state."""
    return ORDER_STATUS_CODES[order.status]


def order_type_code(order: Order) -> str:
    """OrdType (40): after a trigger fired, the model the order now trades as (1 or 2)."""
    if order.triggered:
        return "2" if order.price is not None else "1"
    return ORDER_TYPE_CODES[order.order_type]


def _order_terms(order: Order, instrument: Instrument) -> list[tuple[int, str]]:
    fields = [
        (Tag.OrderQty, _order_quantity(order, instrument)),
        (Tag.OrdType, order_type_code(order)),
    ]
    if order.price is not None:
        fields.append((Tag.Price, instrument.format_price(order.price)))
    stop = _stop_price(order)
    if stop is not None:
        fields.append((Tag.StopPx, instrument.format_price(stop)))
    fields.append((Tag.TimeInForce, TIME_IN_FORCE_CODES[order.request.time_in_force]))
    if order.display_quantity is not None:
        fields.append((Tag.DisplayQty, instrument.format_quantity(order.display_quantity)))
    return fields


def _stop_price(order: Order) -> int | None:
    if order.trigger_price is not None:
        return order.trigger_price
    if order.order_type in (OrderType.TRAILING_STOP, OrderType.TRAILING_STOP_LIMIT):
        offset = order.trailing_offset
        return offset.amount if offset is not None else None
    return None


def _order_quantity(order: Order, instrument: Instrument) -> str:
    if order.sized_in_quote:
        decimals = instrument.price_decimals + instrument.quantity_decimals
        return _plain(Decimal(order.quantity).scaleb(-decimals))
    return instrument.format_quantity(order.quantity)


def _fill_fields(fill: Fill, instrument: Instrument) -> list[tuple[int, str]]:
    trade = fill.trade
    fee = _plain(Decimal(fill.fee).scaleb(-fill.asset_decimals))
    return [
        (Tag.LastQty, instrument.format_quantity(trade.quantity)),
        (Tag.LastPx, instrument.format_price(trade.price)),
        (Tag.NoMiscFees, "1"),
        (Tag.MiscFeeAmt, fee),
        (Tag.MiscFeeCurr, fill.fee_currency),
        (Tag.MiscFeeType, EXCHANGE_FEES),
    ]


def _quantities(order: Order, instrument: Instrument) -> list[tuple[int, str]]:
    leaves = 0
    if order.is_open and not order.sized_in_quote:
        leaves = order.quantity - order.filled
    return [
        (Tag.LeavesQty, instrument.format_quantity(leaves)),
        (Tag.CumQty, instrument.format_quantity(order.filled)),
        (Tag.AvgPx, average_price(order, instrument)),
    ]


def average_price(order: Order, instrument: Instrument) -> str:
    """AvgPx (6): cost / filled, in the quote currency; 0 before the first fill."""
    if order.filled == 0:
        return "0"
    decimals = instrument.price_decimals + AVERAGE_PRICE_EXTRA_DECIMALS
    average = (Decimal(order.cost) / Decimal(order.filled)).scaleb(-instrument.price_decimals)
    return _plain(average.quantize(Decimal(1).scaleb(-decimals)))


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros (``0.00260000`` → ``0.0026``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
