"""The order model: the status table, applying events, offsets, event records."""

from __future__ import annotations

import dataclasses

import pytest

from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import (
    IcebergRefilled,
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderRested,
    OrderTriggered,
    TradeExecuted,
)
from krakenbox.domain.orders import (
    TRANSITIONS,
    Action,
    CancelReason,
    IllegalTransition,
    OffsetUnit,
    Order,
    OrderStatus,
    OrderType,
    Origin,
    PriceOffset,
    Side,
    next_status,
)

REQUEST = SubmitOrder(
    account="alice",
    side=Side.BUY,
    order_type=OrderType.LIMIT,
    quantity=10,
    price=100,
    timestamp=1,
    origin=Origin(client_order_id="c1", user_reference=5),
)


def _order(request: SubmitOrder = REQUEST) -> Order:
    return Order(OrderAccepted("O1", request, 1))


def _trade(quantity: int, price: int = 100, maker: str = "O1", taker: str = "O2") -> TradeExecuted:
    return TradeExecuted(1, "T1", price, quantity, Side.SELL, maker, taker, "alice", "bob", 2)


def test_every_open_status_has_every_action_and_closed_statuses_have_none() -> None:
    open_statuses = {OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED}
    assert {status for status, _ in TRANSITIONS} == open_statuses
    assert {action for _, action in TRANSITIONS} == set(Action)
    for status in (OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.EXPIRED):
        for action in Action:
            with pytest.raises(IllegalTransition):
                next_status(status, action)
    assert next_status(OrderStatus.NEW, Action.PARTIAL_FILL) is OrderStatus.PARTIALLY_FILLED
    assert next_status(OrderStatus.PARTIALLY_FILLED, Action.FULL_FILL) is OrderStatus.FILLED


def test_an_order_is_built_from_its_acceptance_and_changed_by_events() -> None:
    order = _order()
    assert (order.status, order.client_order_id, order.triggered, order.remaining) == (
        OrderStatus.NEW,
        "c1",
        None,
        10,
    )
    order.apply(OrderRested("O1", Side.BUY, 100, 10, 1))
    assert order.resting and order.visible == 10
    order.apply(_trade(4))
    assert (order.status, order.filled, order.cost, order.visible, order.remaining) == (
        OrderStatus.PARTIALLY_FILLED,
        4,
        400,
        6,
        6,
    )
    order.apply(OrderAmended("O1", 8, 101, None, None, None, 4, False, "c2", 3))
    assert (order.quantity, order.price, order.visible, order.client_order_id) == (8, 101, 4, "c2")
    order.apply(_trade(4, price=101))
    assert (order.status, order.cost, order.resting, order.visible) == (
        OrderStatus.FILLED,
        804,
        False,
        0,
    )
    with pytest.raises(IllegalTransition):
        order.apply(OrderCanceled("O1", CancelReason.USER_REQUESTED, 4))


def test_taker_side_of_a_trade_does_not_touch_what_the_order_shows() -> None:
    order = _order()
    order.apply(_trade(3, maker="O9", taker="O1"))
    assert (order.filled, order.visible, order.status) == (3, 0, OrderStatus.PARTIALLY_FILLED)


def test_iceberg_refill_trigger_cancel_and_expire() -> None:
    iceberg = _order(dataclasses.replace(REQUEST, display_quantity=2))
    iceberg.apply(OrderRested("O1", Side.BUY, 100, 2, 1))
    iceberg.apply(_trade(2))
    assert iceberg.visible == 0 and iceberg.hidden == 8
    iceberg.apply(IcebergRefilled("O1", 2, 3))
    assert iceberg.visible == 2 and iceberg.hidden == 6
    iceberg.apply(OrderCanceled("O1", CancelReason.USER_REQUESTED, 4))
    assert iceberg.status is OrderStatus.CANCELED and not iceberg.resting
    stop = _order(
        dataclasses.replace(REQUEST, order_type=OrderType.STOP_LOSS_LIMIT, trigger_price=99)
    )
    assert stop.triggered is False
    stop.apply(OrderTriggered("O1", 99, 98, 100, 2))
    assert stop.triggered is True and stop.status is OrderStatus.NEW
    stop.apply(OrderExpired("O1", 5))
    assert stop.status is OrderStatus.EXPIRED


def test_quote_sized_orders_count_their_remainder_in_quote() -> None:
    order = _order(
        dataclasses.replace(
            REQUEST, order_type=OrderType.MARKET, price=None, quantity=1_000, quantity_in_quote=True
        )
    )
    order.apply(_trade(9, price=100, maker="O9", taker="O1"))
    assert order.remaining == 100 and order.status is OrderStatus.PARTIALLY_FILLED
    order.apply(_trade(1, price=60, maker="O9", taker="O1"))  # 40 left cannot buy a lot at 60
    assert order.status is OrderStatus.FILLED


def test_events_that_do_not_change_orders_are_refused() -> None:
    with pytest.raises(TypeError):
        _order().apply(object())


def test_price_offsets() -> None:
    assert PriceOffset(5).distance(1_000) == 5
    assert PriceOffset(10_000, OffsetUnit.PERCENT).distance(12_345) == 123  # 1%, truncated
    assert PriceOffset(-10_000, OffsetUnit.PERCENT).distance(12_345) == -123


def test_events_are_frozen_records_with_their_defaults() -> None:
    accepted = OrderAccepted("O1", REQUEST, 1)
    assert accepted.replaces is None and accepted == OrderAccepted("O1", REQUEST, 1, None)
    assert OrderAccepted.__init__.__qualname__ == "OrderAccepted.__init__"
    with pytest.raises(dataclasses.FrozenInstanceError):
        accepted.order_id = "O2"  # type: ignore[misc]
    assert not hasattr(accepted, "__dict__")
    assert (
        OrderCanceled(order_id="O1", reason=CancelReason.POST_ONLY, timestamp=3).reason
        is CancelReason.POST_ONLY
    )
