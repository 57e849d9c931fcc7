"""Orders as REST shows them (spec/spot-rest.md §8.1, §9.1.3): the order object of
OpenOrders/ClosedOrders/QueryOrders and the ``descr.order`` text ccxt parses token by token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from krakenbox.core.units import format_units
from krakenbox.domain.assets import Asset
from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.instruments import Instrument
from krakenbox.domain.orders import (
    FeePreference,
    OffsetUnit,
    Order,
    OrderStatus,
    OrderType,
    PriceOffset,
    Side,
    TriggerReference,
)
from krakenbox.kraken.rest import numbers

_KINDS = {
    OrderType.MARKET: "market",
    OrderType.LIMIT: "limit",
    OrderType.STOP_LOSS: "stop loss",
    OrderType.STOP_LOSS_LIMIT: "stop loss",
    OrderType.TAKE_PROFIT: "take profit",
    OrderType.TAKE_PROFIT_LIMIT: "take profit",
    OrderType.TRAILING_STOP: "trailing stop",
    OrderType.TRAILING_STOP_LIMIT: "trailing stop",
}
_STATUS = {
    OrderStatus.NEW: "open",
    OrderStatus.PARTIALLY_FILLED: "open",
    OrderStatus.FILLED: "closed",
    OrderStatus.CANCELED: "canceled",
    OrderStatus.EXPIRED: "expired",
}


def offset_text(instrument: Instrument, offset: PriceOffset) -> str:
    """A relative price: ``+50.0`` or ``+1.0000%`` (sign always written)."""
    sign = "-" if offset.amount < 0 else "+"
    if offset.unit is OffsetUnit.PERCENT:
        return f"{sign}{format_units(abs(offset.amount), numbers.PERCENT_DECIMALS)}%"
    return f"{sign}{instrument.format_price(abs(offset.amount))}"


@dataclass(frozen=True, slots=True)
class Prices:
    """An order's primary and secondary price as REST writes them (``descr.price``/``price2``)."""

    primary: str | None
    secondary: str | None


def prices(
    instrument: Instrument,
    order_type: OrderType,
    price: int | None,
    trigger_price: int | None,
    trailing_offset: PriceOffset | None,
    limit_offset: PriceOffset | None,
) -> Prices:
    def fixed(units: int | None) -> str | None:
        return None if units is None else instrument.format_price(units)

    if order_type is OrderType.MARKET:
        return Prices(None, None)
    if order_type is OrderType.LIMIT:
        return Prices(fixed(price), None)
    if order_type.is_trailing:
        primary = None if trailing_offset is None else offset_text(instrument, trailing_offset)
        secondary = None
        if order_type is OrderType.TRAILING_STOP_LIMIT:
            secondary = (
                offset_text(instrument, limit_offset) if limit_offset is not None else fixed(price)
            )
        return Prices(primary, secondary)
    if order_type.has_limit_price:
        return Prices(fixed(trigger_price), fixed(price))
    return Prices(fixed(trigger_price), None)


def description(
    instrument: Instrument, side: Side, order_type: OrderType, volume: str, order_prices: Prices
) -> str:
    """``buy 0.50000000 XBTUSD @ limit 30000.0``, ``sell ... @ stop loss 24000.0 -> limit 23900.0``."""
    words = [side.value, volume, instrument.altname, "@", _KINDS[order_type]]
    if order_prices.primary is not None:
        words.append(order_prices.primary)
    if order_prices.secondary is not None:
        words.extend(("->", "limit", order_prices.secondary))
    return " ".join(words)


def request_volume(instrument: Instrument, request: SubmitOrder, quantity: int) -> str:
    """An order's volume: lots at lot decimals, or (viqc) a quote amount."""
    if request.quantity_in_quote:
        return format_units(quantity, instrument.notional_decimals)
    return instrument.format_quantity(quantity)


def submit_description(instrument: Instrument, request: SubmitOrder) -> str:
    """``descr.order`` for an order about to be placed (AddOrder's answer)."""
    order_prices = prices(
        instrument,
        request.order_type,
        request.price,
        request.trigger_price,
        request.trailing_offset,
        request.limit_offset,
    )
    volume = request_volume(instrument, request, request.quantity)
    return description(instrument, request.side, request.order_type, volume, order_prices)


def order_description(instrument: Instrument, order: Order) -> str:
    order_prices = _order_prices(instrument, order)
    volume = request_volume(instrument, order.request, order.quantity)
    return description(instrument, order.side, order.order_type, volume, order_prices)


def _order_prices(instrument: Instrument, order: Order) -> Prices:
    request = order.request
    price = order.price if not order.order_type.is_trailing else request.price
    return prices(
        instrument,
        order.order_type,
        price,
        order.trigger_price if not order.triggered else request.trigger_price,
        order.trailing_offset,
        request.limit_offset,
    )


def order_flags(order: Order) -> str:
    request = order.request
    flags = []
    if request.post_only:
        flags.append("post")
    preference = request.fee_preference
    if preference is None:
        preference = FeePreference.QUOTE if order.side is Side.BUY else FeePreference.BASE
    flags.append(preference.value)
    if not request.market_price_protection:
        flags.append("nompp")
    if request.quantity_in_quote:
        flags.append("viqc")
    return ",".join(flags)


@dataclass(frozen=True, slots=True)
class Execution:
    """What an order's fills add up to in the account's trade history: the fee (in the fee
    asset's ledger units) and the trade ids."""

    fee: int
    fee_asset: Asset | None
    trade_ids: Sequence[str]


def order_object(
    instrument: Instrument,
    order: Order,
    execution: Execution,
    *,
    with_trades: bool,
    close_reason: str | None,
) -> dict[str, Any]:
    """The order object of OpenOrders, ClosedOrders and QueryOrders."""
    request = order.request
    origin = request.origin
    order_prices = _order_prices(instrument, order)
    zero_price = instrument.format_price(0)
    result: dict[str, Any] = {
        "refid": None,
        "userref": origin.user_reference,
        "status": _STATUS[order.status],
        "opentm": numbers.seconds(order.accepted_at),
        "starttm": 0,
        "expiretm": 0 if request.expire_time is None else numbers.seconds(request.expire_time),
        "descr": {
            "pair": instrument.altname,
            "type": order.side.value,
            "ordertype": "iceberg"
            if order.display_quantity is not None
            else order.order_type.value,
            "price": order_prices.primary or zero_price,
            "price2": order_prices.secondary or "0",
            "leverage": "none",
            "order": order_description(instrument, order),
            "close": "",
        },
        "vol": request_volume(instrument, request, order.quantity),
        "vol_exec": instrument.format_quantity(order.filled),
        "cost": numbers.cost(instrument, order.cost),
        "fee": execution.fee_asset.format(execution.fee)
        if execution.fee_asset is not None
        else instrument.quote.format(0),
        "price": numbers.average_price(instrument, order.cost, order.filled),
        "stopprice": zero_price
        if order.trigger_price is None
        else instrument.format_price(order.trigger_price),
        "limitprice": zero_price
        if not (order.order_type.is_conditional and order.price is not None)
        else instrument.format_price(order.price),
        "misc": "",
        "oflags": order_flags(order),
    }
    if order.client_order_id is not None:
        result["cl_ord_id"] = order.client_order_id
    if order.order_type.is_conditional:
        result["trigger"] = (
            "index" if request.trigger_reference is TriggerReference.INDEX else "last"
        )
    if not order.is_open:
        result["closetm"] = numbers.seconds(order.updated_at)
        result["reason"] = close_reason
    if with_trades:
        result["trades"] = list(execution.trade_ids)
    return result
