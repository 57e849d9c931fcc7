"""KrakenFixClient: an asyncio client for Kraken's Unified FIX trading session.

::

    async with KrakenFixClient("127.0.0.1", 4001, "alice", api_key, api_secret,
                               ssl_context=context) as client:
        order = await client.place_order(symbol="XBT/USD", side="buy",
                                         quantity=Decimal("0.01"), price=Decimal("50000"))
        report = await order.acknowledged          # the first ExecutionReport, or OrderRejected
        await client.amend(order, quantity=Decimal("0.02"), price=Decimal("49000"))
        await client.cancel(order)

The same client works against Kraken and krakenbox: it signs the Logon (spec/fix.md §3), keeps
sequence numbers across reconnects (in SQLite with ``store_path``), restarts them at Kraken's
22:00 UTC rollover and logs on again after it, and answers the venue's ResendRequests with gap
fills. The bookkeeping lives in :mod:`krakenbox.client.tracking` (sans-I/O); this module only
builds the pieces and waits. See docs/fix-client.md.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from krakenbox.client.config import TradingSettings
from krakenbox.client.connection import ConnectedClient, SessionConnection
from krakenbox.client.model import (
    ExecutionInstruction,
    OrderType,
    Side,
    TimeInForce,
)
from krakenbox.client.promise import Promise
from krakenbox.client.reports import ExecutionReport, NotLoggedOn
from krakenbox.client.requests import (
    Amendment,
    ClientOrderIds,
    NewOrder,
    amend_message,
    cancel_message,
    mass_cancel_message,
    new_order_message,
    status_message,
)
from krakenbox.client.tracking import OrderHandle, OrderTracker, RequestKind
from krakenbox.client.trading_application import LogonSigner, TradingApplication
from krakenbox.core.clock import NANOS_PER_SECOND, Clock, SystemClock
from krakenbox.fix.message import Message
from krakenbox.fix.session import Session
from krakenbox.fix.store import MemoryStore, MessageStore, SqliteStoreFactory

T = TypeVar("T")

OrderReference = OrderHandle | str
"""An order: its handle, or its OrderID (37) or any ClOrdID (11) this client used for it."""


class KrakenFixClient(ConnectedClient):
    """One Kraken FIX trading session (see the module docstring and docs/fix-client.md)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender_comp_id: str,
        api_key: str,
        api_secret: str,
        *,
        target_comp_id: str = "KRAKEN-TRD",
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
        store_path: str | Path | None = None,
        cancel_on_disconnect: bool = True,
        reset_on_logon: bool = False,
        clock: Clock | None = None,
        settings: TradingSettings | None = None,
    ) -> None:
        self.settings = settings or TradingSettings(
            sender_comp_id=sender_comp_id,
            target_comp_id=target_comp_id,
            cancel_on_disconnect=cancel_on_disconnect,
            reset_on_logon=reset_on_logon,
        )
        self.clock: Clock = clock or SystemClock()
        session_settings = self.settings.session_settings()
        self._store_factory = SqliteStoreFactory(store_path) if store_path is not None else None
        now = self.clock.now_ns()
        self.store: MessageStore = (
            self._store_factory.open(session_settings.session_id, now)
            if self._store_factory is not None
            else MemoryStore(now)
        )
        self.tracker = OrderTracker(round(self.settings.mass_cancel_quiet_s * NANOS_PER_SECOND))
        signer = LogonSigner(api_key, api_secret, self.clock, self.settings.cancel_on_disconnect)
        self.application = TradingApplication(
            signer,
            self.tracker,
            self.clock,
            self.store,
            adopt_expected_sequence=self.settings.adopt_expected_sequence,
        )
        self.session = Session(session_settings, self.store, self.application, self.clock)
        self.client_order_ids = ClientOrderIds(self.clock)
        self.connection = SessionConnection.with_settings(
            self.session,
            self.clock,
            host,
            port,
            self.settings,
            ssl_context=ssl_context,
            server_hostname=server_hostname,
            expect_logon=self.application.expect_logon,
            timers=self.tracker,
        )

    # -- lifecycle (connect, use_link, run_timers: ConnectedClient) ------------------------

    async def close(self) -> None:
        """Log out cleanly (no cancel-on-disconnect), stop reconnecting, close the store."""
        await super().close()
        if self._store_factory is not None:
            self.store.close()
            self._store_factory.close()
            self._store_factory = None

    # -- orders ----------------------------------------------------------------------------

    async def place_order(
        self,
        *,
        symbol: str,
        side: Side | str,
        quantity: Decimal,
        order_type: OrderType | str = OrderType.LIMIT,
        price: Decimal | None = None,
        stop_price: Decimal | None = None,
        time_in_force: TimeInForce | str = TimeInForce.GOOD_TILL_CANCELED,
        exec_inst: Iterable[ExecutionInstruction | str] = (),
        client_order_id: str | None = None,
        expire_time: datetime | None = None,
        valid_until: datetime | None = None,
        display_quantity: Decimal | None = None,
        allocation_account: str | None = None,
        extra_fields: Iterable[tuple[int, str]] = (),
    ) -> OrderHandle:
        """Send a NewOrderSingle (35=D); the handle's ``acknowledged`` awaits the answer.

        ``allocation_account`` routes a broker's order to a sub-account (78=1, 79=account);
        ``extra_fields`` are appended as given, for tags this API does not name.
        """
        order = NewOrder(
            symbol=symbol,
            side=Side(side),
            quantity=quantity,
            order_type=OrderType(order_type),
            price=price,
            stop_price=stop_price,
            time_in_force=TimeInForce(time_in_force),
            execution_instructions=tuple(ExecutionInstruction(value) for value in exec_inst),
            expire_time_ns=_nanoseconds(expire_time),
            valid_until_ns=_nanoseconds(valid_until),
            display_quantity=display_quantity,
            allocation_account=allocation_account,
            extra_fields=tuple(extra_fields),
        )
        identifier = client_order_id or self.client_order_ids.next()
        message = new_order_message(order, identifier, self.clock.now_ns())
        sequence = self._next_sequence()
        handle = self.tracker.new_order(order, identifier, sequence)
        self._send(message)
        return handle

    async def amend(
        self,
        order: OrderReference,
        *,
        quantity: Decimal,
        price: Decimal | None = None,
        stop_price: Decimal | None = None,
        display_quantity: Decimal | None = None,
        post_only: bool = False,
        timeout_s: float | None = None,
    ) -> ExecutionReport:
        """OrderCancelReplaceRequest (35=G): the report of the amend (150=5), or OrderRejected."""
        handle = self._handle(order)
        order_id = self._order_id(handle)
        amendment = Amendment(quantity, price, stop_price, display_quantity, post_only)
        identifier = self.client_order_ids.next()
        message = amend_message(
            amendment,
            client_order_id=identifier,
            order_id=order_id,
            original_client_order_id=handle.latest_client_order_id,
            symbol=handle.symbol,
            side=self._side(handle),
            order_type=handle.order_type or OrderType.LIMIT,
            time_in_force=handle.time_in_force,
            now_ns=self.clock.now_ns(),
        )
        return await self._request(RequestKind.AMEND, handle, identifier, message, timeout_s)

    async def cancel(
        self,
        order: OrderReference,
        *,
        symbol: str | None = None,
        side: Side | str | None = None,
        timeout_s: float | None = None,
    ) -> ExecutionReport:
        """OrderCancelRequest (35=F) by OrderID: the cancel's report (150=4), or OrderRejected.

        An order this client does not know (placed before a restart) is named by its OrderID,
        with ``symbol`` and ``side`` (Kraken requires both on 35=F).
        """
        handle = self._handle(order, symbol, side)
        identifier = self.client_order_ids.next()
        message = cancel_message(
            client_order_id=identifier,
            order_id=handle.order_id,
            original_client_order_id=None if handle.order_id else handle.latest_client_order_id,
            symbol=handle.symbol,
            side=self._side(handle),
            now_ns=self.clock.now_ns(),
        )
        return await self._request(RequestKind.CANCEL, handle, identifier, message, timeout_s)

    async def status(
        self, order: OrderReference, symbol: str | None = None, *, timeout_s: float | None = None
    ) -> ExecutionReport:
        """OrderStatusRequest (35=H): the order's current state (an ER with 150=I)."""
        handle = self._handle(order, symbol)
        identifier = self.client_order_ids.next()
        message = status_message(identifier, self._order_id(handle), handle.symbol)
        return await self._request(RequestKind.STATUS, handle, identifier, message, timeout_s)

    async def mass_cancel(
        self, symbol: str | None = None, *, timeout_s: float | None = None
    ) -> list[ExecutionReport]:
        """OrderMassCancelRequest (35=q): 530=1 for ``symbol``, else 530=6 (this session's orders).

        Kraken sends no OrderMassCancelReport: this returns the cancel reports (150=4) that
        arrived until ``mass_cancel_quiet_s`` (default 1 s) passed without another one.
        """
        identifier = self.client_order_ids.next()
        message = mass_cancel_message(identifier, symbol, self.clock.now_ns())
        sequence = self._next_sequence()
        batch = self.tracker.mass_cancel(identifier, symbol, sequence, self.clock.now_ns())
        self._send(message)
        self.connection.arm_timer()
        return await _wait(batch, timeout_s)

    def order(self, identifier: str) -> OrderHandle | None:
        """An order by OrderID or any ClOrdID used for it."""
        return self.tracker.find(identifier)

    @property
    def open_orders(self) -> list[OrderHandle]:
        """Orders this client knows to be open (placed here or seen in a report)."""
        return self.tracker.open_orders

    # -- helpers ---------------------------------------------------------------------------

    def _next_sequence(self) -> int:
        if not self.session.is_logged_on:
            raise NotLoggedOn("the trading session is not logged on; nothing was sent")
        return self.store.next_sender_seq

    def _send(self, message: Message) -> None:
        if not self.connection.send(message):
            raise NotLoggedOn("the trading session is not logged on")

    async def _request(
        self,
        kind: RequestKind,
        handle: OrderHandle,
        identifier: str,
        message: Message,
        timeout_s: float | None,
    ) -> ExecutionReport:
        sequence = self._next_sequence()
        answer = self.tracker.order_request(kind, handle, identifier, sequence)
        self._send(message)
        return await _wait(answer, timeout_s)

    def _handle(
        self, order: OrderReference, symbol: str | None = None, side: Side | str | None = None
    ) -> OrderHandle:
        if isinstance(order, OrderHandle):
            return order
        handle = self.tracker.find(order)
        if handle is not None:
            return handle
        if symbol is None:
            raise KeyError(f"unknown order {order!r}: give its symbol (and side to cancel it)")
        return self.tracker.adopt(order, symbol, Side(side) if side is not None else None)

    @staticmethod
    def _order_id(handle: OrderHandle) -> str:
        if handle.order_id is None:
            raise ValueError(
                f"order {handle.client_order_id} has no OrderID yet (not acknowledged)"
            )
        return handle.order_id

    @staticmethod
    def _side(handle: OrderHandle) -> Side:
        if handle.side is None:
            raise ValueError(f"the side of order {handle.order_id} is unknown: pass side=")
        return handle.side


async def _wait(promise: Promise[T], timeout_s: float | None) -> T:
    if timeout_s is None:
        return await promise
    async with asyncio.timeout(timeout_s):
        return await promise


def _nanoseconds(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * NANOS_PER_SECOND + delta.microseconds * 1_000
