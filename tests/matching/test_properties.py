"""Properties over long random command streams: the book is never crossed, L2 is the sum of L3,
quantities are conserved, orders rebuilt from the events equal the engine's, and replaying the
same commands gives the same events."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from krakenbox.domain.commands import (
    AdvanceTime,
    AmendOrder,
    CancelAll,
    CancelAllAfter,
    CancelOrder,
    Command,
    EditOrder,
    SubmitOrder,
    UpdateIndexPrice,
)
from krakenbox.domain.events import BookChanged, Event, OrderAccepted, TradeExecuted
from krakenbox.domain.orders import (
    OffsetUnit,
    Order,
    OrderType,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.matching.engine import SpotBook
from krakenbox.matching.rules import BookRules

from .support import Counter

ACCOUNTS = ["a", "b", "c"]
RULES = BookRules(tick=1, minimum_quantity=1, has_index=True, market_protection=50_000)
MID = 1_000

accounts = st.sampled_from(ACCOUNTS)
sides = st.sampled_from([Side.BUY, Side.SELL])
prices = st.integers(MID - 12, MID + 12)
quantities = st.integers(1, 12)
targets = st.integers(0, 10_000)

limit_orders = st.fixed_dictionaries(
    {
        "kind": st.just("limit"),
        "account": accounts,
        "side": sides,
        "quantity": quantities,
        "price": prices,
        "time_in_force": st.sampled_from(
            [TimeInForce.GTC] * 4 + [TimeInForce.IOC, TimeInForce.FOK, TimeInForce.GTD]
        ),
        "post_only": st.booleans(),
        "iceberg": st.booleans(),
        "stp": st.sampled_from(list(SelfTradePrevention)),
    }
)
market_orders = st.fixed_dictionaries(
    {
        "kind": st.just("market"),
        "account": accounts,
        "side": sides,
        "quantity": quantities,
        "in_quote": st.booleans(),
        "protected": st.booleans(),
        "stp": st.sampled_from(list(SelfTradePrevention)),
    }
)
conditional_orders = st.fixed_dictionaries(
    {
        "kind": st.just("conditional"),
        "account": accounts,
        "side": sides,
        "quantity": quantities,
        "order_type": st.sampled_from([t for t in OrderType if t.is_conditional]),
        "trigger": prices,
        "limit": prices,
        "offset": st.integers(1, 8),
        "percent": st.booleans(),
        "index": st.booleans(),
    }
)
others = st.one_of(
    st.fixed_dictionaries({"kind": st.just("cancel"), "target": targets}),
    st.fixed_dictionaries(
        {
            "kind": st.just("amend"),
            "target": targets,
            "quantity": st.none() | st.integers(1, 20),
            "price": st.none() | prices,
            "post_only": st.booleans(),
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("edit"),
            "target": targets,
            "quantity": st.integers(1, 20),
            "price": prices,
        }
    ),
    st.fixed_dictionaries({"kind": st.just("advance"), "step": st.integers(1, 40)}),
    st.fixed_dictionaries({"kind": st.just("index"), "price": prices}),
    st.fixed_dictionaries({"kind": st.just("cancel_all"), "account": accounts}),
    st.fixed_dictionaries(
        {"kind": st.just("dead_man"), "account": accounts, "timeout": st.integers(0, 30)}
    ),
)
operations = st.lists(
    st.one_of(limit_orders, limit_orders, limit_orders, market_orders, conditional_orders, others),
    min_size=40,
    max_size=160,
)


def _command(operation: dict[str, Any], now: int, accepted: list[tuple[str, str]]) -> Command:
    kind = operation["kind"]
    if kind == "limit":
        iceberg = operation["iceberg"] and operation["quantity"] >= 2
        gtd = operation["time_in_force"] is TimeInForce.GTD
        return SubmitOrder(
            account=operation["account"],
            side=operation["side"],
            order_type=OrderType.LIMIT,
            quantity=operation["quantity"],
            price=operation["price"],
            timestamp=now,
            time_in_force=operation["time_in_force"],
            expire_time=now + 25 if gtd else None,
            post_only=operation["post_only"],
            display_quantity=max(1, operation["quantity"] // 3) if iceberg else None,
            self_trade_prevention=operation["stp"],
        )
    if kind == "market":
        in_quote = operation["in_quote"] and operation["side"] is Side.BUY
        return SubmitOrder(
            account=operation["account"],
            side=operation["side"],
            order_type=OrderType.MARKET,
            quantity=operation["quantity"] * (MID if in_quote else 1),
            timestamp=now,
            quantity_in_quote=in_quote,
            market_price_protection=operation["protected"],
            self_trade_prevention=operation["stp"],
        )
    if kind == "conditional":
        return _conditional(operation, now)
    if kind in ("cancel", "amend", "edit"):
        if not accepted:
            return AdvanceTime(timestamp=now)
        account, order_id = accepted[operation["target"] % len(accepted)]
        if kind == "cancel":
            return CancelOrder(account=account, order_id=order_id, timestamp=now)
        if kind == "edit":
            return EditOrder(
                account=account,
                order_id=order_id,
                quantity=operation["quantity"],
                price=operation["price"],
                timestamp=now,
            )
        return AmendOrder(
            account=account,
            order_id=order_id,
            quantity=operation["quantity"],
            price=operation["price"],
            post_only=operation["post_only"],
            timestamp=now,
        )
    if kind == "index":
        return UpdateIndexPrice(price=operation["price"], timestamp=now)
    if kind == "cancel_all":
        return CancelAll(account=operation["account"], timestamp=now)
    if kind == "dead_man":
        return CancelAllAfter(
            account=operation["account"], timeout=operation["timeout"], timestamp=now
        )
    return AdvanceTime(timestamp=now)


def _conditional(operation: dict[str, Any], now: int) -> SubmitOrder:
    order_type: OrderType = operation["order_type"]
    fields: dict[str, Any] = {}
    if order_type.is_trailing:
        unit = OffsetUnit.PERCENT if operation["percent"] else OffsetUnit.ABSOLUTE
        amount = operation["offset"] * (2_000 if operation["percent"] else 1)
        fields["trailing_offset"] = PriceOffset(amount, unit)
        if order_type is OrderType.TRAILING_STOP_LIMIT:
            fields["limit_offset"] = PriceOffset(operation["offset"] - 4)
    else:
        fields["trigger_price"] = operation["trigger"]
        if order_type.has_limit_price:
            fields["price"] = operation["limit"]
    reference = TriggerReference.INDEX if operation["index"] else TriggerReference.LAST
    return SubmitOrder(
        account=operation["account"],
        side=operation["side"],
        order_type=order_type,
        quantity=operation["quantity"],
        timestamp=now,
        trigger_reference=reference,
        **fields,
    )


def _engine() -> SpotBook:
    return SpotBook(RULES, order_ids=Counter("O"), execution_ids=Counter("T"))


def _run(ops: list[dict[str, Any]]) -> tuple[list[Command], list[list[Event]], SpotBook]:
    engine = _engine()
    commands: list[Command] = []
    results: list[list[Event]] = []
    accepted: list[tuple[str, str]] = []
    now = 0
    for operation in ops:
        now += operation.get("step", 1)
        command = _command(operation, now, accepted)
        events = engine.handle(command)
        commands.append(command)
        results.append(events)
        accepted.extend(
            (event.request.account, event.order_id)
            for event in events
            if isinstance(event, OrderAccepted)
        )
        _check_book(engine, events)
    return commands, results, engine


def _check_book(engine: SpotBook, events: list[Event]) -> None:
    book = engine.book
    assert not book.is_crossed()
    for side in (Side.BUY, Side.SELL):
        by_order = engine.orders_by_level(side)
        assert engine.depth(side) == [
            (price, sum(order.visible for order in orders)) for price, orders in by_order
        ]
        for price, orders in by_order:
            assert orders, "empty level left on the book"
            for order in orders:
                assert order.resting and order.status.is_open and order.price == price
                assert 0 < order.visible <= order.remaining
    for event in events:
        if isinstance(event, BookChanged):
            for side, price, quantity in event.levels:
                assert dict(engine.depth(side)).get(price, 0) == quantity


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_random_streams_keep_the_book_sound_and_replay_identically(
    ops: list[dict[str, Any]],
) -> None:
    commands, results, engine = _run(ops)
    rebuilt: dict[str, Order] = {}
    traded: dict[str, int] = {}
    for events in results:
        for event in events:
            if isinstance(event, OrderAccepted):
                rebuilt[event.order_id] = Order(event)
            elif isinstance(event, TradeExecuted):
                assert event.quantity > 0
                for order_id in (event.maker_order_id, event.taker_order_id):
                    rebuilt[order_id].apply(event)
                    traded[order_id] = traded.get(order_id, 0) + event.quantity
            elif hasattr(event, "order_id"):
                rebuilt[event.order_id].apply(event)
    for order_id, order in rebuilt.items():
        assert order.filled == traded.get(order_id, 0)
        if order.sized_in_quote:
            assert 0 <= order.cost <= order.quantity
        else:
            assert order.filled + order.remaining == order.quantity and order.remaining >= 0
        live = engine.order(order_id)
        assert (live is not None) == order.is_open
        if live is not None:
            assert (live.status, live.filled, live.cost, live.visible, live.price) == (
                order.status,
                order.filled,
                order.cost,
                order.visible,
                order.price,
            )
    replay = _engine()
    assert [replay.handle(command) for command in commands] == results
