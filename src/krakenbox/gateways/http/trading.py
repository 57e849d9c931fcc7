"""Trading (spec/spot-rest.md §9): AddOrder, AddOrderBatch, AmendOrder, EditOrder,
CancelOrder, CancelAll, CancelAllOrdersAfter, CancelOrderBatch.

Each call is read into domain commands (:mod:`krakenbox.kraken.rest.orders`), charged to the
one trading counter every protocol shares (as the FIX gateway charges: add, amend, edit and
cancel with the age of the order they touch), submitted, and answered once the venue has
published what it did. REST cancels reach the account's orders whatever placed them (FIX,
WebSocket, REST).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from krakenbox.core.clock import NANOS_PER_SECOND
from krakenbox.domain.commands import CancelAll, CancelAllAfter, CancelOrder
from krakenbox.domain.events import (
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderRejected,
    RejectReason,
)
from krakenbox.gateways.http.amends import amend_id
from krakenbox.gateways.http.calls import published
from krakenbox.kraken.errors.rejects import EdgeReason
from krakenbox.kraken.ratelimits import TradingAction
from krakenbox.kraken.rest import numbers, orders
from krakenbox.kraken.rest.errors import RestError, invalid_arguments
from krakenbox.kraken.rest.order_view import order_description, submit_description
from krakenbox.kraken.rest.parameters import Parameters

if TYPE_CHECKING:
    from krakenbox.domain.instruments import Instrument
    from krakenbox.domain.orders import Order
    from krakenbox.gateways.http.calls import Call, Handler
    from krakenbox.venue.sequencer import Sequenced

BATCH_MINIMUM: Final = 2
BATCH_MAXIMUM: Final = 15
CANCEL_BATCH_MAXIMUM: Final = 50
TIMEOUT_MAXIMUM_S: Final = 86_400


def _charge(
    call: Call, pair: str, action: TradingAction, age: int | None = None, count: int = 1
) -> None:
    if not call.context.counter.charge(call.account, pair, action, call.now_ns, age, count):
        raise RestError.of(EdgeReason.TRADING_RATE_LIMIT)


def _age(call: Call, order: Order) -> int:
    return max(0, call.now_ns - order.updated_at)


def _last_price(call: Call, instrument: Instrument) -> int | None:
    last = call.context.venue.market_data[instrument.key].statistics.last
    return None if last is None else last.price


def _refused(sequenced: Sequenced) -> RejectReason | None:
    for event in sequenced.events:
        if type(event) is OrderRejected:
            reason: RejectReason = event.reason
            return reason
    return None


def _accepted(sequenced: Sequenced) -> str | None:
    for event in sequenced.events:
        if type(event) is OrderAccepted:
            order_id: str = event.order_id
            return order_id
    return None


def _canceled(sequenced: Sequenced) -> int:
    return sum(1 for event in sequenced.events if type(event) is OrderCanceled)


def _unknown_order() -> RestError:
    return RestError.of(RejectReason.UNKNOWN_ORDER)


def _open_order(call: Call, order_id: str | None, client_id: str | None) -> tuple[Order, str]:
    """The account's open order named by id or ``cl_ord_id``, and its pair."""
    records = call.context.venue.orders
    found: Order | None = None
    if order_id is not None:
        found = records.get(order_id)
    elif client_id is not None:
        found = next(
            (
                order
                for order in records.open_orders(call.account)
                if order.client_order_id == client_id
            ),
            None,
        )
    if found is None or found.account != call.account or not found.is_open:
        raise _unknown_order()
    pair = records.pair_of(found.order_id)
    if pair is None:
        raise _unknown_order()
    return found, pair


# --- AddOrder, AddOrderBatch ---------------------------------------------------------------------


def _read_order(call: Call, parameters: Parameters, pair: str | None) -> orders.OrderRequest:
    translator = call.context.translator
    instrument = orders.instrument_of(
        translator, pair if pair is not None else parameters.text("pair")
    )
    return orders.add_order(
        parameters,
        translator,
        account=call.account,
        now_ns=call.now_ns,
        last_price=_last_price(call, instrument),
        pair=instrument.key,
    )


async def add_order(call: Call) -> Any:
    request = _read_order(call, call.parameters, None)
    description = {"order": submit_description(request.instrument, request.command)}
    if request.validate:
        return {"descr": description}
    _charge(call, request.instrument.key, TradingAction.ADD)
    sequenced = call.context.venue.submit(request.command, request.instrument.key)
    await published(call.context)
    reason = _refused(sequenced)
    if reason is not None:
        raise RestError.of(reason)
    return {"descr": description, "txid": [_accepted(sequenced)]}


async def add_order_batch(call: Call) -> Any:
    pair = call.parameters.text("pair")
    items = call.parameters.items("orders")
    if pair is None:
        raise invalid_arguments("pair")
    if items is None or not BATCH_MINIMUM <= len(items) <= BATCH_MAXIMUM:
        raise invalid_arguments("orders")
    requests = []
    for item in items:
        if not isinstance(item, dict):
            raise invalid_arguments("orders")
        requests.append(_read_order(call, Parameters(item), pair))
    orders.check_deadline(call.parameters, call.now_ns)
    validate = call.parameters.boolean("validate")
    descriptions = [submit_description(request.instrument, request.command) for request in requests]
    if validate:
        return {"orders": [{"descr": {"order": text}} for text in descriptions]}
    key = requests[0].instrument.key
    _charge(call, key, TradingAction.BATCH_ADD, count=len(requests))
    submitted = [call.context.venue.submit(request.command, key) for request in requests]
    await published(call.context)
    entries: list[dict[str, Any]] = []
    for sequenced, text in zip(submitted, descriptions, strict=True):
        reason = _refused(sequenced)
        if reason is not None:
            entries.append({"error": RestError.of(reason).errors[0]})
        else:
            entries.append({"txid": _accepted(sequenced), "descr": {"order": text}})
    return {"orders": entries}


# --- AmendOrder, EditOrder ---------------------------------------------------------------------


async def amend_order(call: Call) -> Any:
    order_id, client_id = orders.order_reference(call.parameters)
    order, pair = _open_order(call, order_id, client_id)
    instrument = call.context.venue.catalogue.instrument(pair)
    command = orders.amend_order(
        call.parameters, order, instrument, account=call.account, now_ns=call.now_ns
    )
    _charge(call, pair, TradingAction.AMEND, _age(call, order))
    sequenced = call.context.venue.submit(command, pair)
    await published(call.context)
    reason = _refused(sequenced)
    if reason is not None:
        raise RestError.of(reason)
    amended = any(type(event) is OrderAmended for event in sequenced.events)
    latest = call.state.amend_trails.latest(order.order_id) if amended else None
    return {"amend_id": latest if latest is not None else amend_id(order.order_id, 0)}


async def edit_order(call: Call) -> Any:
    order_id = call.parameters.required_text("txid")
    if not call.parameters.present("pair"):
        raise invalid_arguments("pair")
    if order_id.isdigit():
        matching = [
            order
            for order in call.context.venue.orders.open_orders(call.account)
            if order.request.origin.user_reference == int(order_id)
        ]
        if len(matching) != 1:
            raise _unknown_order()
        order_id = matching[0].order_id
    order, pair = _open_order(call, order_id, None)
    instrument = call.context.venue.catalogue.instrument(pair)
    requested = orders.instrument_of(call.context.translator, call.parameters.text("pair"))
    if requested.key != pair:
        raise _unknown_order()
    command = orders.edit_order(
        call.parameters, order, instrument, account=call.account, now_ns=call.now_ns
    )
    if call.parameters.boolean("validate"):
        return {"descr": {"order": order_description(instrument, order)}, "status": "ok"}
    _charge(call, pair, TradingAction.EDIT, _age(call, order))
    sequenced = call.context.venue.submit(command, pair)
    await published(call.context)
    reason = _refused(sequenced)
    if reason is not None:
        raise RestError.of(reason)
    new_id = _accepted(sequenced)
    replacement = call.context.venue.orders.get(new_id) if new_id is not None else None
    if replacement is None:
        raise _unknown_order()
    described = order_description(instrument, replacement)
    result: dict[str, Any] = {
        "status": "ok",
        "txid": new_id,
        "originaltxid": order.order_id,
        "volume": instrument.format_quantity(replacement.quantity),
        "price": instrument.format_price(replacement.price or 0),
        "price2": instrument.format_price(0),
        "orders_cancelled": 1,
        "descr": {"order": described},
    }
    if command.user_reference is not None:
        result["newuserref"] = command.user_reference
    if order.request.origin.user_reference is not None:
        result["olduserref"] = order.request.origin.user_reference
    return result


# --- cancels -----------------------------------------------------------------------------------


def _cancels(
    call: Call, order_id: str | None, client_id: str | None
) -> list[tuple[str, CancelOrder, list[Order]]]:
    """The cancel commands one ``txid``/``cl_ord_id`` means, per pair, with the orders hit."""
    command = orders.cancel_order(call.account, call.now_ns, order_id=order_id, client_id=client_id)
    records = call.context.venue.orders
    if command.user_reference is not None:
        by_pair: dict[str, list[Order]] = defaultdict(list)
        for order in records.open_orders(call.account):
            pair = records.pair_of(order.order_id)
            if pair is not None and order.request.origin.user_reference == command.user_reference:
                by_pair[pair].append(order)
        if not by_pair:
            raise _unknown_order()
        return [(pair, command, hit) for pair, hit in sorted(by_pair.items())]
    order, pair = _open_order(call, command.order_id, command.client_order_id)
    by_id = CancelOrder(account=call.account, timestamp=call.now_ns, order_id=order.order_id)
    return [(pair, by_id, [order])]


def _charge_cancels(call: Call, planned: list[tuple[str, CancelOrder, list[Order]]]) -> None:
    for pair, _, hit in planned:
        for order in hit:
            _charge(call, pair, TradingAction.CANCEL, _age(call, order))


async def cancel_order(call: Call) -> Any:
    order_id = call.parameters.text("txid")
    client_id = call.parameters.text("cl_ord_id")
    if order_id is None and client_id is None:
        raise invalid_arguments("txid")
    planned = _cancels(call, order_id, client_id)
    _charge_cancels(call, planned)
    submitted = [call.context.venue.submit(command, pair) for pair, command, _ in planned]
    await published(call.context)
    count = sum(_canceled(sequenced) for sequenced in submitted)
    if count == 0:
        reason = next(filter(None, map(_refused, submitted)), RejectReason.UNKNOWN_ORDER)
        raise RestError.of(reason)
    return {"count": count}


def _batch_ids(call: Call) -> tuple[list[str], list[str]]:
    order_ids: list[str] = []
    client_ids: list[str] = []
    for name, key, target in (
        ("orders", "txid", order_ids),
        ("cl_ord_ids", "cl_ord_id", client_ids),
    ):
        values = call.parameters.values.get(name)
        if values is None:
            continue
        if isinstance(values, str):
            target.extend(part.strip() for part in values.split(",") if part.strip())
            continue
        if not isinstance(values, list):
            raise invalid_arguments(name)
        for item in values:
            value = item.get(key) if isinstance(item, dict) else item
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise invalid_arguments(name)
            target.append(str(value))
    total = len(order_ids) + len(client_ids)
    if total == 0 or total > CANCEL_BATCH_MAXIMUM:
        raise invalid_arguments("orders")
    return order_ids, client_ids


async def cancel_order_batch(call: Call) -> Any:
    order_ids, client_ids = _batch_ids(call)
    planned: list[tuple[str, CancelOrder, list[Order]]] = []
    for order_id in order_ids:
        try:
            planned.extend(_cancels(call, order_id, None))
        except RestError:
            continue
    for client_id in client_ids:
        try:
            planned.extend(_cancels(call, None, client_id))
        except RestError:
            continue
    _charge_cancels(call, planned)
    submitted = [call.context.venue.submit(command, pair) for pair, command, _ in planned]
    await published(call.context)
    return {"count": sum(_canceled(sequenced) for sequenced in submitted)}


def _pairs_with_open_orders(call: Call) -> list[str]:
    records = call.context.venue.orders
    pairs = {records.pair_of(order.order_id) for order in records.open_orders(call.account)}
    return sorted(filter(None, pairs))


async def cancel_all(call: Call) -> Any:
    pairs = _pairs_with_open_orders(call)
    for pair in pairs:
        _charge(call, pair, TradingAction.CANCEL_ALL)
    submitted = [
        call.context.venue.submit(CancelAll(account=call.account, timestamp=call.now_ns), pair)
        for pair in pairs
    ]
    await published(call.context)
    return {"count": sum(_canceled(sequenced) for sequenced in submitted)}


async def cancel_all_orders_after(call: Call) -> Any:
    timeout = call.parameters.integer("timeout")
    if timeout is None or not 0 <= timeout < TIMEOUT_MAXIMUM_S:
        raise invalid_arguments("timeout")
    venue = call.context.venue
    command = CancelAllAfter(
        account=call.account, timeout=timeout * NANOS_PER_SECOND, timestamp=call.now_ns
    )
    for instrument in venue.catalogue:
        venue.submit(command, instrument.key)
    await published(call.context)
    trigger = "0" if timeout == 0 else numbers.rfc3339(call.now_ns + timeout * NANOS_PER_SECOND)
    return {"currentTime": numbers.rfc3339(call.now_ns), "triggerTime": trigger}


TRADING_METHODS: Final[dict[str, Handler]] = {
    "AddOrder": add_order,
    "AddOrderBatch": add_order_batch,
    "AmendOrder": amend_order,
    "EditOrder": edit_order,
    "CancelOrder": cancel_order,
    "CancelAll": cancel_all,
    "CancelAllOrdersAfter": cancel_all_orders_after,
    "CancelOrderBatch": cancel_order_batch,
}
