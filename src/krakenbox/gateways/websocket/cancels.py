"""The cancel methods of the authenticated endpoint: ``cancel_order``, ``cancel_all``,
``cancel_all_orders_after`` and ``batch_cancel`` (spec/spot-ws-v2.md §6.4-6.8). They find the
account's open orders whatever placed them (FIX, REST, another WebSocket connection)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.domain.commands import CancelAll, CancelAllAfter, CancelOrder
from krakenbox.domain.events import CancelAllAfterSet, OrderCanceled, OrderRejected, RejectReason
from krakenbox.kraken.errors import EdgeReason, websocket_error
from krakenbox.kraken.ratelimits import TradingAction
from krakenbox.kraken.websocket import fields
from krakenbox.kraken.websocket import orders as wire_orders
from krakenbox.kraken.websocket.wire import timestamp

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.websocket.connection import Connection
    from krakenbox.gateways.websocket.trading import Trading
    from krakenbox.kraken.websocket.envelope import Request

RATE_LIMIT: Final = websocket_error(EdgeReason.TRADING_RATE_LIMIT)
UNKNOWN_ORDER: Final = websocket_error(RejectReason.UNKNOWN_ORDER)


def cancel_order(
    trading: Trading, connection: Connection, request: Request, account: str, time_in: int
) -> None:
    params = request.params
    fields.check_fields(params, wire_orders.CANCEL_FIELDS, "cancel order")
    order_ids = fields.string_list(params, "order_id")
    client_order_ids = fields.string_list(params, "cl_ord_id")
    references = fields.integer_list(params, "order_userref")
    if not (order_ids or client_order_ids or references):
        raise fields.invalid("order_id")
    now = trading.now()
    targets: list[tuple[Order | None, dict[str, Any]]] = []
    for order_id in order_ids:
        targets.append((trading.open_order(account, order_id, None), {"order_id": order_id}))
    for client_order_id in client_order_ids:
        found = trading.open_order(account, None, client_order_id)
        targets.append((found, {"cl_ord_id": client_order_id}))
    for reference in references:
        matching = [
            order
            for order in trading.venue.orders.open_orders(account)
            if order.request.origin.user_reference == reference
        ]
        targets.extend((order, {}) for order in matching)
        if not matching:
            targets.append((None, {"order_userref": reference}))
    for order, echo in targets:
        _cancel_one(trading, connection, request, account, time_in, now, order, echo)


def _cancel_one(
    trading: Trading,
    connection: Connection,
    request: Request,
    account: str,
    time_in: int,
    now: int,
    order: Order | None,
    echo: dict[str, Any],
) -> None:
    if order is None:
        trading.later(lambda: trading.reply(connection, request, time_in, error=UNKNOWN_ORDER))
        return
    pair = trading.pair_of(order)
    if not trading.context.counter.charge(
        account, pair, TradingAction.CANCEL, now, max(0, now - order.updated_at)
    ):
        trading.later(lambda: trading.reply(connection, request, time_in, error=RATE_LIMIT))
        return
    sequenced = trading.submit(
        CancelOrder(account=account, timestamp=now, order_id=order.order_id), pair
    )

    def answer() -> None:
        for event in sequenced.events:
            if isinstance(event, OrderRejected):
                trading.reply(connection, request, time_in, error=websocket_error(event.reason))
                return
        result: dict[str, Any] = {"order_id": order.order_id}
        if "cl_ord_id" in echo:
            result["cl_ord_id"] = echo["cl_ord_id"]
        trading.reply(connection, request, time_in, result)

    trading.later(answer)


def _open_pairs(trading: Trading, account: str) -> list[str]:
    orders = trading.venue.orders
    pairs = {orders.pair_of(order.order_id) for order in orders.open_orders(account)}
    return sorted(pair for pair in pairs if pair is not None)


def cancel_all(
    trading: Trading, connection: Connection, request: Request, account: str, time_in: int
) -> None:
    fields.check_fields(request.params, wire_orders.CANCEL_ALL_FIELDS, "cancel all")
    now = trading.now()
    submitted = []
    for pair in _open_pairs(trading, account):
        trading.context.counter.charge_fixed(account, pair, TradingAction.CANCEL_ALL, now)
        submitted.append(trading.submit(CancelAll(account=account, timestamp=now), pair))

    def answer() -> None:
        count = sum(
            isinstance(event, OrderCanceled)
            for sequenced in submitted
            for event in sequenced.events
        )
        trading.reply(connection, request, time_in, {"count": count})

    trading.later(answer)


def cancel_all_orders_after(
    trading: Trading, connection: Connection, request: Request, account: str, time_in: int
) -> None:
    params = request.params
    fields.check_fields(params, wire_orders.CANCEL_AFTER_FIELDS, "cancel all orders after")
    timeout = wire_orders.read_timeout(params)
    now = trading.now()
    submitted = [
        trading.submit(
            CancelAllAfter(account=account, timeout=timeout * NANOS_PER_SECOND, timestamp=now),
            instrument.key,
        )
        for instrument in trading.venue.catalogue
    ]

    def answer() -> None:
        trigger: int | None = None
        for sequenced in submitted:
            for event in sequenced.events:
                if isinstance(event, CancelAllAfterSet) and event.trigger_time is not None:
                    trigger = event.trigger_time
        result = {
            "currentTime": timestamp(now),
            "triggerTime": "0" if trigger is None else timestamp(trigger),
        }
        trading.reply(connection, request, time_in, result)

    trading.later(answer)


def batch_cancel(
    trading: Trading, connection: Connection, request: Request, account: str, time_in: int
) -> None:
    params = request.params
    fields.check_fields(params, wire_orders.BATCH_CANCEL_FIELDS, "batch cancel")
    identifiers = fields.string_list(params, "orders")
    client_order_ids = fields.string_list(params, "cl_ord_id")
    total = len(identifiers) + len(client_order_ids)
    if not wire_orders.MINIMUM_BATCH <= total <= wire_orders.MAXIMUM_BATCH_CANCEL:
        raise fields.invalid("orders")
    found: dict[str, Order] = {}
    open_orders = trading.venue.orders.open_orders(account)
    for identifier in identifiers:
        if identifier.isdigit():
            for candidate in open_orders:
                if candidate.request.origin.user_reference == int(identifier):
                    found[candidate.order_id] = candidate
        else:
            named = trading.open_order(account, identifier, None)
            if named is not None:
                found[named.order_id] = named
    for client_order_id in client_order_ids:
        named = trading.open_order(account, None, client_order_id)
        if named is not None:
            found[named.order_id] = named
    now = trading.now()
    submitted = []
    for order in found.values():
        pair = trading.pair_of(order)
        trading.charge(
            account, pair, TradingAction.BATCH_CANCEL, now, max(0, now - order.updated_at)
        )
        command = CancelOrder(account=account, timestamp=now, order_id=order.order_id)
        submitted.append(trading.submit(command, pair))

    def answer() -> None:
        count = sum(
            isinstance(event, OrderCanceled)
            for sequenced in submitted
            for event in sequenced.events
        )
        trading.reply(connection, request, time_in, {"count": count})

    trading.later(answer)
