"""Spot FIX market data end to end: krakenbox's FIX client subscribes over a socket while
orders trade on the venue; its local book verifies the 5041 checksum of every increment."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest

from krakenbox.client import MarketDataClient
from krakenbox.client.subscriptions import Subscription, SubscriptionRejected
from krakenbox.domain.commands import ChangeMarketStatus
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import Side
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from tests.gateways.spot_fix.harness import (
    TIMEOUT_S,
    Venue,
    client,
    order,
    running_venue,
    scenario,
)

XBTUSD = "XXBTZUSD"


async def trade_a_little(venue: Venue) -> None:
    """Resting orders on both sides at several prices, then a taker through three levels."""
    alice = await venue.trader("alice")
    bob = await venue.trader("bob")
    number = 0
    for price, side in [(60_000 + step, "2") for step in range(0, 15)] + [
        (59_990 - step, "1") for step in range(0, 15)
    ]:
        number += 1
        alice.send(order(str(number), side, "0.1", str(price)))
    for _ in range(number):
        await client(alice).next()
    bob.send(order("900", "1", "0.25", "60002"))
    await client(bob).next_of("8")
    alice.send(order("901", "2", "0.05", "59990.5", tags={18: "P"}))  # post-only: rests
    await client(alice).next()


async def settled(subscription: Subscription, venue: Venue, depth: int) -> None:
    """Wait until the client's book is the venue's own (top ``depth`` levels)."""
    views = venue.venue.market_data[XBTUSD].book
    instrument = venue.venue.engine.instrument(XBTUSD)

    def expected(side: Side) -> list[tuple[Decimal, Decimal]]:
        return [
            (instrument.price_to_decimal(price), instrument.quantity_to_decimal(quantity))
            for price, quantity in views.levels(side, depth)
        ]

    async with asyncio.timeout(TIMEOUT_S):
        async for book in subscription.updates():
            if book.bids(depth) == expected(Side.BUY) and book.asks(depth) == expected(Side.SELL):
                return


@pytest.mark.parametrize("depth", [1, 10, 25, 0])
def test_l2_snapshot_and_increments_with_every_checksum_verified(
    tmp_path: Path, depth: int
) -> None:
    async def run() -> None:
        async with running_venue(tmp_path) as venue:
            feed = MarketDataClient("127.0.0.1", venue.port(1), "ALICE", clock=venue.clock)
            async with feed:
                subscription = await feed.subscribe("XBT/USD", depth)
                assert subscription.book.bids() == [] and subscription.book.asks() == []
                await trade_a_little(venue)
                await settled(subscription, venue, depth or 1000)
                assert subscription.checksum_failures == [] and subscription.book_errors == []
                # Kraken's 5041 always covers 10 levels: a depth-1 book cannot check it.
                assert depth == 1 or subscription.book.checksums_verified > 10
                traded = [(trade.price, trade.quantity) for trade in subscription.trades]
                assert traded == [
                    (Decimal("60000.0"), Decimal("0.10000000")),
                    (Decimal("60001.0"), Decimal("0.10000000")),
                    (Decimal("60002.0"), Decimal("0.05000000")),
                ]

    asyncio.run(run())


@scenario
async def test_l3_order_by_order_on_its_own_port(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        feed = MarketDataClient("127.0.0.1", venue.port(2), "BOB", clock=venue.clock)
        async with feed:
            subscription = await feed.subscribe("XBT/USD", 10, trades=False, level3=True)
            await trade_a_little(venue)
            await settled(subscription, venue, 10)
            assert subscription.checksum_failures == [] and subscription.book_errors == []
            view = venue.venue.market_data[XBTUSD].orders
            resting = {
                order.order_id
                for side in (Side.BUY, Side.SELL)
                for _, orders in view.levels(side, 10)
                for order in orders
            }
            assert set(subscription.book.entries) == resting


@scenario
async def test_instrument_list_and_rejected_subscriptions(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        feed = MarketDataClient("127.0.0.1", venue.port(1), "ALICE", clock=venue.clock)
        async with feed:
            instruments = await feed.instruments()
            assert "XBT/USD" in {instrument.symbol for instrument in instruments}
            with pytest.raises(SubscriptionRejected) as level3_on_l2:
                await feed.subscribe("XBT/USD", 10, trades=False, level3=True)
            assert level3_on_l2.value.reason == "B"
            assert feed.session.is_logged_on


@scenario
async def test_trading_session_status_and_a_status_push_over_a_socket(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        feed = venue.initiator("ALICE", None, target="KRAKEN-MD", listener=1)
        feed.start()
        await feed.wait_logged_on(TIMEOUT_S)
        feed.send(
            Message.of(
                MsgType.TradingSessionStatusRequest,
                (Tag.TradSesReqID, "TSS1"),
                (Tag.TradingSessionID, "SESSION"),
                (Tag.SubscriptionRequestType, "0"),
            )
        )
        status = await client(feed).next()
        assert (status.msg_type, status[Tag.TradSesStatus]) == ("h", "2")
        feed.send(
            Message.of(
                MsgType.SecurityListRequest,
                (Tag.SecurityReqID, "L1"),
                (Tag.SecurityListRequestType, "0"),
                (Tag.Symbol, "XBT/USD"),
                (Tag.SubscriptionRequestType, "1"),
            )
        )
        listing = await client(feed).next()
        assert (listing.msg_type, listing[Tag.SecurityRequestResult]) == ("y", "0")
        venue.venue.submit(
            ChangeMarketStatus(status=MarketStatus.CANCEL_ONLY, timestamp=venue.clock.now_ns()),
            XBTUSD,
        )
        venue.loop.request_flush()
        pushed = await client(feed).next()
        assert (pushed.msg_type, pushed[Tag.Symbol], pushed[5032]) == ("y", "XBT/USD", "3")
