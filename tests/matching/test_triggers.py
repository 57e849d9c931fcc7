"""Conditional orders: stop-loss, take-profit, their limit forms, trailing stops (absolute and
percent), last and index references, cascades."""

from __future__ import annotations

from krakenbox.domain.commands import ChangeMarketStatus, UpdateIndexPrice
from krakenbox.domain.events import OrderRejected, OrderRested, OrderTriggered, RejectReason
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import OffsetUnit, OrderType, PriceOffset, TriggerReference
from krakenbox.matching.rules import BookRules

from .support import BUY, SELL, Venue, kinds, of_type, trades


def _trade_at(venue: Venue, price: int, quantity: int = 1) -> None:
    """A trade between two outsiders at ``price``."""
    venue.limit("maker", SELL, quantity, price)
    venue.limit("taker", BUY, quantity, price)


def test_sell_stop_loss_fires_when_the_last_price_falls_to_it_and_keeps_its_id() -> None:
    venue = Venue()
    venue.limit("bidder", BUY, 10, 90)  # O1: liquidity for the stop
    events = venue.submit("alice", SELL, OrderType.STOP_LOSS, 4, trigger_price=95)  # O2
    assert kinds(events) == ["OrderAccepted"]  # armed, not on the book
    _trade_at(venue, 96)
    assert venue.engine.order("O2").triggered is False  # type: ignore[union-attr]
    venue.limit("maker", SELL, 1, 95)  # O5
    events = venue.limit("taker", BUY, 1, 95)  # O6 trades at 95: the stop fires
    fired = of_type(events, OrderTriggered)
    assert fired == [OrderTriggered("O2", 95, 95, None, 6)]
    assert trades(events)[-1] == (90, 4, "O1", "O2")
    assert venue.bids() == [(90, 6)]


def test_take_profit_fires_from_the_favourable_side() -> None:
    venue = Venue()
    venue.limit("seller", SELL, 10, 88)  # O1
    venue.submit("alice", BUY, OrderType.TAKE_PROFIT, 2, trigger_price=85)  # O2: buy when <= 85
    venue.limit("maker", BUY, 1, 86)
    venue.limit("taker", SELL, 1, 86)
    assert not of_type(venue.log, OrderTriggered)
    venue.limit("maker", BUY, 1, 84)
    events = venue.limit("taker", SELL, 1, 84)
    assert of_type(events, OrderTriggered)[0].order_id == "O2"
    assert trades(events)[-1] == (88, 2, "O1", "O2")


def test_stop_loss_limit_becomes_a_limit_order_at_the_back_of_the_queue() -> None:
    venue = Venue()
    venue.submit("alice", SELL, OrderType.STOP_LOSS_LIMIT, 3, trigger_price=100, price=105)  # O1
    venue.limit("other", SELL, 1, 105)  # O2: already waiting at 105
    _trade_at(venue, 100)
    fired = of_type(venue.log, OrderTriggered)
    assert fired[0].limit_price == 105
    assert of_type(venue.log, OrderRested)[-1] == OrderRested("O1", SELL, 105, 3, 4)
    assert venue.queue(SELL, 105) == ["O2", "O1"]


def test_trailing_stop_follows_the_peak_by_an_absolute_offset() -> None:
    venue = Venue()
    venue.limit("bidder", BUY, 10, 50)  # O1
    _trade_at(venue, 100)
    venue.submit("alice", SELL, OrderType.TRAILING_STOP, 1, trailing_offset=PriceOffset(5))  # O4
    _trade_at(venue, 110)  # peak 110, trigger 105
    _trade_at(venue, 106)
    assert not of_type(venue.log, OrderTriggered)
    _trade_at(venue, 105)
    assert of_type(venue.log, OrderTriggered) == [OrderTriggered("O4", 105, 105, None, venue.now)]


def test_trailing_stop_by_percent_and_trailing_stop_limit_offset() -> None:
    venue = Venue(rules=BookRules(tick=2))
    _trade_at(venue, 200)
    venue.submit(
        "alice",
        SELL,
        OrderType.TRAILING_STOP_LIMIT,
        1,
        trailing_offset=PriceOffset(100_000, OffsetUnit.PERCENT),  # 10%: trigger at 180
        limit_offset=PriceOffset(-3),  # 177 on the grid, rounded up for a sell: 178
    )
    _trade_at(venue, 182)
    assert not of_type(venue.log, OrderTriggered)
    _trade_at(venue, 180)
    fired = of_type(venue.log, OrderTriggered)
    assert [(event.trigger_price, event.limit_price) for event in fired] == [(180, 178)]
    assert venue.asks()[0] == (178, 1)


def test_buy_trailing_stop_follows_the_trough() -> None:
    venue = Venue()
    _trade_at(venue, 100)
    venue.submit("alice", BUY, OrderType.TRAILING_STOP, 1, trailing_offset=PriceOffset(10))
    _trade_at(venue, 90)
    _trade_at(venue, 99)
    assert not of_type(venue.log, OrderTriggered)
    _trade_at(venue, 100)
    assert of_type(venue.log, OrderTriggered)[0].trigger_price == 100


def test_a_trigger_already_reached_fires_at_once() -> None:
    venue = Venue()
    _trade_at(venue, 100)
    venue.limit("bidder", BUY, 1, 99)
    events = venue.submit("alice", SELL, OrderType.STOP_LOSS, 1, trigger_price=101)
    assert kinds(events)[:3] == ["OrderAccepted", "OrderTriggered", "TradeExecuted"]


def test_triggers_fire_in_arming_order_and_cascade() -> None:
    venue = Venue()
    venue.limit("bidder", BUY, 1, 97)  # O1
    venue.limit("bidder", BUY, 1, 94)  # O2
    venue.submit("alice", SELL, OrderType.STOP_LOSS, 1, trigger_price=97)  # O3: fires second
    venue.submit("bob", SELL, OrderType.STOP_LOSS, 1, trigger_price=98)  # O4: fires first
    _trade_at(venue, 98)  # O4 sells into 97, which fires O3, which sells into 94
    fired = [event.order_id for event in of_type(venue.log, OrderTriggered)]
    assert fired == ["O4", "O3"]
    assert trades(venue.log)[-2:] == [(97, 1, "O1", "O4"), (94, 1, "O2", "O3")]
    assert venue.engine.last_price == 94


def test_index_triggers_and_index_availability() -> None:
    venue = Venue(rules=BookRules(has_index=True))
    refused = venue.submit(
        "alice",
        SELL,
        OrderType.STOP_LOSS,
        1,
        trigger_price=95,
        trigger_reference=TriggerReference.INDEX,
    )
    assert of_type(refused, OrderRejected)[0].reason is RejectReason.INDEX_UNAVAILABLE
    venue.send(UpdateIndexPrice(price=100, timestamp=venue.tick()))
    venue.limit("bidder", BUY, 1, 90)
    venue.submit(
        "alice",
        SELL,
        OrderType.STOP_LOSS,
        1,
        trigger_price=95,
        trigger_reference=TriggerReference.INDEX,
    )
    _trade_at(venue, 94)  # the last price does not matter
    assert not of_type(venue.log, OrderTriggered)
    events = venue.send(UpdateIndexPrice(price=95, timestamp=venue.tick()))
    assert kinds(events)[:3] == ["IndexPriceUpdated", "OrderTriggered", "TradeExecuted"]
    without_index = Venue()
    without_index.send(UpdateIndexPrice(price=100, timestamp=1))
    refused = without_index.submit(
        "a", SELL, OrderType.STOP_LOSS, 1, trigger_price=9, trigger_reference=TriggerReference.INDEX
    )
    assert of_type(refused, OrderRejected)[0].reason is RejectReason.INDEX_UNAVAILABLE


def test_amending_a_trigger_and_triggers_paused_while_the_market_cannot_trade() -> None:
    venue = Venue(rules=BookRules(has_index=True))
    venue.send(UpdateIndexPrice(price=100, timestamp=venue.tick()))
    venue.limit("bidder", BUY, 1, 90)  # O1
    venue.submit(
        "alice",
        SELL,
        OrderType.STOP_LOSS,
        1,
        trigger_price=80,
        trigger_reference=TriggerReference.INDEX,
    )  # O2
    venue.send(ChangeMarketStatus(status=MarketStatus.CANCEL_ONLY, timestamp=venue.tick()))
    venue.amend("alice", "O2", trigger_price=99)  # refused: cancel_only
    assert of_type(venue.log, OrderRejected)[-1].reason is RejectReason.MARKET_CANCEL_ONLY
    venue.send(ChangeMarketStatus(status=MarketStatus.ONLINE, timestamp=venue.tick()))
    events = venue.amend("alice", "O2", trigger_price=100)
    assert kinds(events)[:3] == ["OrderAmended", "OrderTriggered", "TradeExecuted"]
    venue.limit("bidder", BUY, 1, 50)  # O3
    not_conditional = venue.amend("bidder", "O3", trigger_price=1)
    assert of_type(not_conditional, OrderRejected)[0].reason is RejectReason.NOT_AMENDABLE
