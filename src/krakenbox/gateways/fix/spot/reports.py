"""The Spot FIX trading gateway's reports: what the engine did, told to FIX sessions.

A venue :class:`~krakenbox.venue.spot.Listener`: for each published event it renders one
ExecutionReport per order the event changed (spec/fix.md §7.4) and sends it to the session that
placed the order; an engine refusal of a FIX request becomes a BusinessMessageReject (35=j) to
the session that asked. A mass cancel's requester also hears of the orders it canceled that
another session or protocol placed. Reports for a session that is not connected are still
sequenced and stored, so the client gets them by ResendRequest after its next Logon.

Which event gives which report:

| event | 150 / 39 |
|---|---|
| OrderAccepted | 0 / 0 (New) |
| TradeExecuted | F / 1 or 2, to the taker's and the maker's session |
| OrderAmended | 5 / 5 (Replaced) |
| OrderTriggered | D / current (40 now 1 or 2) |
| OrderCanceled | 4 / 4, 58 the reason when unsolicited |
| OrderExpired | C / C |
| OrderRested, IcebergRefilled | none (the New report already said it rests) |
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from krakenbox.domain.events import (
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderRejected,
    OrderTriggered,
    RejectReason,
    TradeExecuted,
)
from krakenbox.domain.orders import Interface
from krakenbox.fix.session import admin
from krakenbox.fix.tags import MsgType
from krakenbox.kraken.errors import FIX_EXPIRY, fix_business_reject, fix_cancel_report
from krakenbox.kraken.fix import reports as fix_reports
from krakenbox.kraken.fix.reports import Echo, Fill
from krakenbox.venue.spot import Listener, Published

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.orders import Order
    from krakenbox.fix.message import Message
    from krakenbox.fix.session import SessionID
    from krakenbox.gateways.fix.spot.sessions import Request
    from krakenbox.kraken.symbols import SymbolTranslator
    from krakenbox.venue.spot import SpotVenue

Send = Callable[["SessionID", "Message"], object]


class Reports(Listener):
    """Renders published events as ExecutionReports and rejects for FIX trading sessions."""

    def __init__(
        self,
        *,
        venue: SpotVenue,
        translator: SymbolTranslator,
        send: Send,
        session_of: Callable[[str], SessionID | None],
        observe: Callable[[str, float], None] | None = None,
    ) -> None:
        self.venue = venue
        self.translator = translator
        self._send = send
        self.session_of = session_of
        """The FIX session of an order's origin session id (``fix:<CompID>``), if any."""
        self._requests: dict[int, tuple[Request, float]] = {}
        """Command sequence → the request behind it and when it was submitted."""
        self.observe = observe
        """Told how long each FIX request took, from its command's submission to its reports
        (metrics)."""
        self._allocations: dict[str, str] = {}
        self._event_index = (0, 0)
        self._status_replies = 0
        self._instruments: dict[str, tuple[Instrument, str]] = {}

    # --- what the trading application tells us -------------------------------------------

    def expect(self, sequence: int, request: Request) -> None:
        """The command ``sequence`` came from ``request``: its reports echo the request."""
        self._requests[sequence] = (request, time.perf_counter())

    def send(self, session_id: SessionID, message: Message) -> None:
        self._send(session_id, message)

    def status(self, request: Request, order_id: str) -> None:
        """Answer an OrderStatusRequest: ER 150=I with the order's state, or 35=j."""
        order = self.venue.orders.get(order_id)
        session = request.session
        if order is None or order.account != session.account:
            reject = fix_business_reject(RejectReason.UNKNOWN_ORDER)
            self.send(
                session.session_id,
                admin.business_reject(
                    request.sequence,
                    request.msg_type,
                    reject.reason,
                    reject.text,
                    request.client_order_id,
                ),
            )
            return
        self._status_replies += 1
        report = self._report(
            order,
            fix_reports.ORDER_STATUS,
            exec_id=f"I{self.venue.sequencer.next_sequence}-{self._status_replies}",
            timestamp=order.updated_at,
            echo=Echo(request.client_order_id or order.client_order_id, None,
                      self._allocations.get(order.order_id)),
        )  # fmt: skip
        self.send(session.session_id, report)

    # --- venue listener ----------------------------------------------------------------------

    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        sequence = published.sequenced.sequence
        last, index = self._event_index
        index = index + 1 if last == sequence else 0
        self._event_index = (sequence, index)
        expected = self._requests.get(sequence)
        request = expected[0] if expected is not None else None
        if isinstance(event, OrderRejected):
            if request is not None:
                self._reject(request, event)
            return
        exec_id = f"E{sequence}-{index}"
        for order in orders:
            recipients = self._recipients(order, request)
            if not recipients:
                continue  # an order no FIX session placed or asked about: nothing to render
            report = self._event_report(event, order, exec_id, request)
            if report is not None:
                for session_id in recipients:
                    self.send(session_id, report)

    def on_published(self, published: Published) -> None:
        expected = self._requests.pop(published.sequenced.sequence, None)
        if expected is not None and self.observe is not None:
            self.observe("fix", time.perf_counter() - expected[1])

    # --- rendering ---------------------------------------------------------------------------

    def _event_report(
        self, event: Any, order: Order, exec_id: str, request: Request | None
    ) -> Message | None:
        if isinstance(event, OrderAccepted):
            if request is not None and request.allocation_account is not None:
                self._allocations[order.order_id] = request.allocation_account
            return self._report(order, fix_reports.NEW, exec_id, event.timestamp, self._echo(order))
        if isinstance(event, TradeExecuted):
            return self._report(
                order, fix_reports.TRADE, event.execution_id, event.timestamp,
                self._echo(order), fill=self._fill(order, event),
            )  # fmt: skip
        if isinstance(event, OrderAmended):
            echo = self._echo(order, request)
            return self._report(order, fix_reports.REPLACED, exec_id, event.timestamp, echo)
        if isinstance(event, OrderTriggered):
            return self._report(
                order, fix_reports.RESTATED, exec_id, event.timestamp, self._echo(order)
            )
        if isinstance(event, OrderCanceled):
            cancel = fix_cancel_report(event.reason)
            return self._report(
                order, cancel.exec_type, exec_id, event.timestamp, self._echo(order, request),
                text=cancel.text if cancel.unsolicited else None,
            )  # fmt: skip
        if isinstance(event, OrderExpired):
            return self._report(
                order, FIX_EXPIRY.exec_type, exec_id, event.timestamp, self._echo(order),
                text=FIX_EXPIRY.text,
            )  # fmt: skip
        return None

    def _report(
        self,
        order: Order,
        exec_type: str,
        exec_id: str,
        timestamp: int,
        echo: Echo,
        *,
        fill: Fill | None = None,
        text: str | None = None,
    ) -> Message:
        instrument, symbol = self._instrument_of(self.venue.orders.pair_of(order.order_id) or "")
        return fix_reports.execution_report(
            order,
            exec_type,
            instrument=instrument,
            symbol=symbol,
            exec_id=exec_id,
            timestamp=timestamp,
            echo=echo,
            fill=fill,
            text=text,
        )

    def _instrument_of(self, pair: str) -> tuple[Instrument, str]:
        """The instrument of a pair key and its FIX Symbol (55), looked up once per pair."""
        found = self._instruments.get(pair)
        if found is None:
            instrument = self.venue.engine.instrument(pair)
            found = self._instruments[pair] = (instrument, self.translator.fix_symbol(instrument))
        return found

    def _echo(self, order: Order, request: Request | None = None) -> Echo:
        """11 and 41: a cancel or replace request's own ClOrdID and the order's before it;
        otherwise the order's latest ClOrdID."""
        allocation = self._allocations.get(order.order_id)
        if request is not None and request.msg_type in _ECHOING_REQUESTS:
            original = request.original_client_order_id
            if request.msg_type == MsgType.OrderMassCancelRequest:
                original = order.client_order_id
            if request.client_order_id is not None:
                return Echo(request.client_order_id, original, allocation)
        return Echo(order.client_order_id, None, allocation)

    def _fill(self, order: Order, trade: TradeExecuted) -> Fill:
        account = self.venue.engine.accounts.find(order.account)
        if account is not None:
            for record in reversed(account.trades):
                if record.execution_id == trade.execution_id and record.order_id == order.order_id:
                    asset = self.venue.catalogue.asset(record.fee_asset)
                    currency = self.translator.fix_currency(asset)
                    return Fill(trade, record.fee, currency, asset.decimals)
        raise LookupError(f"no trade record {trade.execution_id} for {order.order_id}")

    # --- delivery ----------------------------------------------------------------------------

    def _recipients(self, order: Order, request: Request | None) -> list[SessionID]:
        """The order's own FIX session, and the requester of a mass cancel that reached it."""
        recipients = []
        origin = order.request.origin
        owner = None
        if origin.interface is Interface.FIX and origin.session_id is not None:
            owner = self.session_of(origin.session_id)
        if owner is not None:
            recipients.append(owner)
        if (
            request is not None
            and request.msg_type == MsgType.OrderMassCancelRequest
            and request.session.session_id != owner
        ):
            recipients.append(request.session.session_id)
        return recipients

    def _reject(self, request: Request, event: OrderRejected) -> None:
        reject = fix_business_reject(event.reason)
        self.send(
            request.session.session_id,
            admin.business_reject(
                request.sequence, request.msg_type, reject.reason, reject.text,
                request.client_order_id,
            ),
        )  # fmt: skip


_ECHOING_REQUESTS = frozenset(
    {
        MsgType.OrderCancelRequest,
        MsgType.OrderCancelReplaceRequest,
        MsgType.OrderMassCancelRequest,
    }
)
