"""Trades, candles, ticker windows and spread history from literal trades and events."""

from __future__ import annotations

from fractions import Fraction

import pytest

from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import Event, OrderAccepted, OrderTriggered, TradeExecuted
from krakenbox.domain.orders import OrderType, Side
from krakenbox.venue.market_data import (
    Candle,
    CandleSeries,
    MarketDataRegistry,
    PublicTrade,
    RecentTrades,
    SpreadHistory,
    TradeStatistics,
    public_trades,
    round_price,
    whole_lots,
)

BUY, SELL = Side.BUY, Side.SELL
SECOND = 10**9
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
T0 = 1_700_000_000 * SECOND - (1_700_000_000 * SECOND) % DAY  # a midnight UTC


def trade(trade_id: int, price: int, quantity: int, time: int) -> PublicTrade:
    return PublicTrade(trade_id, price, quantity, BUY, False, time)


def test_public_trades_show_the_taker_order_type() -> None:
    def submit(order_type: OrderType) -> SubmitOrder:
        return SubmitOrder(account="a", side=BUY, order_type=order_type, quantity=1, timestamp=1)

    events: list[Event] = [
        OrderAccepted("M", submit(OrderType.MARKET), 1),
        TradeExecuted(7, "T7", 100, 1, BUY, "R", "M", "b", "a", 1),
        OrderTriggered("S", 99, 100, None, 1),
        TradeExecuted(8, "T8", 101, 2, SELL, "R", "S", "b", "a", 1),
        OrderAccepted("L", submit(OrderType.LIMIT), 1),
        TradeExecuted(9, "T9", 101, 1, BUY, "R", "L", "b", "a", 1),
        TradeExecuted(10, "T10", 101, 1, BUY, "R", "amended", "b", "a", 1),
    ]
    trades = public_trades(events)
    assert [(t.trade_id, t.taker_side, t.taker_is_market) for t in trades] == [
        (7, BUY, True),
        (8, SELL, True),
        (9, BUY, False),
        (10, BUY, False),
    ]


def test_recent_trades_are_bounded_and_since_does_not_split_a_timestamp() -> None:
    recent = RecentTrades(capacity=5)
    recent.extend(
        trade(number, 100, 1, time) for number, time in enumerate([1, 2, 2, 2, 3, 4, 5], 1)
    )
    assert len(recent) == 5
    assert [t.trade_id for t in recent.since(None)] == [3, 4, 5, 6, 7]
    assert [t.trade_id for t in recent.since(2)] == [5, 6, 7]
    # Two of the three trades at time 2 would fit: the group waits for the next call.
    assert [t.trade_id for t in recent.since(1, count=1)] == [3]
    assert [t.trade_id for t in recent.since(0, count=2)] == [3, 4]
    assert [t.trade_id for t in recent.since(0, count=3)] == [3, 4, 5]
    assert [t.trade_id for t in recent.since(2, count=2)] == [5, 6]
    assert [t.trade_id for t in recent.latest(2)] == [6, 7]


def test_candle_boundaries_and_exact_vwap() -> None:
    series = CandleSeries(5)
    series.add(trade(1, 100, 3, T0 + 4 * MINUTE + 59 * SECOND))
    series.add(trade(2, 103, 1, T0 + 4 * MINUTE))
    closing = series.add(trade(3, 98, 2, T0 + 4 * MINUTE + 1))
    assert closing == Candle(T0, 5, 100, 103, 98, 98, 6, 300 + 103 + 196, 3)
    assert closing.vwap == Fraction(599, 6) and round_price(closing.vwap) == 100
    opening = series.add(trade(4, 101, 1, T0 + 5 * MINUTE))
    assert opening.begin == T0 + 5 * MINUTE and opening.count == 1
    assert series.current(T0 + 9 * MINUTE) == opening
    flat = series.current(T0 + 10 * MINUTE)
    assert flat == Candle(T0 + 10 * MINUTE, 5, 101, 101, 101, 101, 0, 0, 0)
    assert flat is not None and flat.vwap == 101


def test_ohlc_fills_gaps_and_honours_since() -> None:
    series = CandleSeries(1)
    series.add(trade(1, 100, 1, T0))
    series.add(trade(2, 105, 1, T0 + 3 * MINUTE))
    rows = series.candles(now=T0 + 4 * MINUTE + 1)
    assert [(c.begin - T0) // MINUTE for c in rows] == [0, 1, 2, 3, 4]
    assert [(c.close, c.count) for c in rows] == [(100, 1), (100, 0), (100, 0), (105, 1), (105, 0)]
    assert [c.begin for c in series.candles(T0 + 4 * MINUTE, since=T0 + 2 * MINUTE)] == [
        T0 + 3 * MINUTE,
        T0 + 4 * MINUTE,
    ]
    assert series.last_committed(T0 + 4 * MINUTE) == T0 + 3 * MINUTE
    assert CandleSeries(1).candles(T0) == []
    with pytest.raises(ValueError, match="interval"):
        CandleSeries(2)


def test_candle_history_is_bounded() -> None:
    series = CandleSeries(1, capacity=10)
    for number in range(50):
        series.add(trade(number, 100 + number, 1, T0 + number * MINUTE))
    assert series.stored() == 11
    rows = series.candles(T0 + 49 * MINUTE)
    assert len(rows) == 11 and rows[-1].close == 149
    # A long quiet spell: at most 720 rows, flat at the last close.
    rows = series.candles(T0 + 5 * DAY)
    assert len(rows) == 720 and all(row.close == 149 and row.count == 0 for row in rows)


def test_ticker_today_and_rolling_24_hours() -> None:
    statistics = TradeStatistics()
    statistics.add(trade(1, 100, 2, T0 - 2 * HOUR))  # yesterday, inside 24 h until T0 + 22 h
    statistics.add(trade(2, 110, 1, T0 + HOUR))
    statistics.add(trade(3, 90, 1, T0 + 2 * HOUR))
    day = statistics.last_24_hours(T0 + 3 * HOUR)
    assert (day.volume, day.count, day.open, day.high, day.low) == (4, 3, 100, 110, 90)
    assert day.vwap == Fraction(400, 4)
    today = statistics.today(T0 + 3 * HOUR)
    assert (today.volume, today.count, today.open, today.high, today.low) == (2, 2, 110, 110, 90)
    assert today.vwap == 100
    # The first trade leaves the window in the minute 24 h after it.
    assert statistics.last_24_hours(T0 + 22 * HOUR - MINUTE).count == 3
    assert statistics.last_24_hours(T0 + 22 * HOUR).count == 2
    # A new day: today is empty and opens at the last price.
    assert statistics.today(T0 + DAY).count == 0
    assert statistics.today_open(T0 + DAY) == 90
    assert statistics.last_24_hours(T0 + 3 * DAY).volume == 0


def test_ticker_buckets_are_bounded_by_minutes_not_trades() -> None:
    statistics = TradeStatistics()
    for number in range(5000):
        statistics.add(trade(number, 100, 1, T0 + number * 20 * SECOND))
    assert statistics.buckets() <= 1440
    assert statistics.last_24_hours(T0 + 5000 * 20 * SECOND).count <= 1440 * 3


def test_instrument_ticker_and_registry() -> None:
    registry = MarketDataRegistry()
    views = registry.add("XBT/USD")
    with pytest.raises(ValueError, match="already"):
        registry.add("XBT/USD")
    registry.apply("XBT/USD", [TradeExecuted(1, "T1", 100, 3, SELL, "M", "K", "a", "b", T0)])
    ticker = views.ticker(T0 + MINUTE)
    assert (ticker.last_price, ticker.last_quantity, ticker.change) == (100, 3, 0)
    assert ticker.bid is None and ticker.today.count == 1 and ticker.today_open == 100
    assert [c.close for c in views.ohlc(1440)] == [100]
    assert list(registry) == ["XBT/USD"] and "XBT/USD" in registry and len(registry) == 1
    assert whole_lots(150_000_000, 8) == 1


def test_spread_history() -> None:
    spreads = SpreadHistory(capacity=2)
    assert spreads.record(1, None, None) is None
    assert spreads.record(2, 99, None) is not None
    assert spreads.record(3, 99, None) is None
    spreads.record(4, 99, 101)
    spreads.record(5, 98, 101)
    assert [(entry.timestamp, entry.bid, entry.ask) for entry in spreads.since()] == [
        (4, 99, 101),
        (5, 98, 101),
    ]
    assert [entry.timestamp for entry in spreads.since(4)] == [5]


def test_the_open_candle_is_always_the_last_row() -> None:
    series = CandleSeries(1)
    series.add(trade(1, 100, 1, T0))
    assert [c.begin for c in series.candles(T0 + 30 * SECOND, since=T0 + 40 * SECOND)] == [T0]
    assert [c.begin for c in series.candles(T0 + 2 * MINUTE, since=T0)] == [
        T0 + MINUTE,
        T0 + 2 * MINUTE,
    ]


def test_falling_prices_within_a_minute_keep_one_extreme_entry() -> None:
    statistics = TradeStatistics()
    for number in range(3000):
        statistics.add(trade(number, 10_000 - number, 1, T0 + number * 10**6))
    assert statistics.buckets() == 1
    window = statistics.last_24_hours(T0 + MINUTE - 1)
    assert (window.high, window.low, window.count) == (10_000, 7_001, 3000)
