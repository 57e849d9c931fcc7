"""Public channels as WebSocket v2 messages: book, level3, ticker, trade, ohlc, instrument
(spec/spot-ws-v2.md §4).

Inputs are integers in the instrument's units (the venue's read models, seen through the small
protocols below so this layer does not depend on the venue); every price and quantity is written
with the pair's exact decimals, which is what Kraken's book checksum is computed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Protocol

from krakenbox.domain.orders import Side
from krakenbox.kraken.trades import PublicTradeView
from krakenbox.kraken.websocket.wire import Number, decimal, timestamp, timestamp_nanos, units

if TYPE_CHECKING:
    from krakenbox.domain.assets import Asset
    from krakenbox.domain.catalogue import Catalogue
    from krakenbox.domain.instruments import Instrument, MarketStatus

SNAPSHOT: Final = "snapshot"
UPDATE: Final = "update"
TRADE_SNAPSHOT_SIZE: Final = 50
INSTRUMENT_WARNINGS: Final = ("tick_size is deprecated, use price_increment",)

Level = tuple[int, int]


def _price(instrument: Instrument, value: int) -> Number:
    return units(value, instrument.price_decimals)


def _quantity(instrument: Instrument, value: int) -> Number:
    return units(value, instrument.quantity_decimals)


# --- book ------------------------------------------------------------------------------------


def book_levels(instrument: Instrument, levels: Iterable[Level]) -> list[dict[str, Any]]:
    price_decimals, quantity_decimals = instrument.price_decimals, instrument.quantity_decimals
    return [
        {"price": units(price, price_decimals), "qty": units(quantity, quantity_decimals)}
        for price, quantity in levels
    ]


def book_message(
    kind: str,
    symbol: str,
    instrument: Instrument,
    bids: Iterable[Level],
    asks: Iterable[Level],
    checksum: int,
    time: int,
) -> dict[str, Any]:
    """A ``book`` snapshot or update: ``bids`` and ``asks`` best first (an update: the
    changed levels, quantity 0 for a level gone)."""
    return {
        "channel": "book",
        "type": kind,
        "data": [
            {
                "symbol": symbol,
                "bids": book_levels(instrument, bids),
                "asks": book_levels(instrument, asks),
                "checksum": checksum,
                "timestamp": timestamp(time),
            }
        ],
    }


# --- level3 ----------------------------------------------------------------------------------


class ShownOrder(Protocol):
    @property
    def order_id(self) -> str: ...
    @property
    def price(self) -> int: ...
    @property
    def quantity(self) -> int: ...
    @property
    def timestamp(self) -> int: ...


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One level3 update entry: ``event`` is ``add``, ``modify`` or ``delete``."""

    event: str
    side: Side
    order_id: str
    price: int
    quantity: int
    time: int


def _order_entry(instrument: Instrument, order: ShownOrder) -> dict[str, Any]:
    return {
        "order_id": order.order_id,
        "limit_price": _price(instrument, order.price),
        "order_qty": _quantity(instrument, order.quantity),
        "timestamp": timestamp(order.timestamp),
    }


def level3_snapshot(
    symbol: str,
    instrument: Instrument,
    bids: Sequence[tuple[int, Sequence[ShownOrder]]],
    asks: Sequence[tuple[int, Sequence[ShownOrder]]],
    checksum: int,
    time: int,
) -> dict[str, Any]:
    """Every order of the subscribed levels, best level first, queue order within a level."""
    return {
        "channel": "level3",
        "type": SNAPSHOT,
        "data": [
            {
                "symbol": symbol,
                "checksum": checksum,
                "timestamp": timestamp(time),
                "bids": [_order_entry(instrument, order) for _, level in bids for order in level],
                "asks": [_order_entry(instrument, order) for _, level in asks for order in level],
            }
        ],
    }


def level3_update(
    symbol: str, instrument: Instrument, events: Sequence[OrderEvent], checksum: int, time: int
) -> dict[str, Any]:
    sides: dict[Side, list[dict[str, Any]]] = {Side.BUY: [], Side.SELL: []}
    for event in events:
        sides[event.side].append(
            {
                "event": event.event,
                "order_id": event.order_id,
                "limit_price": _price(instrument, event.price),
                "order_qty": _quantity(instrument, event.quantity),
                "timestamp": timestamp(event.time),
            }
        )
    return {
        "channel": "level3",
        "type": UPDATE,
        "data": [
            {
                "symbol": symbol,
                "checksum": checksum,
                "timestamp": timestamp(time),
                "bids": sides[Side.BUY],
                "asks": sides[Side.SELL],
            }
        ],
    }


# --- ticker ----------------------------------------------------------------------------------


class WindowView(Protocol):
    @property
    def volume(self) -> int: ...
    @property
    def open(self) -> int | None: ...
    @property
    def high(self) -> int | None: ...
    @property
    def low(self) -> int | None: ...
    @property
    def vwap(self) -> Fraction | None: ...


class TickerView(Protocol):
    @property
    def bid(self) -> Level | None: ...
    @property
    def ask(self) -> Level | None: ...
    @property
    def last_price(self) -> int | None: ...
    @property
    def last_24_hours(self) -> WindowView: ...
    @property
    def change(self) -> int | None: ...


def ticker_message(
    kind: str, symbol: str, instrument: Instrument, ticker: TickerView, time: int
) -> dict[str, Any]:
    """``ticker``: best bid and ask, last price and the 24-hour statistics. Prices of an empty
    side or window are 0; ``change_pct`` has 2 decimals."""
    window = ticker.last_24_hours
    bid = ticker.bid or (0, 0)
    ask = ticker.ask or (0, 0)
    vwap = window.vwap
    change = ticker.change or 0
    opened = window.open
    percent = round(Fraction(change * 10_000, opened)) if opened else 0
    return {
        "channel": "ticker",
        "type": kind,
        "data": [
            {
                "symbol": symbol,
                "bid": _price(instrument, bid[0]),
                "bid_qty": _quantity(instrument, bid[1]),
                "ask": _price(instrument, ask[0]),
                "ask_qty": _quantity(instrument, ask[1]),
                "last": _price(instrument, ticker.last_price or 0),
                "volume": _quantity(instrument, window.volume),
                "vwap": _price(instrument, 0 if vwap is None else round(vwap)),
                "low": _price(instrument, window.low or 0),
                "high": _price(instrument, window.high or 0),
                "change": _price(instrument, change),
                "change_pct": units(percent, 2),
                "timestamp": timestamp(time),
            }
        ],
    }


# --- trade -----------------------------------------------------------------------------------


def trade_message(
    kind: str, symbol: str, instrument: Instrument, trades: Iterable[PublicTradeView]
) -> dict[str, Any]:
    return {
        "channel": "trade",
        "type": kind,
        "data": [
            {
                "symbol": symbol,
                "side": trade.taker_side.value,
                "price": _price(instrument, trade.price),
                "qty": _quantity(instrument, trade.quantity),
                "ord_type": "market" if trade.taker_is_market else "limit",
                "trade_id": trade.trade_id,
                "timestamp": timestamp(trade.timestamp),
            }
            for trade in trades
        ],
    }


# --- ohlc ------------------------------------------------------------------------------------


class CandleView(Protocol):
    @property
    def begin(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def interval(self) -> int: ...
    @property
    def open(self) -> int: ...
    @property
    def high(self) -> int: ...
    @property
    def low(self) -> int: ...
    @property
    def close(self) -> int: ...
    @property
    def volume(self) -> int: ...
    @property
    def count(self) -> int: ...
    @property
    def vwap(self) -> Fraction: ...


def ohlc_message(
    kind: str, symbol: str, instrument: Instrument, candles: Iterable[CandleView], time: int
) -> dict[str, Any]:
    """``ohlc``: each candle with its ``interval_begin`` (nanoseconds, the key clients use)
    and ``timestamp`` (its end, as in Kraken's examples)."""
    return {
        "channel": "ohlc",
        "type": kind,
        "timestamp": timestamp_nanos(time),
        "data": [
            {
                "symbol": symbol,
                "open": _price(instrument, candle.open),
                "high": _price(instrument, candle.high),
                "low": _price(instrument, candle.low),
                "close": _price(instrument, candle.close),
                "trades": candle.count,
                "volume": _quantity(instrument, candle.volume),
                "vwap": _price(instrument, round(candle.vwap)),
                "interval_begin": timestamp_nanos(candle.begin),
                "interval": candle.interval,
                "timestamp": timestamp(candle.end),
            }
            for candle in candles
        ],
    }


# --- instrument ------------------------------------------------------------------------------


def _asset_status(asset: Asset) -> str:
    """v2 spells asset statuses without underscores (``depositonly``)."""
    return asset.status.value.replace("_", "")


def asset_entry(asset: Asset) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": asset.code,
        "status": _asset_status(asset),
        "precision": asset.decimals,
        "precision_display": asset.display_decimals,
        "borrowable": asset.borrowable,
        "collateral_value": decimal(asset.collateral_value)
        if asset.collateral_value is not None
        else Number("0.0"),
    }
    if asset.margin_rate is not None:
        entry["margin_rate"] = decimal(asset.margin_rate)
    return entry


def pair_entry(
    symbol: str, instrument: Instrument, status: MarketStatus | None = None
) -> dict[str, Any]:
    margin = instrument.margin
    entry: dict[str, Any] = {
        "symbol": symbol,
        "base": instrument.base.code,
        "quote": instrument.quote.code,
        "status": (status or instrument.status).value,
        "qty_precision": instrument.quantity_decimals,
        "qty_increment": decimal(instrument.quantity_increment),
        "qty_min": decimal(instrument.minimum_quantity),
        "price_precision": instrument.price_decimals,
        "price_increment": decimal(instrument.tick_size),
        "tick_size": decimal(instrument.tick_size),
        "cost_precision": instrument.cost_decimals,
        "cost_min": decimal(instrument.minimum_cost),
        "marginable": margin.marginable,
        "has_index": instrument.has_index,
    }
    if margin.initial_margin is not None:
        entry["margin_initial"] = decimal(margin.initial_margin)
    if margin.long_position_limit is not None:
        entry["position_limit_long"] = margin.long_position_limit
    if margin.short_position_limit is not None:
        entry["position_limit_short"] = margin.short_position_limit
    return entry


def instrument_snapshot(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "channel": "instrument",
        "type": SNAPSHOT,
        "data": {
            "assets": [asset_entry(asset) for asset in catalogue.assets],
            "pairs": [
                pair_entry(instrument.symbol, instrument) for instrument in catalogue.instruments
            ],
        },
    }


def instrument_update(instrument: Instrument, status: MarketStatus) -> dict[str, Any]:
    """A pair's status changed."""
    return {
        "channel": "instrument",
        "type": UPDATE,
        "data": {"assets": [], "pairs": [pair_entry(instrument.symbol, instrument, status)]},
    }
