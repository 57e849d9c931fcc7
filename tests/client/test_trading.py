"""Answers reach the right awaitable: ER by order, 35=j by 379, 35=3 by 45 (spec/fix.md §4.6-§4.7).

Driven through a real krakenbox Session pair in memory, with the scripted venue of venue.py.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from krakenbox.client import (
    ExecutionType,
    OrderRejected,
    OrderStatus,
    RequestNotDelivered,
)
from krakenbox.client.tracking import OrderHandle
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag

from .support import TradingPair, run, trading_pair


async def place(pair: TradingPair, symbol: str = "XBT/USD", price: str = "50000") -> OrderHandle:
    return await pair.client.place_order(
        symbol=symbol, side="buy", quantity=Decimal("0.01"), price=Decimal(price)
    )


def sent(pair: TradingPair, msg_type: str) -> list[Message]:
    return [frame for frame in pair.link.client_frames if frame.msg_type == msg_type]


def test_an_acknowledgement_resolves_the_order_it_belongs_to() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        first = await place(pair)
        second = await place(pair, price="49000")
        report = await second.acknowledged
        assert report.client_order_id == second.client_order_id
        assert report.execution_type is ExecutionType.NEW
        assert report.order_status is OrderStatus.NEW
        assert report.price == Decimal("49000")
        assert (await first.acknowledged).order_id == first.order_id != second.order_id
        assert second.is_open and second.order_id == "O00002-AAAAA-BBBBBB"

    run(scenario())
    order = sent(pair, MsgType.NewOrderSingle)[0]
    assert (order[Tag.Side], order[Tag.OrderQty], order[Tag.OrdType], order[Tag.Price]) == (
        "1",
        "0.01",
        "2",
        "50000",
    )
    assert order[Tag.TimeInForce] == "1" and len(order[Tag.ClOrdID]) <= 18


def test_a_business_reject_fails_the_order_named_by_379_not_by_45() -> None:
    pair = trading_pair()
    pair.venue.script = ["ack", "business-reject", "ack"]

    async def scenario() -> None:
        first, rejected, third = [await place(pair) for _ in range(3)]
        with pytest.raises(OrderRejected, match="EOrder:Insufficient funds") as caught:
            await rejected.acknowledged
        reject = caught.value.business_reject
        assert reject is not None and reject.reference_id == rejected.client_order_id
        assert reject.reference_sequence_number == 0 and reject.reason == 0
        assert rejected.rejection is caught.value and not rejected.is_open
        assert (await first.acknowledged).execution_type is ExecutionType.NEW
        assert (await third.acknowledged).execution_type is ExecutionType.NEW
        with pytest.raises(OrderRejected):
            await rejected.finished

    run(scenario())


def test_a_session_reject_fails_the_request_with_that_msgseqnum() -> None:
    pair = trading_pair()
    pair.venue.script = ["ack", "session-reject"]

    async def scenario() -> None:
        accepted = await place(pair)
        refused = await place(pair)
        with pytest.raises(OrderRejected, match=r"Missing mandatory field: Side \(54\)") as caught:
            await refused.acknowledged
        reject = caught.value.session_reject
        order_frames = sent(pair, MsgType.NewOrderSingle)
        assert reject is not None
        assert reject.reference_sequence_number == int(order_frames[1][Tag.MsgSeqNum])
        assert (reject.reason, reject.reference_tag) == (1, 54)
        assert (await accepted.acknowledged).execution_type is ExecutionType.NEW

    run(scenario())


def test_amend_cancel_and_status_return_their_own_reports() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        order = await place(pair)
        other = await place(pair, price="48000")
        amended = await pair.client.amend(order, quantity=Decimal("0.02"), price=Decimal("49500"))
        assert amended.execution_type is ExecutionType.REPLACED
        assert amended.order_quantity == Decimal("0.02") and amended.price == Decimal("49500")
        status = await pair.client.status(order.order_id or "")
        assert status.execution_type is ExecutionType.ORDER_STATUS
        assert status.order_id == order.order_id
        canceled = await pair.client.cancel(order)
        assert canceled.execution_type is ExecutionType.CANCELED
        assert canceled.original_client_order_id == amended.client_order_id
        assert (await order.finished) is canceled and not order.is_open
        assert other.is_open
        assert [r.execution_type for r in order.reports] == [
            ExecutionType.NEW,
            ExecutionType.REPLACED,
            ExecutionType.ORDER_STATUS,
            ExecutionType.CANCELED,
        ]

    run(scenario())
    amend = sent(pair, MsgType.OrderCancelReplaceRequest)[0]
    cancel = sent(pair, MsgType.OrderCancelRequest)[0]
    assert amend[Tag.OrigClOrdID] == sent(pair, MsgType.NewOrderSingle)[0][Tag.ClOrdID]
    assert cancel[Tag.OrderID] == "O00001-AAAAA-BBBBBB"
    assert Tag.OrigClOrdID not in cancel  # by OrderID, as the brief and Kraken's 37-wins rule


def test_a_cancel_refused_with_35j_raises_and_leaves_the_order_alone() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        order = await place(pair)
        await pair.client.cancel(order)
        with pytest.raises(OrderRejected, match="Unknown order") as caught:
            await pair.client.cancel(order)
        assert caught.value.business_reject is not None
        assert caught.value.business_reject.reason == 101

    run(scenario())


def test_mass_cancel_settles_after_the_quiet_period_with_the_cancel_reports() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        orders = [await place(pair), await place(pair), await place(pair, symbol="ETH/USD")]
        task = asyncio.create_task(pair.client.mass_cancel("XBT/USD"))
        await asyncio.sleep(0)  # let the task send its request
        assert not task.done()
        pair.clock.advance(0.5)
        pair.client.run_timers()
        await asyncio.sleep(0)
        assert not task.done()
        pair.clock.advance(0.5)
        pair.client.run_timers()
        reports = await task
        assert sorted(report.order_id for report in reports) == sorted(
            order.order_id or "" for order in orders[:2]
        )
        assert all(report.execution_type is ExecutionType.CANCELED for report in reports)
        assert orders[2].is_open and not orders[0].is_open

    run(scenario())
    request = sent(pair, MsgType.OrderMassCancelRequest)[0]
    assert (request[Tag.MassCancelRequestType], request[Tag.Symbol]) == ("1", "XBT/USD")


def test_mass_cancel_of_everything_sends_530_6() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        await place(pair)
        task = asyncio.create_task(pair.client.mass_cancel())
        await asyncio.sleep(0)
        pair.clock.advance(1)
        pair.client.run_timers()
        assert len(await task) == 1

    run(scenario())
    request = sent(pair, MsgType.OrderMassCancelRequest)[0]
    assert request[Tag.MassCancelRequestType] == "6" and Tag.Symbol not in request


def test_reports_iterate_until_the_order_is_filled_and_replays_count_once() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        order = await place(pair)
        seen: list[ExecutionType] = []

        async def follow() -> None:
            async for report in order.updates():
                seen.append(report.execution_type)

        follower = asyncio.create_task(follow())
        await asyncio.sleep(0)
        pair.venue.fill(order.order_id or "", "0.004", "50000", final=False)
        replay = pair.link.venue_frames[-1]
        await asyncio.sleep(0)
        pair.venue.fill(order.order_id or "", "0.01", "50000", final=True)
        pair.link.pump()
        # The same report again (a replay carries the same ExecID): applied once.
        pair.client.application.on_message(replay, pair.client.session.session_id)
        await asyncio.wait_for(follower, 1)
        assert seen == [ExecutionType.NEW, ExecutionType.TRADE, ExecutionType.TRADE]
        assert order.status is OrderStatus.FILLED
        assert order.cumulative_quantity == Decimal("0.01")
        assert (await order.finished).last_quantity == Decimal("0.01")

    run(scenario())


def test_a_request_lost_in_transit_fails_when_the_venue_asks_for_it_and_we_gap_fill() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        kept = await place(pair)
        pair.link.drop_client_output = True
        lost = await place(pair)  # written, then the connection drops before the venue reads it
        assert not pair.link.connected
        pair.clock.advance(1)
        pair.link.connect()  # 141=N: the venue sees our Logon ahead and asks for the gap
        with pytest.raises(RequestNotDelivered):
            await lost.acknowledged
        assert kept.is_open
        gap_fills = sent(pair, MsgType.SequenceReset)
        assert gap_fills and gap_fills[0][Tag.GapFillFlag] == "Y"
        assert not [m for m in pair.venue.received if m.get(Tag.ClOrdID) == lost.client_order_id]

    run(scenario())


def test_requests_while_logged_out_raise_and_send_nothing() -> None:
    from krakenbox.client import NotLoggedOn

    pair = trading_pair()
    pair.link.disconnect()
    before = pair.client.store.next_sender_seq

    async def scenario() -> None:
        with pytest.raises(NotLoggedOn):
            await place(pair)

    run(scenario())
    assert pair.client.store.next_sender_seq == before


def test_broker_allocation_and_extra_fields_go_on_the_order() -> None:
    pair = trading_pair()

    async def scenario() -> None:
        await pair.client.place_order(
            symbol="XBT/USD",
            side="sell",
            quantity=Decimal("1"),
            order_type="stop-loss-limit",
            price=Decimal("40000"),
            stop_price=Decimal("40500"),
            exec_inst=["post-only"],
            allocation_account="sub-7",
            extra_fields=[(7928, "0")],
        )

    run(scenario())
    order = sent(pair, MsgType.NewOrderSingle)[0]
    assert order[Tag.NoAllocs] == "1" and order[Tag.AllocAccount] == "sub-7"
    assert (order[Tag.OrdType], order[Tag.StopPx], order[Tag.ExecInst]) == ("4", "40500", "P")
    assert order[7928] == "0" and order[Tag.Side] == "2"
