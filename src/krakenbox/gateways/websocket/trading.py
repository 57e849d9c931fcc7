"""The trading methods of the authenticated endpoint: ``add_order``, ``amend_order``,
``edit_order``, ``cancel_order``, ``cancel_all``, ``cancel_all_orders_after``, ``batch_add``,
``batch_cancel`` (spec/spot-ws-v2.md §6).

Each request is checked (token, fields, numbers), charged to the account's trading counter
shared with REST and FIX, and submitted to the venue; the ack is sent once the venue has
published the command (it is durable, and the ``executions`` reports it caused went first).
Cancels find the account's open orders whatever placed them (FIX, REST, WebSocket).

The time from a request's arrival to its deferred ack goes to the request-latency metric
(``websocket``), beside REST's and FIX's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.ids import IdGenerator, IdKind
from krakenbox.domain.events import (
    OrderAccepted,
    OrderRejected,
    RejectReason,
)
from krakenbox.gateways.websocket import cancels
from krakenbox.kraken.errors import EdgeReason, websocket_error
from krakenbox.kraken.ratelimits import TradingAction
from krakenbox.kraken.symbols import UnknownPair
from krakenbox.kraken.websocket import fields
from krakenbox.kraken.websocket import orders as wire_orders
from krakenbox.kraken.websocket.envelope import Refused, ack

if TYPE_CHECKING:
    from krakenbox.domain.commands import Command
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.spot_context import SpotContext
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.gateways.websocket.private import PrivateFeeds
    from krakenbox.gateways.websocket.requests import Requests
    from krakenbox.kraken.websocket.envelope import Request
    from krakenbox.venue.sequencer import Sequenced
    from krakenbox.venue.spot import SpotVenue

RATE_LIMIT: Final = websocket_error(EdgeReason.TRADING_RATE_LIMIT)
UNKNOWN_ORDER: Final = websocket_error(RejectReason.UNKNOWN_ORDER)

Handler = Callable[["Trading", "Connection", "Request", str, int], None]


class Trading:
    def __init__(self, context: SpotContext, private: PrivateFeeds) -> None:
        self.context = context
        self.private = private
        self.requests: Requests | None = None
        self.amend_ids = IdGenerator("websocket amend_id", IdKind.TRADE)
        self._received = 0.0
        """When the request being handled arrived (``time.perf_counter``)."""

    def handles(self, method: str) -> bool:
        return method in _HANDLERS

    def handle(self, connection: Connection, request: Request, time_in: int) -> None:
        assert self.requests is not None
        self._received = time.perf_counter()
        account = self.requests.account_of(connection, request.params.get("token"))
        _HANDLERS[request.method](self, connection, request, account, time_in)

    # --- helpers -----------------------------------------------------------------------------

    @property
    def venue(self) -> SpotVenue:
        return self.context.venue

    def now(self) -> int:
        return self.context.clock.now_ns()

    def instrument_of(self, symbol: str | None) -> Instrument:
        try:
            return self.context.translator.websocket_pair(symbol or "")
        except UnknownPair as unknown:
            raise Refused(unknown.reply, extra={"symbol": symbol}) from None

    def charge(
        self,
        account: str,
        pair: str,
        action: TradingAction,
        now: int,
        age: int | None = None,
        count: int = 1,
    ) -> None:
        if not self.context.counter.charge(account, pair, action, now, age, count):
            raise Refused(RATE_LIMIT)

    def submit(self, command: Command, pair: str) -> Sequenced:
        sequenced: Sequenced = self.venue.submit(command, pair)
        self.context.venue_loop.request_flush()
        return sequenced

    def later(self, reply: Callable[[], None]) -> None:
        """Run ``reply`` once everything submitted so far is published (and count the time
        since the request arrived)."""
        received, observe = self._received, self.context.observe_request
        if observe is None:  # nobody collects metrics
            self.venue.after_published(reply)
            return

        def replied() -> None:
            reply()
            observe("websocket", time.perf_counter() - received)

        self.venue.after_published(replied)

    def reply(
        self,
        connection: Connection,
        request: Request,
        time_in: int,
        result: Any = None,
        error: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        now = self.now()
        reply = ack(
            request.method, request.req_id, time_in, now, result=result, error=error, extra=extra
        )
        connection.send(reply)

    def pair_of(self, order: Order) -> str:
        """The pair key of the book an order is on."""
        pair = self.venue.orders.pair_of(order.order_id)
        if pair is None:
            raise Refused(UNKNOWN_ORDER)
        return pair

    def open_order(
        self, account: str, order_id: str | None, client_order_id: str | None
    ) -> Order | None:
        orders = self.venue.orders
        if order_id is not None:
            found: Order | None = orders.get(order_id)
        else:
            found = next(
                (o for o in orders.open_orders(account) if o.client_order_id == client_order_id),
                None,
            )
        if found is None or found.account != account or not found.is_open:
            return None
        return found

    # --- add_order ---------------------------------------------------------------------------

    def add_order(
        self, connection: Connection, request: Request, account: str, time_in: int
    ) -> None:
        params = request.params
        fields.check_fields(params, wire_orders.ADD_ORDER_FIELDS, "add order")
        instrument = self.instrument_of(fields.text(params, "symbol", required=True))
        now = self.now()
        fields.check_deadline(params, now)
        validate = fields.flag(params, "validate")
        order = wire_orders.read_order(
            params, instrument, account=account, session=connection.key, now=now
        )
        self.charge(account, instrument.key, TradingAction.ADD, now)
        if validate:
            result = wire_orders.order_result("", order)
            self.later(lambda: self.reply(connection, request, time_in, result))
            return
        sequenced = self.submit(order.command, instrument.key)

        def answer() -> None:
            order_id, error = _outcome(sequenced.events)
            if order_id is None:
                self.reply(connection, request, time_in, error=error)
            else:
                self.reply(connection, request, time_in, wire_orders.order_result(order_id, order))

        self.later(answer)

    # --- batch_add ---------------------------------------------------------------------------

    def batch_add(
        self, connection: Connection, request: Request, account: str, time_in: int
    ) -> None:
        params = request.params
        fields.check_fields(params, wire_orders.BATCH_ADD_FIELDS, "batch add")
        instrument = self.instrument_of(fields.text(params, "symbol", required=True))
        now = self.now()
        fields.check_deadline(params, now)
        validate = fields.flag(params, "validate")
        entries = params.get("orders")
        if (
            not isinstance(entries, list)
            or not wire_orders.MINIMUM_BATCH <= len(entries) <= wire_orders.MAXIMUM_BATCH_ADD
            or not all(isinstance(entry, dict) for entry in entries)
        ):
            raise fields.invalid("orders")
        orders = []
        for entry in entries:
            fields.check_fields(entry, wire_orders.BATCH_ORDER_FIELDS, "batch add")
            orders.append(
                wire_orders.read_order(
                    entry, instrument, account=account, session=connection.key, now=now
                )
            )
        self.charge(account, instrument.key, TradingAction.BATCH_ADD, now, None, len(orders))
        if validate:
            rows = [wire_orders.order_result("", order) for order in orders]
            self.later(lambda: self.reply(connection, request, time_in, rows))
            return
        submitted = [(order, self.submit(order.command, instrument.key)) for order in orders]

        def answer() -> None:
            rows = []
            for order, sequenced in submitted:
                order_id, error = _outcome(sequenced.events)
                if order_id is None:
                    row = wire_orders.order_result("", order)
                    del row["order_id"]
                    row["error"] = error
                else:
                    row = wire_orders.order_result(order_id, order)
                rows.append(row)
            self.reply(connection, request, time_in, rows)

        self.later(answer)

    # --- amend_order and edit_order ------------------------------------------------------------

    def amend_order(
        self, connection: Connection, request: Request, account: str, time_in: int
    ) -> None:
        params = request.params
        fields.check_fields(params, wire_orders.AMEND_FIELDS, "amend order")
        order_id = fields.text(params, "order_id")
        client_order_id = fields.text(params, "cl_ord_id")
        if (order_id is None) == (client_order_id is None):
            raise fields.invalid("order_id")
        now = self.now()
        fields.check_deadline(params, now)
        order = self.open_order(account, order_id, client_order_id)
        if order is None:
            raise Refused(UNKNOWN_ORDER)
        pair = self.pair_of(order)
        instrument = self.venue.engine.instrument(pair)
        trailing = order.order_type.is_trailing
        command = wire_orders.read_amend(
            params, instrument, account=account, now=now, order_id=order.order_id, trailing=trailing
        )
        self.charge(account, pair, TradingAction.AMEND, now, max(0, now - order.updated_at))
        sequenced = self.submit(command, pair)
        amend_id = self.amend_ids.next_id()

        def answer() -> None:
            for event in sequenced.events:
                if isinstance(event, OrderRejected):
                    self.reply(connection, request, time_in, error=websocket_error(event.reason))
                    return
            result: dict[str, Any] = {"amend_id": amend_id, "order_id": order.order_id}
            if client_order_id is not None:
                result["cl_ord_id"] = client_order_id
            self.reply(connection, request, time_in, result)

        self.later(answer)

    def edit_order(
        self, connection: Connection, request: Request, account: str, time_in: int
    ) -> None:
        params = request.params
        fields.check_fields(params, wire_orders.EDIT_FIELDS, "edit order")
        self.instrument_of(fields.text(params, "symbol", required=True))
        now = self.now()
        fields.check_deadline(params, now)
        order = self.open_order(account, fields.text(params, "order_id", required=True), None)
        if order is None:
            raise Refused(UNKNOWN_ORDER)
        pair = self.pair_of(order)
        instrument = self.venue.engine.instrument(pair)
        command = wire_orders.read_edit(
            params, instrument, account=account, session=connection.key, now=now
        )
        self.charge(account, pair, TradingAction.EDIT, now, max(0, now - order.updated_at))
        if fields.flag(params, "validate"):
            result = {"order_id": "", "original_order_id": order.order_id}
            self.later(lambda: self.reply(connection, request, time_in, result))
            return
        sequenced = self.submit(command, pair)

        def answer() -> None:
            order_id, error = _outcome(sequenced.events)
            if order_id is None:
                self.reply(connection, request, time_in, error=error)
                return
            result = {"order_id": order_id, "original_order_id": order.order_id}
            self.reply(connection, request, time_in, result)

        self.later(answer)


def _outcome(events: list[Any]) -> tuple[str | None, str | None]:
    """``(order id, None)`` for the order a submit (or edit) created, ``(None, error)`` when the
    engine refused it."""
    for event in events:
        if isinstance(event, OrderAccepted):
            return event.order_id, None
        if isinstance(event, OrderRejected):
            return None, websocket_error(event.reason)
    return None, websocket_error(EdgeReason.INTERNAL_ERROR)


_HANDLERS: Final[dict[str, Handler]] = {
    "add_order": Trading.add_order,
    "batch_add": Trading.batch_add,
    "amend_order": Trading.amend_order,
    "edit_order": Trading.edit_order,
    "cancel_order": cancels.cancel_order,
    "cancel_all": cancels.cancel_all,
    "cancel_all_orders_after": cancels.cancel_all_orders_after,
    "batch_cancel": cancels.batch_cancel,
}
