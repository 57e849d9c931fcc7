"""What a WebSocket v2 endpoint does with each request: ``ping``, ``subscribe``,
``unsubscribe``, and (authenticated endpoint) the trading methods of :mod:`.trading`.

Every refusal is a ``success: false`` ack with Kraken's error string; nothing a client sends
closes its connection or reaches the venue unchecked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from krakenbox.gateways.websocket.public import (
    BookFeed,
    Feed,
    Level3Feed,
    OhlcFeed,
    TickerFeed,
    TradeFeed,
)
from krakenbox.kraken.errors import EdgeReason, websocket_error
from krakenbox.kraken.websocket import market
from krakenbox.kraken.websocket.envelope import (
    UNKNOWN_METHOD,
    Refused,
    Request,
    ack,
    pong,
    read_request,
    refusal,
)
from krakenbox.kraken.websocket.subscriptions import (
    ALREADY_SUBSCRIBED,
    SUBSCRIPTION_NOT_FOUND,
    Channel,
    Subscriptions,
    SymbolSubscription,
    read_subscription,
)

if TYPE_CHECKING:
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.gateways.websocket.hub import Hub
    from krakenbox.gateways.websocket.trading import Trading

INVALID_TOKEN: Final = websocket_error(EdgeReason.INVALID_TOKEN)
PERMISSION_DENIED: Final = websocket_error(EdgeReason.PERMISSION_DENIED)

_FEEDS: Final[dict[Channel, type[Feed]]] = {
    Channel.BOOK: BookFeed,
    Channel.LEVEL3: Level3Feed,
    Channel.TICKER: TickerFeed,
    Channel.TRADE: TradeFeed,
    Channel.OHLC: OhlcFeed,
}


class Requests:
    """Dispatches one endpoint's requests."""

    def __init__(
        self,
        context: SpotContext,
        hub: Hub,
        *,
        authenticated: bool,
        trading: Trading | None = None,
    ) -> None:
        self.context = context
        self.hub = hub
        self.authenticated = authenticated
        self.trading = trading

    def now(self) -> int:
        return self.context.clock.now_ns()

    def handle(self, connection: Connection, text: str, time_in: int) -> None:
        request = read_request(text)
        if isinstance(request, Refused):
            connection.send(refusal(request, time_in, self.now()))
            return
        try:
            self._dispatch(connection, request, time_in)
        except Refused as refused:
            reply = Refused(
                refused.error,
                refused.method or request.method,
                request.req_id,
                refused.extra,
            )
            connection.send(refusal(reply, time_in, self.now()))

    def _dispatch(self, connection: Connection, request: Request, time_in: int) -> None:
        method = request.method
        if method == "ping":
            connection.send(pong(request.req_id, time_in, self.now()))
        elif method == "subscribe":
            self._subscribe(connection, request, time_in)
        elif method == "unsubscribe":
            self._unsubscribe(connection, request, time_in)
        elif self.trading is not None and self.trading.handles(method):
            self.trading.handle(connection, request, time_in)
        elif self.trading is None and method in _TRADING_METHODS:
            raise Refused(PERMISSION_DENIED)
        else:
            raise Refused(UNKNOWN_METHOD)

    # --- tokens ------------------------------------------------------------------------------

    def account_of(self, connection: Connection, token: object) -> str:
        """The account a private request's token authenticates (valid for the connection's
        life once used); raises ``EAPI:Invalid token`` (also for a token that is not text)."""
        if not isinstance(token, str):
            raise Refused(INVALID_TOKEN)
        account = connection.tokens.get(token)
        if account is None:
            account = self.context.tokens.account_of(token, self.now())
            if account is None:
                raise Refused(INVALID_TOKEN)
            connection.tokens[token] = account
        return account

    # --- subscribe ---------------------------------------------------------------------------

    def _subscribe(self, connection: Connection, request: Request, time_in: int) -> None:
        wanted = read_subscription(request.params, self.context.translator)
        channel = wanted.channel
        account = None
        if channel.private:
            if channel is not Channel.LEVEL3 and not self.authenticated:
                raise Refused(PERMISSION_DENIED)
            account = self.account_of(connection, wanted.token)
        if channel.has_symbols:
            for entry in wanted.symbols:
                self._subscribe_symbol(connection, request, entry, time_in)
            return
        options = wanted.options
        assert options is not None
        if channel in connection.channels:
            raise Refused(ALREADY_SUBSCRIBED)
        if channel in (Channel.EXECUTIONS, Channel.BALANCES):
            private = self.hub.private
            assert private is not None and account is not None
            private.subscribe(connection, account, options, request, time_in)
            return
        connection.channels[channel] = options
        result = options.result()
        if channel is Channel.INSTRUMENT:
            result["warnings"] = list(market.INSTRUMENT_WARNINGS)
        connection.send(ack("subscribe", request.req_id, time_in, self.now(), result=result))
        if channel is Channel.INSTRUMENT:
            self.hub.instrument_subscribers.add(connection)
            if options.snapshot:
                connection.send(market.instrument_snapshot(self.context.venue.catalogue))

    def _subscribe_symbol(
        self,
        connection: Connection,
        request: Request,
        entry: SymbolSubscription | Refused,
        time_in: int,
    ) -> None:
        if isinstance(entry, Refused):
            reply = Refused(entry.error, "subscribe", request.req_id, entry.extra)
            connection.send(refusal(reply, time_in, self.now()))
            return
        key = (entry.channel, entry.symbol)
        if key in connection.feeds:
            reply = Refused(
                ALREADY_SUBSCRIBED, "subscribe", request.req_id, {"symbol": entry.symbol}
            )
            connection.send(refusal(reply, time_in, self.now()))
            return
        pair = entry.instrument.key
        views = self.context.venue.market_data[pair]
        feed = _FEEDS[entry.channel](connection, entry, views, self.hub.windows)
        connection.feeds[key] = feed
        self.hub.add(pair, feed)
        now = self.now()
        connection.send(ack("subscribe", request.req_id, time_in, now, result=entry.result()))
        if entry.snapshot:
            snapshot = feed.snapshot(now)
            if snapshot is not None:
                connection.send(snapshot)

    # --- unsubscribe -------------------------------------------------------------------------

    def _unsubscribe(self, connection: Connection, request: Request, time_in: int) -> None:
        wanted: Subscriptions = read_subscription(
            request.params, self.context.translator, unsubscribe=True
        )
        channel = wanted.channel
        if channel.private and wanted.token is not None:
            self.account_of(connection, wanted.token)
        if channel.has_symbols:
            for entry in wanted.symbols:
                self._unsubscribe_symbol(connection, request, entry, time_in)
            return
        options = connection.channels.pop(channel, None)
        if options is None:
            raise Refused(SUBSCRIPTION_NOT_FOUND, "subscribe")
        if channel is Channel.INSTRUMENT:
            self.hub.instrument_subscribers.discard(connection)
        elif channel in (Channel.EXECUTIONS, Channel.BALANCES) and self.hub.private is not None:
            self.hub.private.unsubscribe(connection, channel)
        result = options.unsubscribe_result()
        connection.send(ack("unsubscribe", request.req_id, time_in, self.now(), result=result))

    def _unsubscribe_symbol(
        self,
        connection: Connection,
        request: Request,
        entry: SymbolSubscription | Refused,
        time_in: int,
    ) -> None:
        symbol = entry.extra.get("symbol") if isinstance(entry, Refused) else entry.symbol
        feed = None
        if isinstance(entry, SymbolSubscription):
            feed = connection.feeds.get((entry.channel, entry.symbol))
            if feed is not None and not feed.subscription.matches(entry):
                feed = None
        if feed is None:
            # Kraken labels this reply "subscribe" (spec/spot-ws-v2.md §3.4, OBSERVED).
            reply = Refused(SUBSCRIPTION_NOT_FOUND, "subscribe", request.req_id, {"symbol": symbol})
            connection.send(refusal(reply, time_in, self.now()))
            return
        subscription = feed.subscription
        del connection.feeds[(subscription.channel, subscription.symbol)]
        self.hub.remove(subscription.instrument.key, feed)
        result = subscription.unsubscribe_result()
        connection.send(ack("unsubscribe", request.req_id, time_in, self.now(), result=result))


_TRADING_METHODS: Final = frozenset(
    {
        "add_order",
        "amend_order",
        "edit_order",
        "cancel_order",
        "cancel_all",
        "cancel_all_orders_after",
        "batch_add",
        "batch_cancel",
    }
)
