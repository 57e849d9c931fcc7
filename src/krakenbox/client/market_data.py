"""MarketDataClient: Kraken's FIX market-data session with local books checked by 5041.

::

    async with MarketDataClient("127.0.0.1", 4000, "alice", ssl_context=context) as market:
        subscription = await market.subscribe("XBT/USD", depth=10)
        print(subscription.book.best_bid, subscription.book.best_ask)
        async for book in subscription.updates():
            ...                      # every 35=X applied, its 5041 verified

No credentials: on Kraken the SenderCompID is the market-data session's only credential
(spec/fix.md §1.2). Each subscription learns the instrument's precisions from an
InstrumentList (35=x → 35=y) first, because the checksum needs them (§8.5).
"""

from __future__ import annotations

import asyncio
import ssl
from typing import TypeVar

from krakenbox.client.book import ChecksumMethod
from krakenbox.client.config import MarketDataSettings
from krakenbox.client.connection import ConnectedClient, SessionConnection
from krakenbox.client.instruments import Instrument
from krakenbox.client.promise import Promise
from krakenbox.client.reports import NotLoggedOn
from krakenbox.client.subscriptions import MarketDataApplication, Subscription
from krakenbox.core.clock import Clock, SystemClock
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session
from krakenbox.fix.store import MemoryStore

T = TypeVar("T")


class MarketDataClient(ConnectedClient):
    """One Kraken FIX market-data session (L2 on port 4000, L3 on 4005 for Spot)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender_comp_id: str,
        *,
        target_comp_id: str = "KRAKEN-MD",
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
        clock: Clock | None = None,
        level3_checksum: ChecksumMethod = ChecksumMethod.EITHER,
        settings: MarketDataSettings | None = None,
    ) -> None:
        self.settings = settings or MarketDataSettings(
            sender_comp_id=sender_comp_id, target_comp_id=target_comp_id
        )
        self.clock: Clock = clock or SystemClock()
        self.application = MarketDataApplication(level3_checksum)
        self.session = Session(
            self.settings.session_settings(),
            MemoryStore(self.clock.now_ns()),
            self.application,
            self.clock,
        )
        self.application.session = self.session
        self.connection = SessionConnection.with_settings(
            self.session,
            self.clock,
            host,
            port,
            self.settings,
            ssl_context=ssl_context,
            server_hostname=server_hostname,
            expect_logon=self.application.expect_logon,
        )

    async def instruments(
        self, symbol: str | None = None, *, timeout_s: float | None = None
    ) -> list[Instrument]:
        """InstrumentListRequest (35=x) for ``symbol`` or all; the InstrumentList (35=y)."""
        promise, message = self.application.request_instruments(symbol)
        self._send(message)
        return await _wait(promise, timeout_s)

    async def subscribe(
        self,
        symbol: str,
        depth: int = 10,
        *,
        trades: bool = True,
        level3: bool = False,
        timeout_s: float | None = None,
    ) -> Subscription:
        """MarketDataRequest (35=V); returns once the snapshot (35=W) is in the book.

        Raises SubscriptionRejected on a 35=Y. ``depth`` is MarketDepth (264): 0 (full), 1,
        10, 25, 100, 500 or 1000; ``level3`` asks for one entry per order (266=N, on the L3
        port, without trades).
        """
        if symbol not in self.application.instruments:
            await self.instruments(symbol, timeout_s=timeout_s)
        subscription, message = self.application.new_subscription(symbol, depth, trades, level3)
        self._send(message)
        await _wait(subscription.snapshot, timeout_s)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """MarketDataRequest with 263=2 for the subscription's MDReqID."""
        message = self.application.unsubscribe_message(subscription)
        if self.session.is_logged_on:
            self.connection.send(message)

    def _send(self, message: Message) -> None:
        if not self.session.is_logged_on or not self.connection.send(message):
            raise NotLoggedOn("the market-data session is not logged on")


async def _wait(promise: Promise[T], timeout_s: float | None) -> T:
    if timeout_s is None:
        return await promise
    async with asyncio.timeout(timeout_s):
        return await promise
