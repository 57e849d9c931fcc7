"""Conditional buys and the accounts: held conservatively when placed, checked again when they
fire (``FundsCheck.check_triggered``), canceled with ``INSUFFICIENT_FUNDS`` when the account
cannot afford the live order. One literal scenario each (XBT/USD, taker fee 0.40 %)."""

from __future__ import annotations

from typing import Any

from krakenbox.domain.events import OrderCanceled, OrderTriggered, TradeExecuted
from krakenbox.domain.orders import CancelReason, OrderType, PriceOffset
from tests.matching.spot_support import (
    BTC,
    BUY,
    LOT,
    SELL,
    Spot,
    accepted_id,
    dollars,
    price,
)


def market(spot: Spot, usd: int) -> Spot:
    """B sells 0.01 BTC at 30 000 and 1 BTC at 31 000; C has money to buy."""
    spot.deposit("A", "ZUSD", dollars(usd))
    spot.deposit("B", "XXBT", 10 * BTC)
    spot.deposit("C", "ZUSD", dollars(100_000))
    spot.order("B", SELL, LOT // 100, price(30_000))
    spot.order("B", SELL, LOT, price(31_000))
    return spot


def stop_buy(spot: Spot) -> str:
    return accepted_id(
        spot.order("A", BUY, LOT, order_type=OrderType.STOP_LOSS, trigger_price=price(30_000))
    )


def kinds(events: list[Any], order_id: str) -> list[str]:
    return [
        type(event).__name__
        for event in events
        if getattr(event, "order_id", None) == order_id
        or getattr(event, "taker_order_id", None) == order_id
    ]


def test_a_stop_market_buy_is_held_at_its_trigger_when_placed() -> None:
    spot = market(Spot(), 40_000)
    stop_buy(spot)
    assert spot.account("A").hold("ZUSD") == dollars(30_120)


def test_a_stop_market_buy_that_can_afford_the_asks_trades_above_its_trigger() -> None:
    spot = market(Spot(), 40_000)
    order_id = stop_buy(spot)
    events = spot.order("C", BUY, LOT // 100)  # trades at 30 000: the stop fires
    assert kinds(events, order_id) == ["OrderTriggered", "TradeExecuted"]
    trade = next(e for e in events if isinstance(e, TradeExecuted) and e.taker_order_id == order_id)
    assert (trade.price, trade.quantity) == (price(31_000), LOT)
    account = spot.account("A")
    assert account.hold("ZUSD") == 0
    assert account.balance("ZUSD") == dollars(40_000 - 31_000 - 124)  # fee 0.40 % of 31 000
    assert account.balance("XXBT") == BTC
    assert spot.engine.open_reservations("XXBTZUSD") == {}


def test_a_stop_market_buy_the_account_cannot_afford_is_canceled_untouched() -> None:
    spot = market(Spot(), 31_000)  # enough at the trigger (30 120), not at 31 000 (31 124)
    order_id = stop_buy(spot)
    events = spot.order("C", BUY, LOT // 100)
    assert kinds(events, order_id) == ["OrderTriggered", "OrderCanceled"]
    canceled = next(e for e in events if isinstance(e, OrderCanceled))
    assert canceled.reason is CancelReason.INSUFFICIENT_FUNDS
    account = spot.account("A")
    assert (account.balance("ZUSD"), account.hold("ZUSD")) == (dollars(31_000), 0)
    assert account.balance("XXBT") == 0
    assert spot.engine.book("XXBTZUSD").depth(SELL) == [(price(31_000), LOT)]


def test_a_sale_in_the_same_command_pays_for_the_fired_buy() -> None:
    spot = Spot()
    spot.deposit("A", "ZUSD", dollars(30_120))
    spot.deposit("A", "XXBT", BTC)
    spot.deposit("B", "XXBT", 10 * BTC)
    spot.deposit("C", "ZUSD", dollars(100_000))
    spot.order("C", BUY, LOT // 2, price(30_000))
    spot.order("B", SELL, LOT, price(31_000))
    order_id = stop_buy(spot)
    events = spot.order("A", SELL, LOT // 2)  # A sells 0.5 BTC at 30 000: +15 000 USD
    # Needs 31 124 at the asks; has 30 120 held + 15 000 just received.
    assert kinds(events, order_id) == ["OrderTriggered", "TradeExecuted"]
    account = spot.account("A")
    assert account.hold("ZUSD") == 0
    # The sale's 15 000 of volume reached the next tier: the buy pays 0.35 % (108.50).
    assert account.balance("ZUSD") == dollars(30_120 + 15_000 - 31_000 - 108.5)


def test_a_trailing_stop_limit_buy_holds_its_limit_at_the_reference_price_now() -> None:
    spot = market(Spot(), 40_000)
    spot.order("C", BUY, LOT // 100)  # last price 30 000
    order_id = accepted_id(
        spot.order(
            "A",
            BUY,
            LOT,
            order_type=OrderType.TRAILING_STOP_LIMIT,
            trailing_offset=PriceOffset(price(100)),
            limit_offset=PriceOffset(price(50)),
        )
    )
    # Trigger 30 100, limit 30 150: the most it can become (a buy trailing stop only falls).
    assert spot.account("A").hold("ZUSD") == dollars(30_150 * 1.004)
    spot.deposit("D", "XXBT", BTC)
    spot.deposit("E", "ZUSD", dollars(100_000))
    spot.order("E", BUY, LOT // 100, price(29_000))
    spot.order("D", SELL, LOT // 100)  # last 29 000: trigger 29 100
    spot.order("E", BUY, LOT // 100, price(29_100))
    events = spot.order("D", SELL, LOT // 100)  # last 29 100: fires, limit 29 150, rests
    fired = next(e for e in events if isinstance(e, OrderTriggered))
    assert (fired.order_id, fired.limit_price) == (order_id, price(29_150))
    assert spot.account("A").hold("ZUSD") == dollars(29_150 * 1.004)


def test_a_trailing_stop_buy_without_a_reference_price_holds_nothing_until_it_fires() -> None:
    spot = Spot()
    spot.deposit("A", "ZUSD", dollars(100))
    spot.deposit("B", "XXBT", 10 * BTC)
    spot.deposit("C", "ZUSD", dollars(100_000))
    order_id = accepted_id(
        spot.order(
            "A", BUY, LOT, order_type=OrderType.TRAILING_STOP, trailing_offset=PriceOffset(10)
        )
    )
    assert spot.account("A").hold("ZUSD") == 0
    spot.order("B", SELL, LOT // 100, price(30_000))
    spot.order("B", SELL, LOT, price(30_001))
    spot.order("C", BUY, LOT // 100)  # last 30 000: the trailing stop starts from there
    spot.order("B", SELL, LOT // 100, price(30_001))
    events = spot.order("C", BUY, LOT // 100)  # 30 001 ≥ 30 000 + 1: fires
    canceled = [e for e in events if isinstance(e, OrderCanceled) and e.order_id == order_id]
    assert [e.reason for e in canceled] == [CancelReason.INSUFFICIENT_FUNDS]
    assert spot.account("A").balance("ZUSD") == dollars(100)
    assert spot.account("A").hold("ZUSD") == 0


def test_a_stop_market_buy_that_fires_as_it_is_placed_is_checked_too() -> None:
    # Found by the tight-funds property test: the check ran before the new order's own
    # reservation existed, so it passed and the buy overdrew the account.
    spot = market(Spot(), 30_500)
    spot.order("C", BUY, LOT // 100)  # the last price is now 30 000
    before = spot.account("A").balance("ZUSD")
    events = spot.order("A", BUY, LOT, order_type=OrderType.STOP_LOSS, trigger_price=price(30_000))
    order_id = accepted_id(events)
    assert kinds(events, order_id) == ["OrderAccepted", "OrderTriggered", "OrderCanceled"]
    canceled = next(e for e in events if isinstance(e, OrderCanceled))
    assert canceled.reason is CancelReason.INSUFFICIENT_FUNDS
    assert spot.account("A").balance("ZUSD") == before
    assert spot.account("A").hold("ZUSD") == 0
