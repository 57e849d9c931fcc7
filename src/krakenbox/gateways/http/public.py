"""Public market data (spec/spot-rest.md §7): Time, SystemStatus, Assets, AssetPairs, Ticker,
Depth, Trades, OHLC, Spread. Read from the venue's market-data views; numbers at the pair's
decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.domain.orders import Side
from krakenbox.kraken.rest import numbers
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.symbols import UnknownAsset, UnknownPair
from krakenbox.venue.market_data import INTERVALS, whole_lots

if TYPE_CHECKING:
    from krakenbox.domain.assets import Asset
    from krakenbox.domain.fee_schedule import FeeTier
    from krakenbox.domain.instruments import Instrument
    from krakenbox.gateways.http.calls import Call, Handler
    from krakenbox.venue.market_data import InstrumentMarketData, WindowStatistics

DEPTH_DEFAULT: Final = 100
DEPTH_MAXIMUM: Final = 500
TRADES_MAXIMUM: Final = 1000
SECONDS_DIGITS: Final = 10
"""A ``since`` of at most this many digits is Unix seconds; longer is a nanosecond id."""


async def server_time(call: Call) -> Any:
    return {"unixtime": numbers.whole_seconds(call.now_ns), "rfc1123": numbers.rfc1123(call.now_ns)}


async def system_status(call: Call) -> Any:
    return {"status": "online", "timestamp": numbers.rfc3339(call.now_ns)}


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def asset_object(asset: Asset) -> dict[str, Any]:
    result: dict[str, Any] = {
        "aclass": asset.asset_class.value,
        "altname": asset.altname,
        "decimals": asset.decimals,
        "display_decimals": asset.display_decimals,
    }
    if asset.collateral_value is not None:
        result["collateral_value"] = _decimal_text(asset.collateral_value)
    result["status"] = asset.status.value
    return result


async def assets(call: Call) -> Any:
    translator = call.context.translator
    requested = call.parameters.text("asset")
    try:
        chosen = (
            translator.rest_assets(requested)
            if requested is not None
            else list(translator.catalogue.assets)
        )
    except UnknownAsset as error:
        raise RestError(error.reply) from None
    return {asset.id: asset_object(asset) for asset in chosen}


def requested_pairs(call: Call, *, required: bool = False) -> list[tuple[str, Instrument]]:
    """``pair=``: each pair asked for with the key its result goes under (all when absent)."""
    translator = call.context.translator
    text = call.parameters.text("pair")
    if text is None:
        if required:
            raise invalid_arguments("pair")
        return [(instrument.key, instrument) for instrument in translator.catalogue]
    try:
        pairs = translator.rest_pairs(text)
    except UnknownPair as error:
        raise RestError(error.reply) from None
    return [
        (translator.rest_result_key(token, instrument), instrument) for token, instrument in pairs
    ]


def one_pair(call: Call) -> tuple[str, Instrument]:
    pairs = requested_pairs(call, required=True)
    if len(pairs) != 1:
        raise invalid_arguments("pair")
    return pairs[0]


def _fee_rows(tiers: tuple[FeeTier, ...]) -> list[list[Any]]:
    # Kraken writes these as JSON numbers: [[0, 0.4], [10000, 0.35]].
    return [[int(tier.volume), float(tier.percent)] for tier in tiers]


def pair_object(instrument: Instrument, info: str) -> dict[str, Any]:
    margin = instrument.margin
    fees = {
        "fees": _fee_rows(instrument.fees.taker),
        "fees_maker": _fee_rows(instrument.fees.maker),
        "fee_volume_currency": instrument.fees.volume_currency,
    }
    if info == "leverage":
        return {
            "leverage_buy": list(margin.leverage_buy),
            "leverage_sell": list(margin.leverage_sell),
        }
    if info == "fees":
        return fees
    if info == "margin":
        return {"margin_call": margin.margin_call, "margin_stop": margin.margin_stop}
    result: dict[str, Any] = {
        "altname": instrument.altname,
        "wsname": instrument.wsname,
        "aclass_base": instrument.base.asset_class.value,
        "base": instrument.base.id,
        "aclass_quote": instrument.quote.asset_class.value,
        "quote": instrument.quote.id,
        "lot": "unit",
        "cost_decimals": instrument.cost_decimals,
        "pair_decimals": instrument.price_decimals,
        "lot_decimals": instrument.quantity_decimals,
        "lot_multiplier": instrument.lot_multiplier,
        "leverage_buy": list(margin.leverage_buy),
        "leverage_sell": list(margin.leverage_sell),
        **fees,
        "margin_call": margin.margin_call,
        "margin_stop": margin.margin_stop,
        "ordermin": _decimal_text(instrument.minimum_quantity),
        "costmin": _decimal_text(instrument.minimum_cost),
        "tick_size": _decimal_text(instrument.tick_size),
        "status": instrument.status.value,
    }
    if margin.long_position_limit is not None:
        result["long_position_limit"] = margin.long_position_limit
    if margin.short_position_limit is not None:
        result["short_position_limit"] = margin.short_position_limit
    return result


async def asset_pairs(call: Call) -> Any:
    info = call.parameters.text("info", "info")
    if info not in ("info", "leverage", "fees", "margin"):
        raise invalid_arguments("info")
    assert info is not None
    return {key: pair_object(instrument, info) for key, instrument in requested_pairs(call)}


def _views(call: Call, instrument: Instrument) -> InstrumentMarketData:
    return call.context.venue.market_data[instrument.key]


def _now(call: Call, views: InstrumentMarketData) -> int:
    return max(call.now_ns, views.time)


def _pair_of_stats(
    instrument: Instrument, today: WindowStatistics, day: WindowStatistics
) -> dict[str, list[Any]]:
    def price_or_zero(units: int | None) -> str:
        return instrument.format_price(0 if units is None else units)

    def vwap(window: WindowStatistics) -> str:
        value = window.vwap
        return (
            instrument.format_price(0)
            if value is None
            else numbers.fraction_price(instrument, value)
        )

    return {
        "v": [instrument.format_quantity(today.volume), instrument.format_quantity(day.volume)],
        "p": [vwap(today), vwap(day)],
        "t": [today.count, day.count],
        "l": [price_or_zero(today.low), price_or_zero(day.low)],
        "h": [price_or_zero(today.high), price_or_zero(day.high)],
    }


def ticker_object(instrument: Instrument, views: InstrumentMarketData, now: int) -> dict[str, Any]:
    ticker = views.ticker(now)

    def best(level: tuple[int, int] | None) -> list[str]:
        price, lots = level if level is not None else (0, 0)
        return [
            instrument.format_price(price),
            str(whole_lots(lots, instrument.quantity_decimals)),
            instrument.format_quantity(lots),
        ]

    last_price = ticker.last_price if ticker.last_price is not None else 0
    last_quantity = ticker.last_quantity if ticker.last_quantity is not None else 0
    return {
        "a": best(ticker.ask),
        "b": best(ticker.bid),
        "c": [instrument.format_price(last_price), instrument.format_quantity(last_quantity)],
        **_pair_of_stats(instrument, ticker.today, ticker.last_24_hours),
        "o": instrument.format_price(ticker.today_open or 0),
    }


async def ticker(call: Call) -> Any:
    result = {}
    for key, instrument in requested_pairs(call):
        views = _views(call, instrument)
        result[key] = ticker_object(instrument, views, _now(call, views))
    return result


async def depth(call: Call) -> Any:
    key, instrument = one_pair(call)
    count = call.parameters.integer("count", DEPTH_DEFAULT)
    assert count is not None
    if count < 0:
        raise invalid_arguments("count")
    levels = min(count, DEPTH_MAXIMUM) if count > 0 else DEPTH_MAXIMUM
    book = _views(call, instrument).book

    def rows(side: Side) -> list[list[Any]]:
        return [
            [
                instrument.format_price(price),
                instrument.format_quantity(lots),
                numbers.whole_seconds(time),
            ]
            for price, lots, time in book.levels_with_time(side, levels)
        ]

    return {key: {"asks": rows(Side.SELL), "bids": rows(Side.BUY)}}


def since_ns(call: Call) -> int | None:
    """``since``: Unix seconds (at most 10 digits) or a nanosecond id (Trades' ``last``)."""
    text = call.parameters.text("since")
    if text is None:
        return None
    body = text.strip()
    if not body.isascii() or not body.isdigit():
        raise invalid_arguments("since")
    value = int(body)
    return value * NANOS_PER_SECOND if len(body) <= SECONDS_DIGITS else value


def trades_since_ns(call: Call) -> int | None:
    """``Trades`` ``since``: seconds take that whole second in (ccxt floors its millisecond
    ``since`` to seconds and wants the trades from it on); a nanosecond id (``last``) is
    exclusive."""
    since = since_ns(call)
    text = call.parameters.text("since") or ""
    if since is not None and len(text.strip()) <= SECONDS_DIGITS:
        return since - 1
    return since


async def trades(call: Call) -> Any:
    key, instrument = one_pair(call)
    since = trades_since_ns(call)
    count = call.parameters.integer("count", TRADES_MAXIMUM)
    assert count is not None
    if count < 1:
        raise invalid_arguments("count")
    chosen = _views(call, instrument).trades.since(since, min(count, TRADES_MAXIMUM))
    rows = [
        [
            instrument.format_price(trade.price),
            instrument.format_quantity(trade.quantity),
            numbers.seconds(trade.timestamp),
            "b" if trade.taker_side is Side.BUY else "s",
            "m" if trade.taker_is_market else "l",
            trade.misc,
            trade.trade_id,
        ]
        for trade in chosen
    ]
    last = chosen[-1].timestamp if chosen else max(0, since_ns(call) or 0)
    return {key: rows, "last": str(last)}


async def ohlc(call: Call) -> Any:
    key, instrument = one_pair(call)
    interval = call.parameters.integer("interval", 1)
    if interval not in INTERVALS:
        raise invalid_arguments("interval")
    assert interval is not None
    views = _views(call, instrument)
    now = _now(call, views)
    candles = views.ohlc(interval, since_ns(call), now)
    rows = [
        [
            numbers.whole_seconds(candle.begin),
            instrument.format_price(candle.open),
            instrument.format_price(candle.high),
            instrument.format_price(candle.low),
            instrument.format_price(candle.close),
            numbers.fraction_price(instrument, candle.vwap),
            instrument.format_quantity(candle.volume),
            candle.count,
        ]
        for candle in candles
    ]
    series = views.candles[interval]
    committed = series.last_committed(now)
    if committed is None:
        committed = series.begin_of(now) - series.span
    return {key: rows, "last": numbers.whole_seconds(committed)}


async def spread(call: Call) -> Any:
    key, instrument = one_pair(call)
    since = since_ns(call)
    entries = _views(call, instrument).spreads.since(since)
    rows = [
        [
            numbers.whole_seconds(entry.timestamp),
            instrument.format_price(entry.bid or 0),
            instrument.format_price(entry.ask or 0),
        ]
        for entry in entries
    ]
    last = entries[-1].timestamp if entries else (since or 0)
    return {key: rows, "last": numbers.whole_seconds(last)}


PUBLIC_METHODS: Final[dict[str, Handler]] = {
    "Time": server_time,
    "SystemStatus": system_status,
    "Assets": assets,
    "AssetPairs": asset_pairs,
    "Ticker": ticker,
    "Depth": depth,
    "Trades": trades,
    "OHLC": ohlc,
    "Spread": spread,
}
