"""Ticker statistics: today (since 00:00 UTC) and the last 24 hours, from trades.

The 24-hour window is bucketed by minute: it holds one 1-minute :class:`Candle` per minute that
had trades, and the window is the current minute plus the 1439 before it. Memory is bounded
(at most 1440 buckets whatever the trade rate) and volume, count and vwap are exact over the
window; only the window's edge moves in whole minutes rather than per nanosecond (a trade leaves
the window between 23h59m and 24h after it happened). Volume, cost and count are kept as
running sums; high and low come from monotonic queues (O(1) amortized per trade and query),
the open from the oldest bucket.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from krakenbox.venue.market_data.candles import NANOSECONDS_PER_MINUTE, Candle

if TYPE_CHECKING:
    from krakenbox.venue.market_data.trades import PublicTrade

MINUTES_PER_DAY = 1440
NANOSECONDS_PER_DAY = MINUTES_PER_DAY * NANOSECONDS_PER_MINUTE


@dataclass(frozen=True, slots=True)
class WindowStatistics:
    """Trades over a window. Prices are None when nothing traded in it."""

    volume: int
    cost: int
    count: int
    open: int | None
    high: int | None
    low: int | None

    @property
    def vwap(self) -> Fraction | None:
        return None if self.volume == 0 else Fraction(self.cost, self.volume)


EMPTY = WindowStatistics(0, 0, 0, None, None, None)


class TradeStatistics:
    """Today's and the last 24 hours' statistics of one instrument."""

    __slots__ = ("_cost", "_count", "_highs", "_lows", "_minutes", "_today", "_volume", "last")

    def __init__(self) -> None:
        self._minutes: deque[Candle] = deque()
        # Monotonic queues of (minute, price): highs falling, lows rising from the front, so the
        # window's high and low are at the front (O(1) amortized per trade and per query).
        self._highs: deque[tuple[int, int]] = deque()
        self._lows: deque[tuple[int, int]] = deque()
        self._volume = 0
        self._cost = 0
        self._count = 0
        self._today: Candle | None = None
        self.last: PublicTrade | None = None

    def add(self, trade: PublicTrade) -> None:
        price, quantity = trade.price, trade.quantity
        minute = trade.timestamp - trade.timestamp % NANOSECONDS_PER_MINUTE
        minutes = self._minutes
        if minutes and minutes[-1].begin >= minute:
            minutes[-1] = minutes[-1].with_trade(price, quantity)
        else:
            minutes.append(Candle.first(minute, 1, price, quantity))
        # At most one entry per minute (a minute's own extreme), so at most 1440 each.
        highs, lows = self._highs, self._lows
        while highs and highs[-1][1] <= price:
            highs.pop()
        if not highs or highs[-1][0] != minute:
            highs.append((minute, price))
        while lows and lows[-1][1] >= price:
            lows.pop()
        if not lows or lows[-1][0] != minute:
            lows.append((minute, price))
        self._volume += quantity
        self._cost += price * quantity
        self._count += 1
        day = trade.timestamp - trade.timestamp % NANOSECONDS_PER_DAY
        today = self._today
        if today is not None and today.begin >= day:
            self._today = today.with_trade(price, quantity)
        else:
            self._today = Candle.first(day, MINUTES_PER_DAY, price, quantity)
        self.last = trade
        self.advance(trade.timestamp)

    def advance(self, now: int) -> None:
        """Drop the minutes that left the 24-hour window at ``now``."""
        cutoff = now - now % NANOSECONDS_PER_MINUTE - (MINUTES_PER_DAY - 1) * NANOSECONDS_PER_MINUTE
        minutes = self._minutes
        while minutes and minutes[0].begin < cutoff:
            gone = minutes.popleft()
            self._volume -= gone.volume
            self._cost -= gone.cost
            self._count -= gone.count
        for extremes in (self._highs, self._lows):
            while extremes and extremes[0][0] < cutoff:
                extremes.popleft()

    def buckets(self) -> int:
        """Entries held (minute buckets and the high/low queues' largest): at most 1440."""
        return max(len(self._minutes), len(self._highs), len(self._lows))

    def last_24_hours(self, now: int) -> WindowStatistics:
        self.advance(now)
        minutes = self._minutes
        if not minutes:
            return EMPTY
        return WindowStatistics(
            self._volume,
            self._cost,
            self._count,
            minutes[0].open,
            self._highs[0][1],
            self._lows[0][1],
        )

    def today(self, now: int) -> WindowStatistics:
        today = self._today
        if today is None or today.begin < now - now % NANOSECONDS_PER_DAY:
            return EMPTY
        return WindowStatistics(
            today.volume, today.cost, today.count, today.open, today.high, today.low
        )

    def today_open(self, now: int) -> int | None:
        """REST Ticker ``o``: the first trade price of today (UTC), or, before today's first
        trade, the last price (the day opens where the last one closed)."""
        opened = self.today(now).open
        if opened is not None:
            return opened
        return None if self.last is None else self.last.price


@dataclass(frozen=True, slots=True)
class Ticker:
    """REST Ticker / WS v2 ``ticker``. ``bid``/``ask`` are ``(price, lots)`` of the best level
    (REST's whole-lot volume is :func:`whole_lots` of the lots); ``change`` is last − the 24-hour
    open (WS ``change``; ``change_pct`` = change / open × 100 at the edge)."""

    bid: tuple[int, int] | None
    ask: tuple[int, int] | None
    last_price: int | None
    last_quantity: int | None
    today: WindowStatistics
    last_24_hours: WindowStatistics
    today_open: int | None
    timestamp: int

    @property
    def change(self) -> int | None:
        opened = self.last_24_hours.open
        if opened is None or self.last_price is None:
            return None
        return self.last_price - opened


def whole_lots(quantity: int, quantity_decimals: int) -> int:
    """REST Ticker's whole-lot volume: the quantity in whole base units, truncated."""
    divisor: int = 10**quantity_decimals
    return quantity // divisor
