"""Public channel feeds: one per (connection, channel, symbol), fed with every published
:class:`~krakenbox.venue.market_data.MarketDataUpdate` of its pair.

Each feed answers :meth:`snapshot` when subscribed and :meth:`update` per command (None when
the command changed nothing it shows). Book feeds keep a :class:`DepthWindow` at their depth:
levels that left the top N only because better ones arrived are not sent (clients truncate),
levels that became visible because a top-N level went are; the checksum covers the server's
top 10 after the command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from krakenbox.domain.orders import Side
from krakenbox.kraken.checksums import book_checksum, orders_checksum
from krakenbox.kraken.websocket import market
from krakenbox.kraken.websocket.market import SNAPSHOT, TRADE_SNAPSHOT_SIZE, UPDATE, OrderEvent
from krakenbox.venue.market_data import DepthWindow, OrderAction, OrderDepthWindow

if TYPE_CHECKING:
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.kraken.websocket.subscriptions import SymbolSubscription
    from krakenbox.venue.market_data import (
        InstrumentMarketData,
        MarketDataUpdate,
        OrderChange,
    )


class Checksums:
    """The book's L2 and L3 checksums after one command, computed at most once each."""

    __slots__ = ("_book", "_orders", "views")

    def __init__(self, views: InstrumentMarketData) -> None:
        self.views = views
        self._book: int | None = None
        self._orders: int | None = None

    @property
    def book(self) -> int:
        if self._book is None:
            top = self.views.book.checksum_levels()
            self._book = book_checksum(top.asks, top.bids)
        return self._book

    @property
    def orders(self) -> int:
        if self._orders is None:
            asks, bids = self.views.orders.checksum_levels()
            self._orders = orders_checksum(
                [(price, [order.quantity for order in level]) for price, level in asks],
                [(price, [order.quantity for order in level]) for price, level in bids],
            )
        return self._orders


class Windows:
    """Depth windows shared by every feed of one pair at one depth. A window is in step with
    the book after each command (every command that changes the book updates it once), so all
    its subscribers are sent the same update — rendered and encoded once (:class:`~.hub.Hub`);
    a feed that joins re-synchronises it with a snapshot."""

    __slots__ = ("_levels", "_orders")

    def __init__(self) -> None:
        self._levels: dict[tuple[str, int], DepthWindow] = {}
        self._orders: dict[tuple[str, int], OrderDepthWindow] = {}

    def levels(self, views: InstrumentMarketData, depth: int) -> DepthWindow:
        window = self._levels.get((views.symbol, depth))
        if window is None:
            window = self._levels[views.symbol, depth] = DepthWindow(views.book, depth)
        window.snapshot()
        return window

    def orders(self, views: InstrumentMarketData, depth: int) -> OrderDepthWindow:
        window = self._orders.get((views.symbol, depth))
        if window is None:
            window = self._orders[views.symbol, depth] = OrderDepthWindow(views.orders, depth)
        window.snapshot()
        return window


class Feed:
    """What every public feed has. Feeds with equal :attr:`share_key` send the same update."""

    __slots__ = ("connection", "share_key", "subscription", "views")

    def __init__(
        self,
        connection: Connection,
        subscription: SymbolSubscription,
        views: InstrumentMarketData,
        windows: Windows,
    ) -> None:
        self.connection = connection
        self.subscription = subscription
        self.views = views
        self.share_key = (
            subscription.channel,
            subscription.depth,
            subscription.interval,
            subscription.event_trigger,
        )

    def snapshot(self, now: int) -> dict[str, Any] | None:
        raise NotImplementedError

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        raise NotImplementedError


class BookFeed(Feed):
    __slots__ = ("window",)

    def __init__(
        self,
        connection: Connection,
        subscription: SymbolSubscription,
        views: InstrumentMarketData,
        windows: Windows,
    ) -> None:
        super().__init__(connection, subscription, views, windows)
        self.window = windows.levels(views, subscription.depth or 10)

    def snapshot(self, now: int) -> dict[str, Any]:
        shown = self.window.snapshot()
        top = self.views.book.checksum_levels()
        subscription = self.subscription
        return market.book_message(
            SNAPSHOT,
            subscription.symbol,
            subscription.instrument,
            shown.bids,
            shown.asks,
            book_checksum(top.asks, top.bids),
            self.views.book.timestamp or now,
        )

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        if not update.levels:
            return None
        bids: list[tuple[int, int]] = []
        asks: list[tuple[int, int]] = []
        for change in self.window.update():
            if change.out_of_range:
                continue  # clients drop what falls below their depth themselves
            (bids if change.side is Side.BUY else asks).append((change.price, change.quantity))
        if not (bids or asks):
            return None
        subscription = self.subscription
        return market.book_message(
            UPDATE,
            subscription.symbol,
            subscription.instrument,
            bids,
            asks,
            checksums.book,
            update.timestamp,
        )


class Level3Feed(Feed):
    __slots__ = ("window",)

    def __init__(
        self,
        connection: Connection,
        subscription: SymbolSubscription,
        views: InstrumentMarketData,
        windows: Windows,
    ) -> None:
        super().__init__(connection, subscription, views, windows)
        self.window = windows.orders(views, subscription.depth or 10)

    def snapshot(self, now: int) -> dict[str, Any]:
        levels = self.window.snapshot()
        asks, bids = self.views.orders.checksum_levels()
        checksum = orders_checksum(
            [(price, [order.quantity for order in level]) for price, level in asks],
            [(price, [order.quantity for order in level]) for price, level in bids],
        )
        subscription = self.subscription
        return market.level3_snapshot(
            subscription.symbol,
            subscription.instrument,
            levels[Side.BUY],
            levels[Side.SELL],
            checksum,
            self.views.time or now,
        )

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        if not update.orders:
            return None
        events = order_events(self.window.update(update.orders))
        if not events:
            return None
        subscription = self.subscription
        return market.level3_update(
            subscription.symbol, subscription.instrument, events, checksums.orders, update.timestamp
        )


def order_events(changes: list[OrderChange]) -> list[OrderEvent]:
    """A depth window's changes as level3 entries. A delete and an add of one order at the same
    price and queue time (the window re-sends a level's queue behind a removed head) is the
    order staying in place: a ``modify`` if its size moved, else nothing."""
    readded = {
        (change.order.order_id, change.order.price, change.order.queue_time): change
        for change in changes
        if change.action is OrderAction.ADD
    }
    kept: set[str] = set()
    events: list[OrderEvent] = []
    for change in changes:
        order = change.order
        if change.action is OrderAction.DELETE and not change.out_of_range:
            add = readded.get((order.order_id, order.price, order.queue_time))
            if add is not None:
                kept.add(order.order_id)
                if add.order.quantity != order.quantity:
                    events.append(_event("modify", add.order, add.event_time))
                continue
        if change.action is OrderAction.ADD and order.order_id in kept:
            continue
        events.append(_event(change.action.value, order, change.event_time))
    return events


def _event(action: str, order: Any, time: int) -> OrderEvent:
    return OrderEvent(action, order.side, order.order_id, order.price, order.quantity, time)


class TickerFeed(Feed):
    __slots__ = ()

    def snapshot(self, now: int) -> dict[str, Any]:
        return self._message(SNAPSHOT, now)

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        if self.subscription.event_trigger == "bbo":
            if not update.best_changed:
                return None
        elif not update.trades:
            return None
        return self._message(UPDATE, update.timestamp)

    def _message(self, kind: str, now: int) -> dict[str, Any]:
        subscription = self.subscription
        ticker = self.views.ticker(max(now, self.views.time))
        return market.ticker_message(
            kind, subscription.symbol, subscription.instrument, ticker, now
        )


class TradeFeed(Feed):
    __slots__ = ()

    def snapshot(self, now: int) -> dict[str, Any]:
        subscription = self.subscription
        trades = self.views.trades.latest(TRADE_SNAPSHOT_SIZE)
        return market.trade_message(SNAPSHOT, subscription.symbol, subscription.instrument, trades)

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        if not update.trades:
            return None
        subscription = self.subscription
        return market.trade_message(
            UPDATE, subscription.symbol, subscription.instrument, update.trades
        )


class OhlcFeed(Feed):
    __slots__ = ()

    def snapshot(self, now: int) -> dict[str, Any]:
        subscription = self.subscription
        interval = subscription.interval or 1
        candles = self.views.ohlc(interval, now=max(now, self.views.time))
        return market.ohlc_message(
            SNAPSHOT, subscription.symbol, subscription.instrument, candles, now
        )

    def update(self, update: MarketDataUpdate, checksums: Checksums) -> dict[str, Any] | None:
        interval = self.subscription.interval or 1
        candles = [candle for candle in update.candles if candle.interval == interval]
        if not candles:
            return None
        subscription = self.subscription
        return market.ohlc_message(
            UPDATE, subscription.symbol, subscription.instrument, candles, update.timestamp
        )
