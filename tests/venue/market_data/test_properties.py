"""Random command streams through a real SpotBook: the views equal the engine's own book after
every command, and a client that applies only the deltas ends up with the same book."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from krakenbox.domain.events import OrderAccepted, TradeExecuted
from krakenbox.domain.orders import Side
from krakenbox.venue.market_data import (
    DepthWindow,
    InstrumentMarketData,
    LevelChange,
    OrderAction,
    OrderChange,
    OrderDepthWindow,
)
from tests.matching.test_properties import _command, _engine, operations

SIDES = (Side.BUY, Side.SELL)


def _apply_levels(client: dict[Side, dict[int, int]], changes: list[LevelChange]) -> None:
    for change in changes:
        if change.quantity == 0 or change.out_of_range:
            client[change.side].pop(change.price, None)
        else:
            client[change.side][change.price] = change.quantity


def _apply_orders(
    client: dict[Side, dict[int, dict[str, int]]], changes: tuple[OrderChange, ...]
) -> None:
    for change in changes:
        order = change.order
        level = client[order.side]
        if change.action is OrderAction.ADD:
            assert order.order_id not in level.get(order.price, {})
            level.setdefault(order.price, {})[order.order_id] = order.quantity
        elif change.action is OrderAction.MODIFY:
            assert order.order_id in level[order.price]
            level[order.price][order.order_id] = order.quantity
        else:
            del level[order.price][order.order_id]
            if not level[order.price]:
                del level[order.price]


def _sorted(levels: dict[int, Any], side: Side) -> list[tuple[int, Any]]:
    return sorted(levels.items(), reverse=side is Side.BUY)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_views_and_deltas_follow_the_engine(ops: list[dict[str, Any]]) -> None:
    engine = _engine()
    views = InstrumentMarketData("XBT/USD")
    window = DepthWindow(views.book, 3)
    l2_client: dict[Side, dict[int, int]] = {Side.BUY: {}, Side.SELL: {}}
    window_client: dict[Side, dict[int, int]] = {Side.BUY: {}, Side.SELL: {}}
    l3_client: dict[Side, dict[int, dict[str, int]]] = {Side.BUY: {}, Side.SELL: {}}
    l3_window = OrderDepthWindow(views.orders, 2)
    l3_window_client: dict[Side, dict[int, dict[str, int]]] = {Side.BUY: {}, Side.SELL: {}}
    accepted: list[tuple[str, str]] = []
    trade_ids: list[int] = []
    volume = 0
    now = 0
    for operation in ops:
        now += operation.get("step", 1)
        events = engine.handle(_command(operation, now, accepted))
        accepted.extend(
            (event.request.account, event.order_id)
            for event in events
            if isinstance(event, OrderAccepted)
        )
        update = views.apply(events)
        _apply_levels(l2_client, list(update.levels))
        _apply_orders(l3_client, update.orders)
        window_changes = l3_window.update(update.orders)
        for change in window_changes:
            if change.out_of_range:
                assert views.orders.get(change.order.order_id) == change.order
        _apply_orders(l3_window_client, tuple(window_changes))
        _apply_levels(window_client, window.update())
        for side in SIDES:
            depth = engine.depth(side)
            assert list(views.book.levels(side)) == depth
            assert _sorted(l2_client[side], side) == depth
            assert _sorted(window_client[side], side) == depth[:3]
            by_order = [
                (price, [(order.order_id, order.visible) for order in orders])
                for price, orders in engine.orders_by_level(side)
            ]
            assert [
                (price, [(order.order_id, order.quantity) for order in orders])
                for price, orders in views.orders.levels(side)
            ] == by_order
            assert [
                (price, list(level.items())) for price, level in _sorted(l3_client[side], side)
            ] == by_order
        trades = [event for event in events if isinstance(event, TradeExecuted)]
        assert [trade.trade_id for trade in update.trades] == [trade.trade_id for trade in trades]
        trade_ids.extend(trade.trade_id for trade in update.trades)
        volume += sum(trade.quantity for trade in trades)
    assert trade_ids == list(range(1, len(trade_ids) + 1))
    day = views.ticker(now).last_24_hours
    assert day.volume == volume and day.count == len(trade_ids)
    for series in views.candles.values():
        candles = series.candles(now)
        assert sum(candle.volume for candle in candles) == volume
