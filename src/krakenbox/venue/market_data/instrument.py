"""All market-data views of one instrument, fed with each command's events.

:meth:`InstrumentMarketData.apply` is the only thing that changes the views; it returns a
:class:`MarketDataUpdate` holding everything the feeds publish for that command (L2 and L3
deltas, public trades, the candles the trades touched, whether the best prices moved), so FIX,
REST and WebSocket render one computation. Time is the events' timestamps; queries take
``now`` (default: the last event's time) and never read a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from krakenbox.domain.events import BookChanged
from krakenbox.domain.orders import Side
from krakenbox.domain.records import fast_init
from krakenbox.venue.market_data.candles import INTERVALS, MAXIMUM_CANDLES, Candle, CandleSeries
from krakenbox.venue.market_data.levels import LevelBook, LevelChange
from krakenbox.venue.market_data.orders import OrderBookView, OrderChange
from krakenbox.venue.market_data.spread import SPREAD_CAPACITY, SpreadEntry, SpreadHistory
from krakenbox.venue.market_data.ticker import Ticker, TradeStatistics
from krakenbox.venue.market_data.trades import (
    DEFAULT_TRADE_CAPACITY,
    PublicTrade,
    RecentTrades,
    public_trades,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from krakenbox.domain.events import Event


@fast_init
@dataclass(frozen=True, slots=True)
class MarketDataUpdate:
    """What one command changed in the public views of one instrument."""

    symbol: str
    timestamp: int
    levels: tuple[LevelChange, ...]
    orders: tuple[OrderChange, ...]
    trades: tuple[PublicTrade, ...]
    candles: tuple[Candle, ...]
    """The running candle of each interval after the trades (empty without trades)."""
    spread: SpreadEntry | None
    """Set when the best bid or ask price moved (WS ticker ``event_trigger: bbo``)."""
    best_changed: bool
    """The best price or its size moved (WS ``ticker`` with ``bbo``; FIX top of book)."""

    @property
    def is_empty(self) -> bool:
        return not (self.levels or self.orders or self.trades)


class InstrumentMarketData:
    """Book (L2, L3), trades, candles, ticker and spread of one instrument."""

    __slots__ = ("book", "candles", "orders", "spreads", "statistics", "symbol", "time", "trades")

    def __init__(
        self,
        symbol: str,
        *,
        trade_capacity: int = DEFAULT_TRADE_CAPACITY,
        candle_capacity: int = MAXIMUM_CANDLES,
        spread_capacity: int = SPREAD_CAPACITY,
    ) -> None:
        self.symbol = symbol
        self.book = LevelBook()
        self.orders = OrderBookView()
        self.trades = RecentTrades(trade_capacity)
        self.candles = {interval: CandleSeries(interval, candle_capacity) for interval in INTERVALS}
        self.statistics = TradeStatistics()
        self.spreads = SpreadHistory(spread_capacity)
        self.time = 0
        """The last event's timestamp (nanoseconds)."""

    def apply(self, events: Sequence[Event]) -> MarketDataUpdate:
        """Feed one command's events (as ``SpotBook.handle`` returned them)."""
        book = self.book
        levels: list[LevelChange] = []
        best_before = best_after = None
        for event in events:
            if type(event) is BookChanged:
                if best_before is None:
                    best_before = (book.best(Side.BUY), book.best(Side.SELL))
                levels.extend(book.apply(event))
        if events:
            # One command's events share its timestamp; max() guards a hand-made list.
            self.time = max(self.time, events[0].timestamp, events[-1].timestamp)
        order_changes = self.orders.apply(events)
        trades = public_trades(events)
        touched: tuple[Candle, ...] = ()
        if trades:
            self.trades.extend(trades)
            running: dict[int, Candle] = {}
            for trade in trades:
                self.statistics.add(trade)
                for interval, series in self.candles.items():
                    running[interval] = series.add(trade)
            touched = tuple(running.values())
        spread = None
        if best_before is not None:
            best_after = (book.best(Side.BUY), book.best(Side.SELL))
            bid, ask = best_after
            spread = self.spreads.record(
                self.time, None if bid is None else bid[0], None if ask is None else ask[0]
            )
        return MarketDataUpdate(
            self.symbol,
            self.time,
            tuple(levels),
            tuple(order_changes),
            tuple(trades),
            touched,
            spread,
            best_after != best_before,
        )

    def ticker(self, now: int | None = None) -> Ticker:
        at = self.time if now is None else now
        last = self.statistics.last
        return Ticker(
            self.book.best(Side.BUY),
            self.book.best(Side.SELL),
            None if last is None else last.price,
            None if last is None else last.quantity,
            self.statistics.today(at),
            self.statistics.last_24_hours(at),
            self.statistics.today_open(at),
            at,
        )

    def ohlc(self, interval: int, since: int | None = None, now: int | None = None) -> list[Candle]:
        """REST OHLC rows (``since`` and ``now`` in nanoseconds); see :class:`CandleSeries`."""
        return self.candles[interval].candles(self.time if now is None else now, since)
