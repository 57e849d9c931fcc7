"""Literal scenarios: limit and market orders, priority, IOC, FOK, post-only, viqc, market
price protection, icebergs."""

from __future__ import annotations

from krakenbox.domain.events import (
    BookChanged,
    IcebergRefilled,
    OrderAccepted,
    OrderCanceled,
    OrderRested,
    TradeExecuted,
)
from krakenbox.domain.orders import CancelReason, OrderStatus, SelfTradePrevention, TimeInForce
from krakenbox.matching.rules import BookRules

from .support import BUY, SELL, Venue, kinds, of_type, trades


def test_a_limit_order_that_does_not_cross_rests() -> None:
    venue = Venue()
    events = venue.limit("alice", SELL, 10, 101)
    assert kinds(events) == ["OrderAccepted", "OrderRested", "BookChanged"]
    assert events[0] == OrderAccepted("O1", events[0].request, 1, None)
    assert events[1] == OrderRested("O1", SELL, 101, 10, 1)
    assert events[2] == BookChanged(((SELL, 101, 10),), 1)
    assert venue.asks() == [(101, 10)]
    order = venue.engine.order("O1")
    assert order is not None and order.status is OrderStatus.NEW and order.resting


def test_price_then_time_priority_at_the_makers_prices() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 5, 101)  # O1
    venue.limit("bob", SELL, 5, 101)  # O2
    venue.limit("carol", SELL, 5, 100)  # O3
    events = venue.limit("dave", BUY, 12, 101)  # O4
    assert trades(events) == [(100, 5, "O3", "O4"), (101, 5, "O1", "O4"), (101, 2, "O2", "O4")]
    assert [event.trade_id for event in of_type(events, TradeExecuted)] == [1, 2, 3]
    assert [event.execution_id for event in of_type(events, TradeExecuted)] == ["T1", "T2", "T3"]
    assert venue.asks() == [(101, 3)]
    assert venue.engine.order("O4") is None  # filled, forgotten
    assert of_type(events, BookChanged)[0].levels == ((SELL, 100, 0), (SELL, 101, 3))


def test_partial_fill_then_the_rest_rests() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 4, 100)
    events = venue.limit("bob", BUY, 10, 100)
    assert kinds(events) == ["OrderAccepted", "TradeExecuted", "OrderRested", "BookChanged"]
    assert events[2] == OrderRested("O2", BUY, 100, 6, 2)
    order = venue.engine.order("O2")
    assert order is not None and order.status is OrderStatus.PARTIALLY_FILLED
    assert (order.filled, order.remaining, order.cost) == (4, 6, 400)
    assert venue.bids() == [(100, 6)] and venue.asks() == []


def test_market_order_sweeps_and_its_remainder_is_canceled() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 2, 100)
    venue.limit("alice", SELL, 3, 105)
    events = venue.market("bob", BUY, 10)
    assert trades(events) == [(100, 2, "O1", "O3"), (105, 3, "O2", "O3")]
    assert events[-2] == OrderCanceled("O3", CancelReason.NO_LIQUIDITY, 3)
    assert venue.engine.last_price == 105


def test_market_order_on_an_empty_side_is_accepted_then_canceled() -> None:
    venue = Venue()
    events = venue.market("bob", SELL, 1)
    assert kinds(events) == ["OrderAccepted", "OrderCanceled"]


def test_immediate_or_cancel_trades_what_it_can() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 3, 100)
    events = venue.limit("bob", SELL, 5, 99, time_in_force=TimeInForce.IOC)
    assert trades(events) == [(100, 3, "O1", "O2")]
    assert OrderCanceled("O2", CancelReason.IMMEDIATE_OR_CANCEL, 2) in events
    assert venue.bids() == [] and venue.asks() == []
    passive = venue.limit("bob", SELL, 5, 120, time_in_force=TimeInForce.IOC)
    assert kinds(passive) == ["OrderAccepted", "OrderCanceled"]


def test_fill_or_kill_all_or_nothing() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 3, 100)
    venue.limit("alice", SELL, 3, 101)
    killed = venue.limit("bob", BUY, 7, 101, time_in_force=TimeInForce.FOK)
    assert kinds(killed) == ["OrderAccepted", "OrderCanceled"]
    assert killed[1].reason is CancelReason.FILL_OR_KILL
    assert venue.asks() == [(100, 3), (101, 3)]
    filled = venue.limit("bob", BUY, 6, 101, time_in_force=TimeInForce.FOK)
    assert trades(filled) == [(100, 3, "O1", "O4"), (101, 3, "O2", "O4")]


def test_fill_or_kill_counts_hidden_iceberg_quantity_and_respects_self_trade() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 10, 100, display_quantity=2)
    venue.limit("bob", SELL, 5, 100)
    assert (
        kinds(venue.limit("carol", BUY, 15, 100, time_in_force=TimeInForce.FOK))[1]
        == "TradeExecuted"
    )
    venue.limit("bob", SELL, 5, 100)  # O4
    blocked = venue.limit("bob", BUY, 5, 100, time_in_force=TimeInForce.FOK)
    assert kinds(blocked) == ["OrderAccepted", "OrderCanceled"]
    oldest = venue.limit(
        "bob",
        BUY,
        5,
        100,
        time_in_force=TimeInForce.FOK,
        self_trade_prevention=SelfTradePrevention.CANCEL_OLDEST,
    )
    assert kinds(oldest)[:2] == ["OrderAccepted", "OrderCanceled"]  # no one else to trade with


def test_post_only_cancels_instead_of_taking() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 5, 100)
    events = venue.limit("bob", BUY, 5, 100, post_only=True)
    assert kinds(events) == ["OrderAccepted", "OrderCanceled"]
    assert events[1].reason is CancelReason.POST_ONLY
    rested = venue.limit("bob", BUY, 5, 99, post_only=True)
    assert kinds(rested) == ["OrderAccepted", "OrderRested", "BookChanged"]


def test_market_buy_sized_in_quote_spends_its_budget() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 5, 100)
    venue.limit("alice", SELL, 5, 110)
    events = venue.market("bob", BUY, 1000, quantity_in_quote=True)
    assert trades(events) == [(100, 5, "O1", "O3"), (110, 4, "O2", "O3")]
    assert not of_type(events, OrderCanceled)  # 60 left cannot buy a lot at 110: filled
    assert venue.asks() == [(110, 1)]


def test_market_price_protection_stops_at_the_band_unless_nompp() -> None:
    venue = Venue(rules=BookRules(market_protection=10_000))  # 1% of the best price
    for price in (100, 101, 102):
        venue.limit("alice", SELL, 1, price)
    events = venue.market("bob", BUY, 3)
    assert trades(events) == [(100, 1, "O1", "O4"), (101, 1, "O2", "O4")]
    assert events[-2] == OrderCanceled("O4", CancelReason.MARKET_PROTECTION, 4)
    unprotected = venue.market("bob", BUY, 3, market_price_protection=False)
    assert trades(unprotected) == [(102, 1, "O3", "O5")]


def test_iceberg_shows_its_display_and_refills_at_the_back() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 5, 100, display_quantity=2)  # O1
    venue.limit("bob", SELL, 3, 100)  # O2
    assert venue.asks() == [(100, 5)]
    events = venue.limit("carol", BUY, 6, 100)  # O3
    assert trades(events) == [(100, 2, "O1", "O3"), (100, 3, "O2", "O3"), (100, 1, "O1", "O3")]
    assert of_type(events, IcebergRefilled) == [IcebergRefilled("O1", 2, 3)]
    assert venue.asks() == [(100, 1)]
    order = venue.engine.order("O1")
    assert order is not None and (order.visible, order.remaining, order.hidden) == (1, 2, 1)
    events = venue.limit("carol", BUY, 2, 100)
    assert trades(events) == [(100, 1, "O1", "O4"), (100, 1, "O1", "O4")]
    assert of_type(events, IcebergRefilled) == [IcebergRefilled("O1", 1, 4)]


def test_iceberg_refill_loses_priority_to_orders_already_waiting() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 4, 100, display_quantity=1)  # O1
    venue.limit("bob", SELL, 1, 100)  # O2
    venue.limit("carol", BUY, 1, 100)
    assert venue.queue(SELL, 100) == ["O2", "O1"]
