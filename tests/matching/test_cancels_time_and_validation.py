"""Cancels by id, userref, account and session; GTD expiry and the dead man's switch on the
command clock; market status; validation reasons."""

from __future__ import annotations

import pytest

from krakenbox.domain.commands import (
    CancelAll,
    CancelAllAfter,
    CancelOrder,
    ChangeMarketStatus,
    MassCancel,
)
from krakenbox.domain.events import (
    CancelAllAfterSet,
    MarketStatusChanged,
    OrderCanceled,
    OrderExpired,
    OrderRejected,
    RejectReason,
)
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import (
    CancelReason,
    Interface,
    OffsetUnit,
    OrderType,
    Origin,
    PriceOffset,
    TimeInForce,
)
from krakenbox.matching.rules import BookRules

from .support import BUY, SELL, Venue, kinds, of_type, trades

FIX_1 = Origin(Interface.FIX, session_id="fix-1")
FIX_2 = Origin(Interface.FIX, session_id="fix-2")


def test_cancel_by_id_and_unknown_or_foreign_ids() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100)
    assert of_type(venue.cancel("bob", "O1"), OrderRejected)[0].reason is RejectReason.UNKNOWN_ORDER
    events = venue.cancel("alice", "O1")
    assert kinds(events) == ["OrderCanceled", "BookChanged"]
    assert events[0] == OrderCanceled("O1", CancelReason.USER_REQUESTED, 3)
    assert (
        of_type(venue.cancel("alice", "O1"), OrderRejected)[0].reason is RejectReason.UNKNOWN_ORDER
    )


def test_cancel_by_client_order_id_and_by_user_reference() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100, origin=Origin(client_order_id="abc"))
    venue.limit("alice", BUY, 1, 99, origin=Origin(user_reference=7))
    venue.limit("alice", BUY, 1, 98, origin=Origin(user_reference=7))
    venue.limit("alice", BUY, 1, 97, origin=Origin(user_reference=8))
    by_client = venue.send(
        CancelOrder(account="alice", client_order_id="abc", timestamp=venue.tick())
    )
    assert of_type(by_client, OrderCanceled)[0].order_id == "O1"
    by_reference = venue.send(
        CancelOrder(account="alice", user_reference=7, timestamp=venue.tick())
    )
    assert [event.order_id for event in of_type(by_reference, OrderCanceled)] == ["O2", "O3"]
    assert venue.bids() == [(97, 1)]


def test_fix_cancel_scope_is_the_session() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100, origin=FIX_1)
    refused = venue.send(
        CancelOrder(account="alice", order_id="O1", session_id="fix-2", timestamp=venue.tick())
    )
    assert of_type(refused, OrderRejected)[0].reason is RejectReason.UNKNOWN_ORDER
    done = venue.send(
        CancelOrder(account="alice", order_id="O1", session_id="fix-1", timestamp=venue.tick())
    )
    assert kinds(done)[0] == "OrderCanceled"


def test_cancel_all_and_mass_cancel_by_session() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100, origin=FIX_1)  # O1
    venue.limit("alice", BUY, 1, 99, origin=FIX_2)  # O2
    venue.limit("alice", SELL, 1, 110)  # O3
    venue.limit("bob", SELL, 1, 111)  # O4
    session = venue.send(
        MassCancel(
            account="alice",
            session_id="fix-1",
            reason=CancelReason.DISCONNECT,
            timestamp=venue.tick(),
        )
    )
    assert of_type(session, OrderCanceled) == [OrderCanceled("O1", CancelReason.DISCONNECT, 5)]
    everything = venue.send(CancelAll(account="alice", timestamp=venue.tick()))
    assert [event.order_id for event in of_type(everything, OrderCanceled)] == ["O2", "O3"]
    assert venue.send(CancelAll(account="alice", timestamp=venue.tick())) == []
    assert [order.order_id for order in venue.engine.open_orders()] == ["O4"]


def test_gtd_orders_expire_on_the_command_clock_before_anything_else_acts() -> None:
    venue = Venue()
    venue.limit("alice", SELL, 1, 100, time_in_force=TimeInForce.GTD, expire_time=50)
    venue.limit("alice", SELL, 1, 101, time_in_force=TimeInForce.GTD, expire_time=80)
    assert venue.advance(49) == []
    events = venue.advance(50)
    assert events[0] == OrderExpired("O1", 50)
    later = venue.limit("bob", BUY, 1, 101, timestamp=90)  # O2 expired at 80, before this order
    assert kinds(later) == ["OrderExpired", "OrderAccepted", "OrderRested", "BookChanged"]
    assert later[0] == OrderExpired("O2", 80)
    assert trades(later) == [] and venue.bids() == [(101, 1)]


def test_dead_man_switch_arms_rearms_fires_and_disarms() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100)
    venue.limit("bob", BUY, 1, 99)
    armed = venue.send(CancelAllAfter(account="alice", timeout=60, timestamp=10))
    assert armed == [CancelAllAfterSet(armed[0].command, 70, 10)]
    venue.send(CancelAllAfter(account="alice", timeout=60, timestamp=50))  # now fires at 110
    assert venue.advance(100) == []
    events = venue.advance(110)
    assert of_type(events, OrderCanceled) == [
        OrderCanceled("O1", CancelReason.DEAD_MAN_SWITCH, 110)
    ]
    assert venue.engine.dead_man_switch("alice") is None
    venue.limit("alice", BUY, 1, 100, timestamp=120)
    venue.send(CancelAllAfter(account="alice", timeout=60, timestamp=121))
    disarmed = venue.send(CancelAllAfter(account="alice", timeout=0, timestamp=122))
    assert disarmed[0].trigger_time is None
    assert venue.advance(1000) == []


def test_market_status_restricts_new_orders() -> None:
    venue = Venue()
    venue.limit("alice", BUY, 1, 100)
    changed = venue.send(ChangeMarketStatus(status=MarketStatus.POST_ONLY, timestamp=venue.tick()))
    assert changed == [MarketStatusChanged(MarketStatus.POST_ONLY, 2)]
    assert (
        of_type(venue.limit("bob", SELL, 1, 101), OrderRejected)[0].reason
        is RejectReason.MARKET_POST_ONLY
    )
    assert kinds(venue.limit("bob", SELL, 1, 101, post_only=True))[1] == "OrderRested"
    venue.send(ChangeMarketStatus(status=MarketStatus.LIMIT_ONLY, timestamp=venue.tick()))
    assert (
        of_type(venue.market("bob", SELL, 1), OrderRejected)[0].reason
        is RejectReason.MARKET_LIMIT_ONLY
    )
    venue.send(ChangeMarketStatus(status=MarketStatus.CANCEL_ONLY, timestamp=venue.tick()))
    assert (
        of_type(venue.limit("bob", SELL, 1, 105), OrderRejected)[0].reason
        is RejectReason.MARKET_CANCEL_ONLY
    )
    assert kinds(venue.cancel("alice", "O1"))[0] == "OrderCanceled"
    venue.send(ChangeMarketStatus(status=MarketStatus.MAINTENANCE, timestamp=venue.tick()))
    assert (
        of_type(venue.limit("bob", SELL, 1, 105), OrderRejected)[0].reason
        is RejectReason.MARKET_UNAVAILABLE
    )


def test_open_order_limit_and_unique_client_order_ids() -> None:
    venue = Venue(rules=BookRules(maximum_open_orders=2))
    venue.limit("alice", BUY, 1, 100, origin=Origin(client_order_id="x"))
    duplicate = venue.limit("alice", BUY, 1, 99, origin=Origin(client_order_id="x"))
    assert of_type(duplicate, OrderRejected)[0].reason is RejectReason.DUPLICATE_CLIENT_ORDER_ID
    assert (
        kinds(venue.limit("bob", BUY, 1, 99, origin=Origin(client_order_id="x")))[0]
        == "OrderAccepted"
    )
    venue.limit("alice", BUY, 1, 98)
    over = venue.limit("alice", BUY, 1, 97)
    assert of_type(over, OrderRejected)[0].reason is RejectReason.TOO_MANY_OPEN_ORDERS
    venue.cancel("alice", "O1")
    assert (
        kinds(venue.limit("alice", BUY, 1, 97, origin=Origin(client_order_id="x")))[0]
        == "OrderAccepted"
    )


RULES = BookRules(tick=5, minimum_quantity=10, minimum_notional=10_000)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"order_type": OrderType.LIMIT, "quantity": 10, "price": 1003}, RejectReason.TICK_SIZE),
        ({"order_type": OrderType.LIMIT, "quantity": 10, "price": 0}, RejectReason.INVALID_PRICE),
        ({"order_type": OrderType.LIMIT, "quantity": 10}, RejectReason.INVALID_ARGUMENTS),
        (
            {"order_type": OrderType.LIMIT, "quantity": 0, "price": 1000},
            RejectReason.INVALID_QUANTITY,
        ),
        ({"order_type": OrderType.LIMIT, "quantity": 9, "price": 1000}, RejectReason.ORDER_MINIMUM),
        ({"order_type": OrderType.LIMIT, "quantity": 10, "price": 995}, RejectReason.COST_MINIMUM),
        (
            {"order_type": OrderType.LIMIT, "quantity": 150, "price": 1000, "display_quantity": 9},
            RejectReason.INVALID_DISPLAY_QUANTITY,
        ),
        (
            {"order_type": OrderType.LIMIT, "quantity": 160, "price": 1000, "display_quantity": 10},
            RejectReason.INVALID_DISPLAY_QUANTITY,
        ),
        (
            {
                "order_type": OrderType.LIMIT,
                "quantity": 10,
                "price": 1000,
                "time_in_force": TimeInForce.GTD,
            },
            RejectReason.INVALID_EXPIRE_TIME,
        ),
        (
            {"order_type": OrderType.LIMIT, "quantity": 10, "price": 1000, "expire_time": 99},
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {"order_type": OrderType.MARKET, "quantity": 10, "post_only": True},
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {"order_type": OrderType.MARKET, "quantity": 10, "price": 1000},
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {
                "order_type": OrderType.MARKET,
                "quantity": 10_000,
                "quantity_in_quote": True,
                "side": SELL,
            },
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {"order_type": OrderType.MARKET, "quantity": 9_999, "quantity_in_quote": True},
            RejectReason.COST_MINIMUM,
        ),
        ({"order_type": OrderType.STOP_LOSS, "quantity": 10}, RejectReason.INVALID_ARGUMENTS),
        (
            {"order_type": OrderType.STOP_LOSS, "quantity": 10, "trigger_price": 1001},
            RejectReason.TICK_SIZE,
        ),
        (
            {"order_type": OrderType.STOP_LOSS_LIMIT, "quantity": 10, "trigger_price": 1000},
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {
                "order_type": OrderType.TRAILING_STOP,
                "quantity": 10,
                "trailing_offset": PriceOffset(0),
            },
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {
                "order_type": OrderType.TRAILING_STOP,
                "quantity": 10,
                "trailing_offset": PriceOffset(5),
                "limit_offset": PriceOffset(1),
            },
            RejectReason.INVALID_ARGUMENTS,
        ),
        (
            {
                "order_type": OrderType.TRAILING_STOP_LIMIT,
                "quantity": 10,
                "trailing_offset": PriceOffset(5, OffsetUnit.PERCENT),
            },
            RejectReason.INVALID_ARGUMENTS,
        ),
    ],
)
def test_validation_reasons(fields: dict[str, object], reason: RejectReason) -> None:
    venue = Venue(rules=RULES)
    side = fields.pop("side", BUY)
    order_type = fields.pop("order_type")
    quantity = fields.pop("quantity")
    events = venue.submit("alice", side, order_type, quantity, **fields)  # type: ignore[arg-type]
    assert events == [OrderRejected(events[0].command, reason, 1)]
    assert venue.engine.open_orders() == []
