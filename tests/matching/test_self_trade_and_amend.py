"""Self-trade prevention by mode; amend priority rules; edit (cancel/replace)."""

from __future__ import annotations

from krakenbox.domain.commands import AmendOrder, EditOrder
from krakenbox.domain.events import (
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderRejected,
    RejectReason,
)
from krakenbox.domain.orders import CancelReason, OrderType, Origin, SelfTradePrevention

from .support import BUY, SELL, Venue, kinds, of_type, trades


def _three_sellers() -> Venue:
    venue = Venue()
    venue.limit("bob", SELL, 3, 100)  # O1
    venue.limit("alice", SELL, 5, 100)  # O2
    venue.limit("carol", SELL, 5, 100)  # O3
    return venue


def test_cancel_newest_cancels_the_arriving_remainder_and_keeps_the_resting_order() -> None:
    venue = _three_sellers()
    events = venue.limit("alice", BUY, 10, 100)  # O4
    assert kinds(events) == ["OrderAccepted", "TradeExecuted", "OrderCanceled", "BookChanged"]
    assert trades(events) == [(100, 3, "O1", "O4")]
    assert events[2] == OrderCanceled("O4", CancelReason.SELF_TRADE, 4)
    assert venue.queue(SELL, 100) == ["O2", "O3"]


def test_cancel_oldest_cancels_the_resting_order_and_goes_on() -> None:
    venue = _three_sellers()
    events = venue.limit(
        "alice", BUY, 10, 100, self_trade_prevention=SelfTradePrevention.CANCEL_OLDEST
    )
    assert trades(events) == [(100, 3, "O1", "O4"), (100, 5, "O3", "O4")]
    assert of_type(events, OrderCanceled) == [OrderCanceled("O2", CancelReason.SELF_TRADE, 4)]
    assert venue.asks() == [] and venue.bids() == [(100, 2)]


def test_cancel_both_cancels_both() -> None:
    venue = _three_sellers()
    events = venue.limit(
        "alice", BUY, 10, 100, self_trade_prevention=SelfTradePrevention.CANCEL_BOTH
    )
    assert trades(events) == [(100, 3, "O1", "O4")]
    assert of_type(events, OrderCanceled) == [
        OrderCanceled("O2", CancelReason.SELF_TRADE, 4),
        OrderCanceled("O4", CancelReason.SELF_TRADE, 4),
    ]
    assert venue.queue(SELL, 100) == ["O3"] and venue.bids() == []


def test_quantity_down_keeps_queue_priority() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)
    venue.limit("bob", BUY, 10, 100)
    events = venue.amend("alice", "O1", quantity=4)
    amended = of_type(events, OrderAmended)[0]
    assert amended.priority_kept and amended.visible_quantity == 4
    assert venue.queue(BUY, 100) == ["O1", "O2"] and venue.bids() == [(100, 14)]


def test_quantity_up_loses_queue_priority() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)
    venue.limit("bob", BUY, 10, 100)
    events = venue.amend("alice", "O1", quantity=12)
    assert not of_type(events, OrderAmended)[0].priority_kept
    assert venue.queue(BUY, 100) == ["O2", "O1"] and venue.bids() == [(100, 22)]


def test_price_change_goes_to_the_back_of_the_new_level() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)
    venue.limit("bob", BUY, 10, 99)
    venue.amend("alice", "O1", price=99)
    assert venue.queue(BUY, 99) == ["O2", "O1"] and venue.bids() == [(99, 20)]


def test_price_amend_that_crosses_trades_unless_post_only() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)  # O1
    venue.limit("bob", SELL, 4, 102)  # O2
    refused = venue.amend("alice", "O1", price=102, post_only=True)
    assert refused == [OrderRejected(refused[0].command, RejectReason.POST_ONLY_WOULD_TAKE, 3)]
    events = venue.amend("alice", "O1", price=102)
    assert kinds(events) == ["OrderAmended", "TradeExecuted", "OrderRested", "BookChanged"]
    assert trades(events) == [(102, 4, "O2", "O1")]
    assert venue.bids() == [(102, 6)] and venue.asks() == []


def test_price_amend_that_crosses_and_fills_completely_leaves_the_book() -> None:
    # Found by the property test: the filled order stayed on the book at its new price.
    venue = Venue()
    venue.limit("alice", BUY, 1, 100)  # O1
    venue.limit("bob", SELL, 1, 101)  # O2
    venue.limit("carol", SELL, 1, 102)  # O3
    events = venue.amend("alice", "O1", price=102)
    assert trades(events) == [(101, 1, "O2", "O1")]
    assert venue.bids() == [] and venue.asks() == [(102, 1)]
    assert venue.queue(BUY, 102) == []


def test_amend_below_filled_cancels_the_rest() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)
    venue.limit("bob", SELL, 6, 100)
    events = venue.amend("alice", "O1", quantity=5)
    assert events[0] == OrderCanceled("O1", CancelReason.AMENDED_BELOW_FILLED, 3)
    assert venue.bids() == []


def test_amend_refusals() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100, origin=Origin(client_order_id="c-1", session_id="s1"))
    assert (
        of_type(venue.amend("alice", "O1", quantity=10), OrderRejected)[0].reason
        is RejectReason.NO_AMENDABLE_PARAMETERS
    )
    assert (
        of_type(venue.amend("bob", "O1", quantity=5), OrderRejected)[0].reason
        is RejectReason.UNKNOWN_ORDER
    )
    assert (
        of_type(venue.amend("alice", "O9", quantity=5), OrderRejected)[0].reason
        is RejectReason.UNKNOWN_ORDER
    )
    other_session = venue.amend("alice", "O1", quantity=5, session_id="s2")
    assert of_type(other_session, OrderRejected)[0].reason is RejectReason.UNKNOWN_ORDER
    assert (
        of_type(venue.amend("alice", "O1", price=101, trigger_price=90), OrderRejected)[0].reason
        is RejectReason.NOT_AMENDABLE
    )
    assert (
        of_type(venue.amend("alice", "O1", display_quantity=3), OrderRejected)[0].reason
        is RejectReason.NOT_AMENDABLE
    )
    by_client_id = venue.send(
        AmendOrder(account="alice", client_order_id="c-1", quantity=7, timestamp=venue.tick())
    )
    assert of_type(by_client_id, OrderAmended)[0].quantity == 7


def test_iceberg_display_amend() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 30, 100, display_quantity=3)
    venue.limit("bob", SELL, 1, 100)
    assert (
        of_type(venue.amend("alice", "O1", display_quantity=1), OrderRejected)[0].reason
        is RejectReason.INVALID_DISPLAY_QUANTITY
    )
    venue.amend("alice", "O1", display_quantity=2)
    assert venue.asks() == [(100, 3)] and venue.queue(SELL, 100) == ["O1", "O2"]
    venue.amend("alice", "O1", display_quantity=5)
    assert venue.asks() == [(100, 6)] and venue.queue(SELL, 100) == ["O2", "O1"]


def test_edit_replaces_the_order_with_a_new_id() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 10, 100)  # O1
    venue.limit("bob", BUY, 10, 100)  # O2
    venue.limit("carol", SELL, 4, 100)  # O3 fills 4 of O1
    events = venue.send(
        EditOrder(
            account="alice",
            order_id="O1",
            quantity=8,
            price=100,
            user_reference=7,
            timestamp=venue.tick(),
        )
    )
    assert kinds(events) == ["OrderCanceled", "OrderAccepted", "OrderRested", "BookChanged"]
    assert events[0].reason is CancelReason.REPLACED
    accepted = events[1]
    assert (
        isinstance(accepted, OrderAccepted)
        and accepted.order_id == "O4"
        and accepted.replaces == "O1"
    )
    assert accepted.request.quantity == 4 and accepted.request.origin.user_reference == 7
    assert venue.queue(BUY, 100) == ["O2", "O4"]


def test_edit_refusals() -> None:
    venue = Venue()
    venue.submit("alice", SELL, OrderType.STOP_LOSS, 5, trigger_price=90)
    refused = venue.send(
        EditOrder(account="alice", order_id="O1", quantity=3, timestamp=venue.tick())
    )
    assert of_type(refused, OrderRejected)[0].reason is RejectReason.NOT_AMENDABLE
    venue.limit("alice", BUY, 5, 100)
    venue.limit("bob", SELL, 3, 100)
    too_small = venue.send(
        EditOrder(account="alice", order_id="O2", quantity=3, timestamp=venue.tick())
    )
    assert of_type(too_small, OrderRejected)[0].reason is RejectReason.INVALID_QUANTITY
