"""L2 and L3 views from literal event streams; the checksum hook on the spec's vector."""

from __future__ import annotations

import zlib

from krakenbox.domain.events import (
    BookChanged,
    IcebergRefilled,
    OrderAmended,
    OrderCanceled,
    OrderRested,
    TradeExecuted,
)
from krakenbox.domain.orders import CancelReason, OrderType, Side
from krakenbox.venue.market_data import (
    DepthWindow,
    InstrumentMarketData,
    LevelBook,
    LevelChange,
    OrderAction,
    OrderBookView,
    OrderDepthWindow,
)
from tests.matching.support import Venue

BUY, SELL = Side.BUY, Side.SELL


def _trade(trade_id: int, price: int, quantity: int, maker: str, time: int) -> TradeExecuted:
    return TradeExecuted(
        trade_id, f"T{trade_id}", price, quantity, BUY, maker, "OT", "m", "t", time
    )


def test_level_book_snapshot_and_delta() -> None:
    book = LevelBook()
    changes = book.apply(
        BookChanged(((BUY, 99, 5), (BUY, 98, 2), (SELL, 101, 3), (SELL, 103, 1)), 7)
    )
    assert changes[0] == LevelChange(BUY, 99, 5)
    snapshot = book.snapshot()
    assert snapshot.bids == ((99, 5), (98, 2)) and snapshot.asks == ((101, 3), (103, 1))
    assert snapshot.timestamp == 7
    book.apply(BookChanged(((SELL, 101, 0), (BUY, 99, 4)), 8))
    assert book.best(SELL) == (103, 1) and book.best(BUY) == (99, 4)
    assert book.snapshot(1).bids == ((99, 4),)


def test_depth_window_sends_the_level_that_comes_into_range() -> None:
    book = LevelBook()
    book.apply(BookChanged(((SELL, 101, 1), (SELL, 102, 2), (SELL, 103, 3)), 1))
    window = DepthWindow(book, 2)
    assert window.snapshot().asks == ((101, 1), (102, 2))
    book.apply(BookChanged(((SELL, 101, 0),), 2))
    assert window.update() == [LevelChange(SELL, 101, 0), LevelChange(SELL, 103, 3)]
    book.apply(BookChanged(((SELL, 100, 5),), 3))
    # 103 only left the subscribed range: FIX deletes it with its size, WS sends nothing.
    assert window.update() == [
        LevelChange(SELL, 103, 3, out_of_range=True),
        LevelChange(SELL, 100, 5),
    ]


def test_checksum_levels_reproduce_the_spec_vector() -> None:
    """WS v2 §4.3's worked example (price 1 decimal, qty 8): the hook gives kraken/ what it
    needs; the formatting here stands in for kraken/'s."""
    book = LevelBook()
    book.apply(
        BookChanged(
            (
                (SELL, 500005, 25_000_000),
                (SELL, 500010, 150_000_000),
                (SELL, 500102, 12_000),
                (BUY, 499999, 200_000_000),
                (BUY, 499980, 3_050_000),
                (BUY, 499901, 1_000_000_000),
            ),
            1,
        )
    )

    def checksum() -> int:
        levels = book.checksum_levels()
        text = "".join(f"{price}{quantity}" for price, quantity in levels.asks + levels.bids)
        return zlib.crc32(text.encode())

    assert checksum() == 1614198800
    book.apply(
        BookChanged(((SELL, 500005, 0), (SELL, 500008, 75_000_000), (BUY, 499999, 125_000_000)), 2)
    )
    assert checksum() == 1788297766


def test_level3_add_modify_delete_and_queue_moves() -> None:
    view = OrderBookView()
    changes = view.apply([OrderRested("A", SELL, 101, 5, 10), OrderRested("B", SELL, 101, 4, 11)])
    assert [(change.action, change.order.order_id) for change in changes] == [
        (OrderAction.ADD, "A"),
        (OrderAction.ADD, "B"),
    ]
    # A partial fill modifies A in place; B's amend down keeps its place.
    changes = view.apply(
        [
            _trade(1, 101, 2, "A", 12),
            OrderAmended("B", 3, 101, None, None, None, 3, True, None, 12),
        ]
    )
    assert [(change.action, change.order.quantity) for change in changes] == [
        (OrderAction.MODIFY, 3),
        (OrderAction.MODIFY, 3),
    ]
    assert [order.order_id for order in view.levels(SELL)[0][1]] == ["A", "B"]
    # An iceberg shown part used up: delete, then add at the back with the refill.
    changes = view.apply([_trade(2, 101, 3, "A", 13), IcebergRefilled("A", 2, 13)])
    assert [(change.action, change.order.quantity) for change in changes] == [
        (OrderAction.DELETE, 3),
        (OrderAction.ADD, 2),
    ]
    assert [(order.order_id, order.queue_time) for order in view.levels(SELL)[0][1]] == [
        ("B", 11),
        ("A", 13),
    ]
    # A new price moves the order: delete at the old level, add at the new one.
    changes = view.apply([OrderAmended("B", 3, 102, None, None, None, 3, False, None, 14)])
    assert [(change.action, change.order.price) for change in changes] == [
        (OrderAction.DELETE, 101),
        (OrderAction.ADD, 102),
    ]
    changes = view.apply(
        [
            OrderCanceled("B", CancelReason.USER_REQUESTED, 15),
            OrderCanceled("X", CancelReason.USER_REQUESTED, 15),
        ]
    )
    assert [(change.action, change.event_time) for change in changes] == [(OrderAction.DELETE, 15)]
    assert [price for price, _ in view.levels(SELL)] == [101] and len(view) == 1


def test_update_reports_best_price_moves() -> None:
    views = InstrumentMarketData("XBT/USD")
    update = views.apply([OrderRested("A", BUY, 99, 1, 5), BookChanged(((BUY, 99, 1),), 5)])
    assert update.best_changed and update.spread is not None and update.spread.bid == 99
    update = views.apply([OrderRested("B", BUY, 98, 1, 6), BookChanged(((BUY, 98, 1),), 6)])
    assert not update.best_changed and update.spread is None
    assert [change.order.order_id for change in update.orders] == ["B"]


def test_level_times_and_the_level3_checksum_vector() -> None:
    book = LevelBook()
    book.apply(BookChanged(((BUY, 99, 5), (BUY, 98, 2)), 7))
    book.apply(BookChanged(((BUY, 98, 3),), 9))
    assert book.levels_with_time(BUY) == ((99, 5, 7), (98, 3, 9))
    assert book.levels_with_time(BUY, 1) == ((99, 5, 7),)
    # WS v2 §4.4's example (price 1 decimal, qty 8), every order of each level.
    view = OrderBookView()
    view.apply(
        [
            OrderRested("a1", SELL, 500005, 10_000_000, 1),
            OrderRested("a2", SELL, 500005, 20_000_000, 2),
            OrderRested("a3", SELL, 500010, 100_000_000, 3),
            OrderRested("b1", BUY, 499999, 50_000_000, 4),
            OrderRested("b2", BUY, 499999, 5_000_000, 5),
        ]
    )
    asks, bids = view.checksum_levels()
    text = "".join(
        f"{order.price}{order.quantity}" for _, orders in asks + bids for order in orders
    )
    assert zlib.crc32(text.encode()) == 2843341506


def test_level3_window_publishes_the_next_level_and_drops_the_pushed_out_one() -> None:
    view = OrderBookView()
    view.apply([OrderRested("A", SELL, 101, 1, 1), OrderRested("B", SELL, 102, 2, 2)])
    view.apply([OrderRested("C", SELL, 102, 3, 3)])
    window = OrderDepthWindow(view, 1)
    assert [order.order_id for _, orders in window.snapshot()[SELL] for order in orders] == ["A"]
    gone = view.apply([OrderCanceled("A", CancelReason.USER_REQUESTED, 4)])
    changes = window.update(gone)
    assert [(c.action, c.order.order_id, c.out_of_range) for c in changes] == [
        (OrderAction.DELETE, "A", False),
        (OrderAction.ADD, "B", False),
        (OrderAction.ADD, "C", False),
    ]
    better = view.apply([OrderRested("D", SELL, 100, 1, 5)])
    changes = window.update(better)
    assert [(c.action, c.order.order_id, c.out_of_range) for c in changes] == [
        (OrderAction.DELETE, "B", True),
        (OrderAction.DELETE, "C", True),
        (OrderAction.ADD, "D", False),
    ]
    assert window.update([]) == []


def test_order_that_trades_and_leaves_the_window_in_one_command_is_deleted_as_it_is_now() -> None:
    # Found by the view property test: the out-of-range delete carried the size last sent.
    venue = Venue()
    views = InstrumentMarketData("XBT/USD")
    window = OrderDepthWindow(views.orders, 1)
    window.update(views.apply(venue.limit("maker", SELL, 2, 991)).orders)  # O1 shown
    stop = venue.submit("alice", SELL, OrderType.STOP_LOSS_LIMIT, 1, trigger_price=991, price=990)
    window.update(views.apply(stop).orders)
    # A buy takes 1 of O1 at 991; the trade fires the stop, which rests at 990 ahead of O1.
    changes = window.update(views.apply(venue.market("bob", BUY, 1)).orders)
    deletes = [change for change in changes if change.action is OrderAction.DELETE]
    assert len(deletes) == 1 and deletes[0].out_of_range
    assert deletes[0].order == views.orders.get("O1")
    assert deletes[0].order.quantity == 1
