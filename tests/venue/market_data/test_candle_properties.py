"""Candles and the 24-hour window against sums computed directly from random trades."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from krakenbox.domain.orders import Side
from krakenbox.venue.market_data import INTERVALS, CandleSeries, PublicTrade, TradeStatistics

MINUTE = 60 * 10**9
START = 1_700_000_000 * 10**9

steps = st.lists(
    st.tuples(st.integers(0, 400 * MINUTE), st.integers(90, 110), st.integers(1, 9)),
    min_size=1,
    max_size=60,
)


def _trades(raw: list[tuple[int, int, int]]) -> list[PublicTrade]:
    trades, now = [], START
    for number, (step, price, quantity) in enumerate(raw, 1):
        now += step
        trades.append(PublicTrade(number, price, quantity, Side.BUY, False, now))
    return trades


@settings(max_examples=150, deadline=None)
@given(steps, st.sampled_from(INTERVALS[:6]))
def test_candles_equal_the_trades_grouped_by_interval(
    raw: list[tuple[int, int, int]], interval: int
) -> None:
    trades = _trades(raw)
    series = CandleSeries(interval)
    for trade in trades:
        series.add(trade)
    span = interval * MINUTE
    groups: dict[int, list[PublicTrade]] = {}
    for trade in trades:
        groups.setdefault(trade.timestamp - trade.timestamp % span, []).append(trade)
    now = trades[-1].timestamp
    rows = {candle.begin: candle for candle in series.candles(now)}
    for begin, group in groups.items():
        if begin not in rows:
            continue  # older than the 720 rows shown
        candle = rows[begin]
        prices = [trade.price for trade in group]
        assert (candle.open, candle.close) == (prices[0], prices[-1])
        assert (candle.high, candle.low) == (max(prices), min(prices))
        assert candle.count == len(group)
        volume = sum(trade.quantity for trade in group)
        assert candle.volume == volume
        assert candle.vwap == Fraction(sum(t.price * t.quantity for t in group), volume)
    assert series.candles(now)[-1].begin == now - now % span


@settings(max_examples=150, deadline=None)
@given(steps, st.integers(0, 30 * 60 * MINUTE))
def test_rolling_window_equals_the_trades_of_its_minutes(
    raw: list[tuple[int, int, int]], later: int
) -> None:
    trades = _trades(raw)
    statistics = TradeStatistics()
    for trade in trades:
        statistics.add(trade)
    now = trades[-1].timestamp + later
    cutoff = now - now % MINUTE - 1439 * MINUTE
    inside = [trade for trade in trades if trade.timestamp >= cutoff]
    window = statistics.last_24_hours(now)
    assert window.count == len(inside)
    assert window.volume == sum(trade.quantity for trade in inside)
    assert window.cost == sum(trade.price * trade.quantity for trade in inside)
    if inside:
        assert window.high == max(trade.price for trade in inside)
        assert window.low == min(trade.price for trade in inside)
        assert window.open == inside[0].price
    assert statistics.buckets() <= 1440
