"""The venue listener behind one WebSocket endpoint: every published command's market data goes
to the feeds of its pair, status changes to ``instrument`` subscribers, and order events and
balance changes to the private feeds (:mod:`.private`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from krakenbox.domain.commands import ChangeMarketStatus
from krakenbox.gateways.websocket.connection import text_frame
from krakenbox.gateways.websocket.public import Checksums, Windows
from krakenbox.kraken.websocket import market
from krakenbox.kraken.websocket.wire import encode
from krakenbox.venue.spot import Listener

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.gateways.websocket.private import PrivateFeeds
    from krakenbox.gateways.websocket.public import Feed
    from krakenbox.venue.spot import Published, SpotVenue


class Hub(Listener):
    """Who is subscribed to what, by pair; fans each published command out."""

    def __init__(self, venue: SpotVenue) -> None:
        self.venue = venue
        self.feeds: dict[str, list[Feed]] = {}
        """By pair key (``XXBTZUSD``)."""
        self.windows = Windows()
        self.instrument_subscribers: set[Connection] = set()
        self.private: PrivateFeeds | None = None

    def add(self, pair: str, feed: Feed) -> None:
        self.feeds.setdefault(pair, []).append(feed)

    def remove(self, pair: str, feed: Feed) -> None:
        feeds = self.feeds.get(pair)
        if feeds is not None and feed in feeds:
            feeds.remove(feed)

    def drop(self, connection: Connection) -> None:
        """Forget everything a closed connection subscribed to."""
        for (_, _), feed in list(connection.feeds.items()):
            self.remove(feed.subscription.instrument.key, feed)
        connection.feeds.clear()
        self.instrument_subscribers.discard(connection)
        if self.private is not None:
            self.private.drop(connection)

    # --- venue listener ----------------------------------------------------------------------

    # A failure here must not reach the venue (it would stop publishing): it is logged, and the
    # subscribers of that command miss it.

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        if self.private is not None:
            try:
                self.private.on_event(published, event, orders)
            except Exception:
                log.exception("WebSocket executions failed for %r", event)

    def on_published(self, published: Published) -> None:
        try:
            self._publish(published)
        except Exception:
            log.exception("WebSocket feeds failed for command %d", published.sequenced.sequence)

    def _publish(self, published: Published) -> None:
        if isinstance(published.command, ChangeMarketStatus) and published.pair is not None:
            self._status_changed(published.pair, published.command)
        update = published.market_data
        if update is not None and not update.is_empty:
            feeds = self.feeds.get(update.symbol)
            if feeds:
                checksums = Checksums(self.venue.market_data[update.symbol])
                frames: dict[tuple[Any, ...], bytes | None] = {}
                for feed in list(feeds):
                    key = feed.share_key
                    if key in frames:
                        frame = frames[key]
                    else:
                        message = feed.update(update, checksums)
                        frame = None if message is None else text_frame(encode(message))
                        frames[key] = frame
                    if frame is not None:
                        feed.connection.send_frame(frame)
        if self.private is not None:
            self.private.on_published(published)

    def _status_changed(self, pair: str, command: ChangeMarketStatus) -> None:
        if not self.instrument_subscribers:
            return
        instrument = self.venue.engine.instrument(pair)
        message = market.instrument_update(instrument, command.status)
        for connection in list(self.instrument_subscribers):
            connection.send(message)
