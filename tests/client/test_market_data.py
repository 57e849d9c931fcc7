"""MarketDataClient through a Session pair: instruments, snapshot, 5041 checks, resubscription."""

from __future__ import annotations

from decimal import Decimal

import pytest

from krakenbox.client import SubscriptionRejected
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

from .support import MarketDataPair, market_data_pair, run
from .test_book import ASKS, BIDS

VECTOR = [("1", ASKS[0], "0.00096506")] + [("1", price, "0.001") for price in ASKS[1:]]
VECTOR += [("0", price, size) for price, size in BIDS]


def push(pair: MarketDataPair, *entries: tuple[str, str, str, str], checksum: int) -> None:
    """The venue sends a 35=X on the current subscription: entries (action, side, price, size)."""
    message = Message.of(
        MsgType.MarketDataIncrementalRefresh,
        (Tag.Symbol, "BTC/USD"),
        (Tag.MDReqID, pair.venue.last_request_id()),
        (Tag.NoMDEntries, len(entries)),
    )
    for action, side, price, size in entries:
        message.append(Tag.MDUpdateAction, action)
        message.append(Tag.MDEntryType, side)
        if side != "2":
            message.append(Tag.MDEntryID, ("B" if side == "0" else "O") + price)
        message.append(Tag.MDEntryPx, price)
        message.append(Tag.MDEntrySize, size)
    message.append(Tag.ChecksumOrderBook, checksum)
    assert pair.venue.session is not None
    pair.venue.session.send(message)
    pair.link.pump()


def requests(pair: MarketDataPair) -> list[Message]:
    return [m for m in pair.venue.received if m.msg_type == MsgType.MarketDataRequest]


def test_instruments_come_from_the_instrument_list() -> None:
    pair = market_data_pair()
    (instrument,) = run(pair.client.instruments("BTC/USD"))
    assert (instrument.symbol, instrument.price_decimals, instrument.quantity_decimals) == (
        "BTC/USD",
        1,
        8,
    )
    assert instrument.tick_size == Decimal("0.1") and instrument.status == "online"
    request = pair.venue.received[0]
    assert (request[Tag.SecurityListRequestType], request[Tag.Symbol]) == ("0", "BTC/USD")


def test_subscribe_learns_precisions_then_keeps_a_verified_book() -> None:
    pair = market_data_pair()
    pair.venue.snapshot = VECTOR

    async def scenario() -> None:
        subscription = await pair.client.subscribe("BTC/USD", depth=10)
        book = subscription.book
        assert book.valid and book.checksum() == 3341325816
        push(pair, ("1", "1", ASKS[0], "0.002"), ("0", "2", "28013.0", "0.001"), checksum=0)
        assert subscription.checksum_failures  # 0 is wrong: detected and resubscribed
        assert [r[Tag.SubscriptionRequestType] for r in requests(pair)] == ["1", "2", "1"]
        assert book.valid and book.checksum() == 3341325816  # fresh snapshot
        expected = book.checksum()
        push(pair, ("0", "0", "27000.0", "1"), ("2", "0", "27000.0", "0"), checksum=expected)
        assert book.checksums_verified == 1 and not subscription.checksum_failures[1:]

    run(scenario())
    first = requests(pair)[0]
    assert first[Tag.MarketDepth] == "10" and first.get_all(Tag.MDEntryType) == ["0", "1", "2"]
    assert first[Tag.MDUpdateType] == "1" and Tag.AggregatedBook not in first


def test_trades_are_collected_on_the_subscription() -> None:
    pair = market_data_pair()
    pair.venue.snapshot = VECTOR

    async def scenario() -> None:
        subscription = await pair.client.subscribe("BTC/USD")
        push(pair, ("0", "2", "28013.0", "0.5"), checksum=3341325816)
        assert [trade.quantity for trade in subscription.trades] == [Decimal("0.5")]

    run(scenario())


def test_a_rejected_subscription_raises() -> None:
    pair = market_data_pair()
    pair.venue.instruments["FOO/BAR"] = (1, 1)

    async def scenario() -> None:
        await pair.client.instruments("FOO/BAR")
        del pair.venue.instruments["FOO/BAR"]
        with pytest.raises(SubscriptionRejected, match="Unknown symbol: FOO/BAR") as caught:
            await pair.client.subscribe("FOO/BAR")
        assert caught.value.reason == "0"

    run(scenario())


def test_subscriptions_are_renewed_after_a_reconnect() -> None:
    pair = market_data_pair()
    pair.venue.snapshot = VECTOR

    async def scenario() -> None:
        subscription = await pair.client.subscribe("BTC/USD", trades=False)
        pair.link.disconnect()
        assert not subscription.book.valid
        pair.link.connect()
        assert subscription.book.valid
        assert [r[Tag.MDReqID] for r in requests(pair)] == ["md-2", "md-3"]
        assert requests(pair)[-1].get_all(Tag.MDEntryType) == ["0", "1"]

    run(scenario())


def test_a_depth_1_book_cannot_check_a_top_10_checksum_and_does_not_try() -> None:
    pair = market_data_pair()
    pair.venue.snapshot = [VECTOR[0], VECTOR[10]]

    async def scenario() -> None:
        subscription = await pair.client.subscribe("BTC/USD", depth=1)
        push(pair, ("1", "1", ASKS[0], "0.002"), checksum=3341325816)
        assert not subscription.checksum_failures and subscription.book.valid
        assert subscription.book.checksums_verified == 0
        assert subscription.book.best_ask == (Decimal("28013.0"), Decimal("0.00200000"))

    run(scenario())
