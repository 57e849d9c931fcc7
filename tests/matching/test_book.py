"""The book itself: levels, sort keys, queue order, compaction, views."""

from __future__ import annotations

from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import OrderAccepted, OrderRested
from krakenbox.domain.orders import Order, OrderType, Side
from krakenbox.matching.book import OrderBook


def _resting(order_id: str, side: Side, price: int, quantity: int) -> Order:
    request = SubmitOrder(
        account="a",
        side=side,
        order_type=OrderType.LIMIT,
        quantity=quantity,
        price=price,
        timestamp=0,
    )
    order = Order(OrderAccepted(order_id, request, 0))
    order.apply(OrderRested(order_id, side, price, quantity, 0))
    return order


def test_best_prices_depth_and_queue_views() -> None:
    book = OrderBook()
    orders = [
        _resting("b1", Side.BUY, 99, 1),
        _resting("b2", Side.BUY, 100, 2),
        _resting("b3", Side.BUY, 100, 3),
        _resting("s1", Side.SELL, 103, 4),
        _resting("s2", Side.SELL, 101, 5),
    ]
    for order in orders:
        book.add(order)
    assert (book.best_bid(), book.best_ask()) == (100, 101)
    assert book.depth(Side.BUY) == [(100, 5), (99, 1)]
    assert book.depth(Side.SELL, 1) == [(101, 5)]
    assert [
        (price, [o.order_id for o in level]) for price, level in book.orders_by_level(Side.BUY)
    ] == [
        (100, ["b2", "b3"]),
        (99, ["b1"]),
    ]
    assert book.crosses(Side.BUY, 101) and not book.crosses(Side.BUY, 100)
    assert book.crosses(Side.SELL, 100) and not book.crosses(Side.SELL, 101)
    assert len(book) == 5 and not book.is_crossed()
    book.remove(orders[1])
    book.remove(orders[0])
    assert book.depth(Side.BUY) == [(100, 3)]
    book.remove(orders[3])  # not the best ask: removed from the middle of the keys
    assert book.asks.keys == [-101]


def test_touched_levels_are_reported_once_each_in_first_touch_order() -> None:
    book = OrderBook()
    first, second = _resting("s1", Side.SELL, 101, 4), _resting("s2", Side.SELL, 102, 1)
    book.add(first)
    book.add(second)
    book.remove(first)
    assert book.take_touched() == ((Side.SELL, 101, 0), (Side.SELL, 102, 1))
    assert book.take_touched() == ()


def test_levels_compact_after_many_removals_and_keep_queue_order() -> None:
    book = OrderBook()
    orders = [_resting(f"o{number}", Side.BUY, 100, 1) for number in range(100)]
    for order in orders:
        book.add(order)
    for order in orders[:90]:
        book.remove(order)
    level = book.bids.levels[100]
    assert level.removed < 90  # compacted along the way
    assert [order.order_id for order in level.orders.values()] == [
        f"o{number}" for number in range(90, 100)
    ]
    assert level.head().order_id == "o90" and level.quantity == 10


def test_requeue_and_resize() -> None:
    book = OrderBook()
    first, second = _resting("s1", Side.SELL, 101, 4), _resting("s2", Side.SELL, 101, 1)
    book.add(first)
    book.add(second)
    book.requeue(first, 4)
    assert [order.order_id for order in book.asks.levels[101].orders.values()] == ["s2", "s1"]
    book.resize(second, -1)
    assert book.depth(Side.SELL) == [(101, 4)]
