"""Spot FIX trading end to end: orders in, ExecutionReports out, over real sockets."""

from __future__ import annotations

from pathlib import Path

from krakenbox.core.ids import looks_like_id
from krakenbox.fix.tags import MsgType, Tag
from tests.gateways.spot_fix.harness import client, order, running_venue, scenario


@scenario
async def test_limit_order_is_acknowledged_with_a_kraken_order_id(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        alice.send(order("1775570000000001", "1", "0.5", "60000.1"))
        report = await client(alice).next()
        assert report.msg_type == MsgType.ExecutionReport
        assert report[Tag.ExecType] == "0" and report[Tag.OrdStatus] == "0"
        assert report[Tag.ClOrdID] == "1775570000000001"
        assert looks_like_id(report[Tag.OrderID])
        assert report[Tag.Symbol] == "XBT/USD"
        assert (report[Tag.OrderQty], report[Tag.Price]) == ("0.50000000", "60000.1")
        assert (report[Tag.LeavesQty], report[Tag.CumQty], report[Tag.AvgPx]) == (
            "0.50000000",
            "0.00000000",
            "0",
        )


@scenario
async def test_crossing_orders_between_two_accounts_fill_both_with_fees(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        bob = await venue.trader("bob")
        alice.send(order("1", "2", "1", "60000"))
        new = await client(alice).next()
        bob.send(order("2", "1", "0.25", "60010"))
        bob_new = await client(bob).next()
        assert bob_new[Tag.ExecType] == "0"
        taker = await client(bob).next()
        maker = await client(alice).next()
        assert taker[Tag.ExecType] == "F" and taker[Tag.OrdStatus] == "2"
        assert (taker[Tag.LastQty], taker[Tag.LastPx]) == ("0.25000000", "60000.0")
        assert taker[Tag.ExecID] == maker[Tag.ExecID]
        assert taker[Tag.SecondaryExecID] == maker[Tag.SecondaryExecID] == "1"
        assert maker[Tag.OrderID] == new[Tag.OrderID] and maker[Tag.OrdStatus] == "1"
        assert (maker[Tag.CumQty], maker[Tag.LeavesQty]) == ("0.25000000", "0.75000000")
        assert maker[Tag.AvgPx] == "60000"
        # Kraken's defaults: fees in quote on buys, in base on sells; taker 0.40 %, maker 0.25 %.
        assert (taker[Tag.MiscFeeAmt], taker[Tag.MiscFeeCurr]) == ("60", "USD")
        assert (maker[Tag.MiscFeeAmt], maker[Tag.MiscFeeCurr]) == ("0.000625", "XBT")
