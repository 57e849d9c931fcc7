"""OHLC candles for Kraken's intervals (REST OHLC, WS v2 ``ohlc``).

A candle covers ``[begin, begin + interval)``; ``begin`` is the trade time floored to the
interval counted from the Unix epoch (so weekly candles begin on Thursdays 00:00 UTC, the
epoch's weekday — Kraken does not say). Candles are built from trades only; an interval without
trades is not stored, and queries fill it with a flat candle at the previous close (volume 0,
count 0, vwap = close), so REST OHLC shows an unbroken series as Kraken's does. ``cost`` (Σ
price × lots) keeps the vwap exact: ``vwap`` is a :class:`~fractions.Fraction` of price units.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from krakenbox.venue.market_data.trades import PublicTrade

INTERVALS = (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)
"""Kraken's OHLC intervals, in minutes."""

MAXIMUM_CANDLES = 720
"""REST OHLC returns at most 720 candles; the history keeps as many."""

NANOSECONDS_PER_MINUTE = 60 * 10**9


@dataclass(frozen=True, slots=True)
class Candle:
    begin: int
    """Start of the interval, nanoseconds since the epoch (REST ``time`` in seconds, WS
    ``interval_begin``)."""
    interval: int
    """Minutes."""
    open: int
    high: int
    low: int
    close: int
    volume: int
    """Lots traded."""
    cost: int
    """Σ price × lots (price units × lots)."""
    count: int

    @property
    def end(self) -> int:
        return self.begin + self.interval * NANOSECONDS_PER_MINUTE

    @property
    def vwap(self) -> Fraction:
        """Exact volume-weighted average price in price units (the close when nothing traded);
        round it at the wire with :func:`round_price`."""
        if self.volume == 0:
            return Fraction(self.close)
        return Fraction(self.cost, self.volume)

    def with_trade(self, price: int, quantity: int) -> Candle:
        return Candle(
            self.begin,
            self.interval,
            self.open,
            max(self.high, price),
            min(self.low, price),
            price,
            self.volume + quantity,
            self.cost + price * quantity,
            self.count + 1,
        )

    @classmethod
    def first(cls, begin: int, interval: int, price: int, quantity: int) -> Candle:
        return cls(begin, interval, price, price, price, price, quantity, price * quantity, 1)

    @classmethod
    def flat(cls, begin: int, interval: int, close: int) -> Candle:
        return cls(begin, interval, close, close, close, close, 0, 0, 0)


def round_price(value: Fraction) -> int:
    """A rational price to whole price units, half to even (Python's ``round``)."""
    return round(value)


class CandleSeries:
    """One interval's candles: the running one and a bounded history of closed ones."""

    __slots__ = ("_closed", "_running", "interval", "span")

    def __init__(self, interval: int, capacity: int = MAXIMUM_CANDLES) -> None:
        if interval not in INTERVALS:
            raise ValueError(f"not a Kraken OHLC interval: {interval}")
        self.interval = interval
        self.span = interval * NANOSECONDS_PER_MINUTE
        self._closed: deque[Candle] = deque(maxlen=capacity)
        self._running: Candle | None = None

    def begin_of(self, timestamp: int) -> int:
        return timestamp - timestamp % self.span

    def add(self, trade: PublicTrade) -> Candle:
        """Count one trade; the candle it went into."""
        begin = self.begin_of(trade.timestamp)
        running = self._running
        if running is not None and begin <= running.begin:
            candle = running.with_trade(trade.price, trade.quantity)
        else:
            if running is not None:
                self._closed.append(running)
            candle = Candle.first(begin, self.interval, trade.price, trade.quantity)
        self._running = candle
        return candle

    def stored(self) -> int:
        """How many candles are held (closed plus running): bounded by ``capacity + 1``."""
        return len(self._closed) + (self._running is not None)

    def current(self, now: int) -> Candle | None:
        """The open candle at ``now`` (flat at the last close if nothing traded in it yet);
        None before the first trade."""
        running = self._running
        if running is None:
            return None
        begin = self.begin_of(now)
        if begin <= running.begin:
            return running
        return Candle.flat(begin, self.interval, running.close)

    def candles(self, now: int, since: int | None = None) -> list[Candle]:
        """REST OHLC: candles beginning after ``since`` (nanoseconds), oldest first, at most
        720, gaps filled flat; the last is the open candle at ``now``, always present once
        anything has traded."""
        running = self._running
        if running is None:
            return []
        now_begin = max(self.begin_of(now), running.begin)
        stored = {candle.begin: candle for candle in self._closed}
        stored[running.begin] = running
        oldest = self._closed[0].begin if self._closed else running.begin
        start = max(oldest, now_begin - (MAXIMUM_CANDLES - 1) * self.span)
        if since is not None:
            # The open candle is always the last row, whatever ``since`` says (REST OHLC).
            start = min(max(start, self.begin_of(since) + self.span), now_begin)
        close = self._close_before(start)
        result = []
        for begin in range(start, now_begin + self.span, self.span):
            candle = stored.get(begin)
            if candle is None:
                if close is None:
                    continue
                candle = Candle.flat(begin, self.interval, close)
            close = candle.close
            result.append(candle)
        return result

    def last_committed(self, now: int) -> int | None:
        """REST OHLC ``last``: the begin of the candle before the open one (nanoseconds)."""
        current = self.current(now)
        return None if current is None else current.begin - self.span

    def _close_before(self, begin: int) -> int | None:
        close = None
        for candle in self._closed:
            if candle.begin >= begin:
                break
            close = candle.close
        if self._running is not None and self._running.begin < begin:
            close = self._running.close
        return close
