"""The FIX Application behind Kraken's Spot market-data ports (4000 L2, 4005 L3; KRAKEN-MD).

Sans-I/O like the session: it reads MarketDataRequest (V), InstrumentListRequest (x) and
TradingSessionStatusRequest (g) and answers through ``send(session_id, message)``. The venue
calls :meth:`MarketDataApplication.publish` once per instrument per command, after the command
is durable and before the next command is applied to the views, with the
:class:`MarketDataUpdate` that :class:`MarketDataRegistry` returned; every subscriber of that
pair gets its own 35=X, cut to its own depth. Status changes are pushed with
:meth:`~MarketDataApplication.instrument_status_changed` (35=y) and
:meth:`~MarketDataApplication.trading_status_changed` (35=h). Subscriptions live as long as the
logon (dropped in ``on_logout``). Wire spellings live in :mod:`krakenbox.kraken.fix`; the
behaviour and its choices are in ``docs/fix-market-data.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import Side
from krakenbox.fix.application import Application, UnsupportedMessageType
from krakenbox.fix.tags import MsgType
from krakenbox.kraken.checksums import book_checksum
from krakenbox.kraken.fix import instruments as reference
from krakenbox.kraken.fix import market_data as dialect
from krakenbox.venue.market_data import DepthWindow, OrderAction, OrderDepthWindow

if TYPE_CHECKING:
    from collections.abc import Collection

    from krakenbox.domain.instruments import Instrument
    from krakenbox.fix.message import Message
    from krakenbox.fix.session import SessionID
    from krakenbox.kraken.symbols import SymbolTranslator
    from krakenbox.venue.market_data import (
        InstrumentMarketData,
        LevelChange,
        MarketDataRegistry,
        MarketDataUpdate,
        OrderChange,
        RestingOrder,
    )

Send = Callable[["SessionID", "Message"], object]
SIDES = (Side.BUY, Side.SELL)


def _catalogue_status(instrument: Instrument) -> MarketStatus:
    return instrument.status


def _online() -> MarketStatus:
    return MarketStatus.ONLINE


class _BookFeed:
    """One (MDReqID, symbol) subscription: its depth window and what it was shown."""

    __slots__ = (
        "book_window",
        "instrument",
        "orders_window",
        "request",
        "session_id",
        "shown",
        "symbol",
    )

    def __init__(
        self,
        session_id: SessionID,
        request: dialect.Subscribe,
        symbol: str,
        instrument: Instrument,
        views: InstrumentMarketData,
    ) -> None:
        self.session_id = session_id
        self.request = request
        self.symbol = symbol
        self.instrument = instrument
        self.book_window: DepthWindow | None = None
        self.orders_window: OrderDepthWindow | None = None
        self.shown: dict[Side, set[int]] = {Side.BUY: set(), Side.SELL: set()}
        if request.book and request.level3:
            self.orders_window = OrderDepthWindow(views.orders, request.depth)
        elif request.book:
            self.book_window = DepthWindow(views.book, request.depth)

    def snapshot(self, views: InstrumentMarketData) -> Message:
        entries: list[dialect.BookEntry] = []
        if self.orders_window is not None:
            levels = self.orders_window.snapshot()
            for side in SIDES:
                entries.extend(_order(order) for _, orders in levels[side] for order in orders)
        elif self.book_window is not None:
            self.book_window.snapshot()
            for side in SIDES:
                rows = views.book.levels_with_time(side, self.request.depth)
                self.shown[side] = {price for price, _, _ in rows}
                entries.extend(dialect.levels_of(side, rows))
        return dialect.snapshot_message(
            self.request.request_id, self.symbol, self.instrument, entries
        )

    def increment(self, update: MarketDataUpdate, checksum: int | None) -> Message | None:
        """This subscriber's X for one command, or None; ``checksum`` is the book's 5041 after
        the command (None when the command changed no level, so no bid/offer entry follows)."""
        if self.orders_window is not None:
            updates = _order_updates(self.orders_window.update(update.orders))
        elif self.book_window is not None:
            changes = self.book_window.update() if update.levels else []
            updates = [self._level_update(change, update.timestamp) for change in changes]
        else:
            updates = []
        trades = update.trades if self.request.trades else ()
        if not (updates or trades):
            return None
        return dialect.incremental_message(
            self.request.request_id,
            self.symbol,
            self.instrument,
            trades,
            updates,
            checksum if updates else None,
        )

    def _level_update(self, change: LevelChange, time: int) -> dialect.BookUpdate:
        shown = self.shown[change.side]
        level = dialect.Level(change.side, change.price, change.quantity, time)
        if change.quantity == 0 or change.out_of_range:
            shown.discard(change.price)
            return dialect.BookUpdate(dialect.UpdateAction.DELETE, level)
        if change.price in shown:
            return dialect.BookUpdate(dialect.UpdateAction.CHANGE, level)
        shown.add(change.price)
        return dialect.BookUpdate(dialect.UpdateAction.NEW, level)


def _order(order: RestingOrder) -> dialect.Order:
    return dialect.Order(
        order.order_id, order.side, order.price, order.quantity, order.timestamp, order.queue_time
    )


_ACTIONS = {
    OrderAction.ADD: dialect.UpdateAction.NEW,
    OrderAction.MODIFY: dialect.UpdateAction.CHANGE,
    OrderAction.DELETE: dialect.UpdateAction.DELETE,
}


def _order_updates(changes: list[OrderChange]) -> list[dialect.BookUpdate]:
    """The window's changes as X entries. A delete and an add of one order at the same price
    with the same queue time (the window re-sends a level's queue behind a removed head) is
    the order staying in place: a CHANGE if its size moved, else nothing."""
    readded = {
        (change.order.order_id, change.order.price, change.order.queue_time): change
        for change in changes
        if change.action is OrderAction.ADD
    }
    kept: set[str] = set()
    updates: list[dialect.BookUpdate] = []
    for change in changes:
        order = change.order
        if change.action is OrderAction.DELETE and not change.out_of_range:
            add = readded.get((order.order_id, order.price, order.queue_time))
            if add is not None:
                kept.add(order.order_id)
                if add.order.quantity != order.quantity:
                    updates.append(
                        dialect.BookUpdate(dialect.UpdateAction.CHANGE, _order(add.order))
                    )
                continue
        if change.action is OrderAction.ADD and order.order_id in kept:
            continue
        updates.append(_order_update(change))
    return updates


def _order_update(change: OrderChange) -> dialect.BookUpdate:
    order = change.order
    action = _ACTIONS[change.action]
    if action is dialect.UpdateAction.DELETE:
        quantity = order.quantity if change.out_of_range else 0
        entry = dialect.Order(
            order.order_id, order.side, order.price, quantity, change.event_time, order.queue_time
        )
    else:
        entry = _order(order)
    return dialect.BookUpdate(action, entry)


@dataclass
class _SessionFeeds:
    """Everything one logged-on session subscribed to."""

    books: dict[str, list[_BookFeed]] = field(default_factory=dict)
    """By MDReqID."""
    instrument_lists: dict[str, reference.InstrumentListRequest] = field(default_factory=dict)
    """263=1 InstrumentListRequests by InstrumentReqID."""
    trading_status: reference.SessionStatusRequest | None = None


class MarketDataApplication(Application):
    """Kraken's Spot market-data session: subscriptions, snapshots, increments, reference data."""

    def __init__(
        self,
        *,
        registry: MarketDataRegistry,
        translator: SymbolTranslator,
        level3: bool,
        send: Send,
        market_status: Callable[[Instrument], MarketStatus] = _catalogue_status,
        trading_status: Callable[[], MarketStatus] = _online,
        depths: Collection[int] = dialect.SUPPORTED_DEPTHS,
    ) -> None:
        self.registry = registry
        self.translator = translator
        self.level3 = level3
        self.send = send
        self.market_status = market_status
        self.trading_status = trading_status
        self.depths = depths
        self._sessions: dict[SessionID, _SessionFeeds] = {}
        self._by_pair: dict[str, list[_BookFeed]] = {}
        self._response_ids = itertools.count(1)

    # -- session callbacks -------------------------------------------------------------------

    def on_logon(self, session_id: SessionID) -> None:
        self._drop(session_id)
        self._sessions[session_id] = _SessionFeeds()

    def on_logout(self, session_id: SessionID) -> None:
        self._drop(session_id)

    def on_message(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        feeds = self._sessions.setdefault(session_id, _SessionFeeds())
        if msg_type == MsgType.MarketDataRequest:
            self._market_data_request(message, session_id, feeds)
        elif msg_type == MsgType.SecurityListRequest:
            self._instrument_list_request(message, session_id, feeds)
        elif msg_type == MsgType.TradingSessionStatusRequest:
            self._session_status_request(message, session_id, feeds)
        else:
            raise UnsupportedMessageType(msg_type)

    # -- the venue's calls -------------------------------------------------------------------

    def publish(self, update: MarketDataUpdate) -> None:
        """Send one command's changes of one pair (``update.symbol`` is its key) to every
        subscriber, each cut to its depth."""
        feeds = self._by_pair.get(update.symbol)
        if not feeds or update.is_empty:
            return
        checksum = None
        if update.levels or update.orders:
            top = self.registry[update.symbol].book.checksum_levels()
            checksum = book_checksum(top.asks, top.bids)
        for feed in list(feeds):
            message = feed.increment(update, checksum)
            if message is not None:
                self.send(feed.session_id, message)

    def instrument_status_changed(self, instrument: Instrument) -> None:
        """Push a 35=y with the pair's new status to every 263=1 InstrumentList subscriber
        whose request covers it."""
        status = self.market_status(instrument)
        for session_id, feeds in list(self._sessions.items()):
            for request in list(feeds.instrument_lists.values()):
                if request.covers(instrument):
                    row = (request.name_of(instrument, self.translator), instrument, status)
                    message = reference.instrument_list_message(
                        request.request_id, self._response_id(), [row]
                    )
                    self.send(session_id, message)

    def trading_status_changed(self) -> None:
        """Push a 35=h with the venue's status (``trading_status()``) to 263=1 subscribers."""
        status = self.trading_status()
        for session_id, feeds in list(self._sessions.items()):
            request = feeds.trading_status
            if request is not None:
                message = reference.session_status_message(
                    request.request_id, request.session_id, status
                )
                self.send(session_id, message)

    # -- MarketDataRequest -------------------------------------------------------------------

    def _market_data_request(
        self, message: Message, session_id: SessionID, feeds: _SessionFeeds
    ) -> None:
        request = dialect.read_request(
            message,
            self.translator,
            level3_port=self.level3,
            active=feeds.books.keys(),
            depths=self.depths,
        )
        if isinstance(request, dialect.Unsubscribe):
            for feed in feeds.books.pop(request.request_id, []):
                self._by_pair[feed.instrument.key].remove(feed)
            return
        if isinstance(request, dialect.Subscribe):
            missing = [name for name, pair in request.symbols if pair.key not in self.registry]
            if missing:
                request = dialect.RequestRejected(
                    request.request_id,
                    dialect.RejectReason.UNKNOWN_SYMBOL,
                    f"Unknown symbol: {missing[0]}",
                )
        if isinstance(request, dialect.RequestRejected):
            self.send(session_id, dialect.reject_message(request))
            return
        self._subscribe(request, session_id, feeds)

    def _subscribe(
        self, request: dialect.Subscribe, session_id: SessionID, feeds: _SessionFeeds
    ) -> None:
        created = []
        for symbol, instrument in request.symbols:
            views = self.registry[instrument.key]
            feed = _BookFeed(session_id, request, symbol, instrument, views)
            created.append(feed)
            self._by_pair.setdefault(instrument.key, []).append(feed)
            self.send(session_id, feed.snapshot(views))
        feeds.books[request.request_id] = created

    # -- InstrumentListRequest ---------------------------------------------------------------

    def _instrument_list_request(
        self, message: Message, session_id: SessionID, feeds: _SessionFeeds
    ) -> None:
        request = reference.read_instrument_list_request(message, self.translator)
        if isinstance(request, reference.InstrumentListRejected):
            reply = reference.instrument_list_reject_message(request, self._response_id())
            self.send(session_id, reply)
            return
        if request.subscription == reference.UNSUBSCRIBE:
            feeds.instrument_lists.pop(request.request_id, None)
            return
        rows = [
            (
                request.name_of(instrument, self.translator),
                instrument,
                self.market_status(instrument),
            )
            for instrument in self.translator.catalogue
            if request.covers(instrument)
        ]
        reply = reference.instrument_list_message(request.request_id, self._response_id(), rows)
        self.send(session_id, reply)
        if request.subscription == reference.SNAPSHOT_AND_UPDATES:
            feeds.instrument_lists[request.request_id] = request

    # -- TradingSessionStatusRequest ---------------------------------------------------------

    def _session_status_request(
        self, message: Message, session_id: SessionID, feeds: _SessionFeeds
    ) -> None:
        current = feeds.trading_status
        active = () if current is None else (current.request_id,)
        request = reference.read_session_status_request(message, active=active)
        if isinstance(request, reference.SessionStatusRejected):
            self.send(session_id, reference.session_status_reject_message(request))
            return
        status = self.trading_status()
        self.send(
            session_id,
            reference.session_status_message(request.request_id, request.session_id, status),
        )
        if request.subscribe:
            feeds.trading_status = request

    # -- helpers -----------------------------------------------------------------------------

    def _drop(self, session_id: SessionID) -> None:
        feeds = self._sessions.pop(session_id, None)
        if feeds is None:
            return
        for book_feeds in feeds.books.values():
            for feed in book_feeds:
                self._by_pair[feed.instrument.key].remove(feed)

    def _response_id(self) -> str:
        """InstrumentResponseID (322): a counter, unique for this application's life."""
        return str(next(self._response_ids))
