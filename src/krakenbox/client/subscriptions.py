"""The market-data session's Application: subscriptions, their books, instrument requests.

Sans-I/O: the FIX session hands it W/X/Y/y messages in sequence; it keeps one
:class:`Subscription` per MarketDataRequest (35=V) with a :class:`~krakenbox.client.book.LocalBook`
and settles the promises the asyncio client awaits. When a 5041 checksum fails, the
subscription records the :class:`~krakenbox.client.book.ChecksumMismatch` and asks again
(unsubscribe, then a new request and a fresh snapshot). Subscriptions die with the connection
on Kraken (spec/fix.md §8.1), so every logon after the first renews them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from krakenbox.client.book import (
    CHECKSUM_DEPTH,
    BookError,
    ChecksumMethod,
    ChecksumMismatch,
    LocalBook,
    Trade,
)
from krakenbox.client.instruments import (
    Instrument,
    instrument_request,
    is_last_fragment,
    parse_instrument_list,
)
from krakenbox.client.promise import Promise
from krakenbox.client.reports import ClientError, LogonRefused
from krakenbox.fix.application import Application
from krakenbox.fix.message import Message
from krakenbox.fix.session import SessionID
from krakenbox.fix.tags import MsgType, Tag

if TYPE_CHECKING:
    from krakenbox.fix.session import Session

log = logging.getLogger("krakenbox.client")

SUBSCRIBE, UNSUBSCRIBE = "1", "2"
INCREMENTAL = "1"


class SubscriptionRejected(ClientError):
    """MarketDataRequestReject (35=Y): ``reason`` is MDReqRejReason (281)."""

    def __init__(self, text: str, reason: str | None) -> None:
        super().__init__(text)
        self.text = text
        self.reason = reason


class Subscription:
    """One symbol's market data: a book kept up to date, the trades, the checksum failures."""

    def __init__(
        self, symbol: str, depth: int, trades: bool, level3: bool, book: LocalBook
    ) -> None:
        self.symbol = symbol
        self.depth = depth
        self.with_trades = trades
        self.level3 = level3
        self.book = book
        self.request_id = ""
        self.active = True
        self.trades: list[Trade] = []
        self.checksum_failures: list[ChecksumMismatch] = []
        self.book_errors: list[BookError] = []
        self.snapshot: Promise[LocalBook] = Promise()
        """Settles with the book at the first snapshot, or fails with SubscriptionRejected."""
        self._changed: Promise[None] = Promise()

    def request(self, request_id: str, subscription_type: str = SUBSCRIBE) -> Message:
        """The MarketDataRequest (35=V) for this subscription (Kraken's field order)."""
        message = Message.of(
            MsgType.MarketDataRequest,
            (Tag.NoRelatedSym, 1),
            (Tag.Symbol, self.symbol),
            (Tag.MDReqID, request_id),
            (Tag.SubscriptionRequestType, subscription_type),
            (Tag.MarketDepth, self.depth),
            (Tag.MDUpdateType, INCREMENTAL),
        )
        if self.level3:
            message.append(Tag.AggregatedBook, "N")
        types = ["0", "1", "2"] if self.with_trades else ["0", "1"]
        message.append(Tag.NoMDEntryTypes, len(types))
        for entry_type in types:
            message.append(Tag.MDEntryType, entry_type)
        return message

    def notify(self) -> None:
        changed, self._changed = self._changed, Promise()
        changed.resolve(None)

    async def updates(self) -> AsyncIterator[LocalBook]:
        """The book after each message that changed it (while valid), until unsubscribed."""
        while self.active:
            await self._changed
            if self.book.valid:
                yield self.book

    def __repr__(self) -> str:
        return f"Subscription({self.symbol}, {self.request_id}, {self.book!r})"


class MarketDataApplication(Application):
    """Callbacks of the market-data session (see the module docstring)."""

    def __init__(self, level3_checksum: ChecksumMethod = ChecksumMethod.EITHER) -> None:
        self.level3_checksum = level3_checksum
        self.session: Session | None = None
        self.logged_on = False
        self.logons = 0
        self.logon_outcome: Promise[None] = Promise()
        self.instruments: dict[str, Instrument] = {}
        self.subscriptions: dict[str, Subscription] = {}
        """Active subscriptions by their current MDReqID."""
        self.instrument_requests: dict[str, tuple[Promise[list[Instrument]], list[Instrument]]] = {}
        self.other_messages: list[Message] = []
        self.counter = 0

    def expect_logon(self, fresh: bool = False) -> Promise[None]:
        """The promise of the next Logon reply (``fresh``: forget how the last one ended)."""
        if fresh and self.logon_outcome.done():
            self.logon_outcome = Promise()
        return self.logon_outcome

    # -- requests (the asyncio client calls these) -----------------------------------------

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def request_instruments(self, symbol: str | None) -> tuple[Promise[list[Instrument]], Message]:
        request_id = self.next_id("instruments-")
        promise: Promise[list[Instrument]] = Promise()
        self.instrument_requests[request_id] = (promise, [])
        return promise, instrument_request(request_id, symbol)

    def new_subscription(
        self, symbol: str, depth: int, trades: bool, level3: bool
    ) -> tuple[Subscription, Message]:
        instrument = self.instruments.get(symbol)
        if instrument is None:
            raise KeyError(f"{symbol}: precisions unknown; request the instrument first")
        if level3 and trades:
            raise ValueError(
                "an L3 subscription carries no trades (Kraken rejects 269=2 with 266=N)"
            )
        book = LocalBook(
            symbol,
            instrument.price_decimals,
            instrument.quantity_decimals,
            level3=level3,
            checksum_method=self.level3_checksum if level3 else ChecksumMethod.LEVELS,
            verify_checksums=depth == 0 or depth >= CHECKSUM_DEPTH,
        )
        subscription = Subscription(symbol, depth, trades, level3, book)
        return subscription, self.subscribe_message(subscription)

    def subscribe_message(self, subscription: Subscription) -> Message:
        """A fresh MDReqID for ``subscription`` and its request; the book waits for a snapshot."""
        self.subscriptions.pop(subscription.request_id, None)
        subscription.request_id = self.next_id("md-")
        subscription.book.valid = False
        self.subscriptions[subscription.request_id] = subscription
        return subscription.request(subscription.request_id)

    def unsubscribe_message(self, subscription: Subscription) -> Message:
        subscription.active = False
        self.subscriptions.pop(subscription.request_id, None)
        subscription.notify()
        return subscription.request(subscription.request_id, UNSUBSCRIBE)

    # -- Application -----------------------------------------------------------------------

    def on_logon(self, session_id: SessionID) -> None:
        self.logged_on = True
        self.logons += 1
        self.logon_outcome.resolve(None)
        if self.logons > 1:
            self.renew_subscriptions()

    def on_logout(self, session_id: SessionID) -> None:
        self.logged_on = False
        for subscription in self.subscriptions.values():
            subscription.book.valid = False

    def on_outgoing_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type == MsgType.Logon and self.logon_outcome.done():
            self.logon_outcome = Promise()

    def on_admin(self, message: Message, session_id: SessionID) -> None:
        if message.msg_type == MsgType.Logout and not self.logged_on:
            self.logon_outcome.fail(LogonRefused(message.get(Tag.Text) or "Logon refused"))

    def on_message(self, message: Message, session_id: SessionID) -> None:
        msg_type = message.msg_type
        if msg_type in (
            MsgType.MarketDataSnapshotFullRefresh,
            MsgType.MarketDataIncrementalRefresh,
        ):
            self.on_market_data(message)
        elif msg_type == MsgType.MarketDataRequestReject:
            self.on_subscription_reject(message)
        elif msg_type == MsgType.SecurityList:
            self.on_instrument_list(message)
        else:
            self.other_messages.append(message)

    # -- handlers --------------------------------------------------------------------------

    def on_market_data(self, message: Message) -> None:
        subscription = self.subscriptions.get(message.get(Tag.MDReqID) or "")
        if subscription is None:
            return  # a late message for a subscription we left
        book = subscription.book
        try:
            if message.msg_type == MsgType.MarketDataSnapshotFullRefresh:
                book.apply_snapshot(message)
                subscription.snapshot.resolve(book)
            elif book.valid:
                subscription.trades.extend(book.apply_incremental(message))
        except ChecksumMismatch as mismatch:
            log.warning("%s; subscribing again", mismatch)
            subscription.checksum_failures.append(mismatch)
            self.resubscribe(subscription)
        except BookError as error:
            log.warning("%s: %s; subscribing again", subscription.symbol, error)
            subscription.book_errors.append(error)
            self.resubscribe(subscription)
        subscription.notify()

    def on_subscription_reject(self, message: Message) -> None:
        subscription = self.subscriptions.pop(message.get(Tag.MDReqID) or "", None)
        if subscription is None:
            return
        subscription.active = False
        text = message.get(Tag.Text) or "market data request rejected"
        subscription.snapshot.fail(SubscriptionRejected(text, message.get(Tag.MDReqRejReason)))
        subscription.notify()

    def on_instrument_list(self, message: Message) -> None:
        request_id = message.get(Tag.SecurityReqID) or ""
        pending = self.instrument_requests.get(request_id)
        try:
            instruments = parse_instrument_list(message)
        except ClientError as error:
            if pending is not None:
                del self.instrument_requests[request_id]
                pending[0].fail(error)
            return
        for instrument in instruments:
            self.instruments[instrument.symbol] = instrument
        if pending is None:
            return
        promise, collected = pending
        collected.extend(instruments)
        if is_last_fragment(message):
            del self.instrument_requests[request_id]
            promise.resolve(collected)

    def resubscribe(self, subscription: Subscription) -> None:
        self.send(subscription.request(subscription.request_id, UNSUBSCRIBE))
        self.send(self.subscribe_message(subscription))

    def renew_subscriptions(self) -> None:
        """After a reconnect: the old subscriptions died with the connection; ask again."""
        for subscription in list(self.subscriptions.values()):
            self.send(self.subscribe_message(subscription))

    def send(self, message: Message) -> None:
        if self.session is not None:
            self.session.send(message)
