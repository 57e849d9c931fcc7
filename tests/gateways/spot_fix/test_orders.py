"""Spot FIX trading end to end: orders in, ExecutionReports out, over real sockets."""

from __future__ import annotations

from pathlib import Path

from krakenbox.core.ids import looks_like_id
from krakenbox.domain.commands import UpdateIndexPrice
from krakenbox.fix.message import Message
from krakenbox.fix.tags import MsgType, Tag
from tests.gateways.spot_fix.harness import (
    client,
    order,
    running_venue,
    scenario,
    send_possible_duplicate,
)

XBTUSD = "XXBTZUSD"


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


@scenario
async def test_amend_status_cancel_and_broker_allocation_echo(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        inbox = client(alice)
        alice.send(
            order("10", "1", "1", "50000", tags={Tag.NoAllocs: "1", Tag.AllocAccount: "SUB-1"})
        )
        new = await inbox.next()
        assert (new[Tag.NoAllocs], new[Tag.AllocAccount]) == ("1", "SUB-1")
        order_id = new[Tag.OrderID]
        alice.send(
            Message.of(
                MsgType.OrderCancelReplaceRequest,
                (Tag.ClOrdID, "11"),
                (Tag.OrderID, order_id),
                (Tag.OrigClOrdID, "10"),
                (Tag.Side, "1"),
                (Tag.Symbol, "XBT/USD"),
                (Tag.TransactTime, "20260407-13:53:21.000"),
                (Tag.OrderQty, "0.6"),
                (Tag.OrdType, "2"),
                (Tag.Price, "50000"),
                (Tag.TimeInForce, "1"),
            )
        )
        replaced = await inbox.next()
        assert (replaced[Tag.ExecType], replaced[Tag.OrdStatus]) == ("5", "5")
        assert (replaced[Tag.ClOrdID], replaced[Tag.OrigClOrdID]) == ("11", "10")
        assert replaced[Tag.OrderQty] == "0.60000000"
        alice.send(
            Message.of(
                MsgType.OrderStatusRequest,
                (Tag.ClOrdID, "12"),
                (Tag.OrderID, order_id),
                (Tag.Symbol, "XBT/USD"),
            )
        )
        status = await inbox.next()
        assert (status[Tag.ExecType], status[Tag.OrdStatus], status[Tag.ClOrdID]) == (
            "I",
            "0",
            "12",
        )
        assert status[Tag.AllocAccount] == "SUB-1"
        alice.send(cancel("13", order_id=order_id))
        canceled = await inbox.next()
        assert (canceled[Tag.ExecType], canceled[Tag.OrdStatus]) == ("4", "4")
        assert (canceled[Tag.ClOrdID], canceled[Tag.OrigClOrdID]) == ("13", "11")
        assert Tag.Text not in canceled  # requested: no reason text
        alice.send(cancel("14", order_id=order_id))
        reject = await inbox.next()
        assert reject.msg_type == MsgType.BusinessMessageReject
        assert (reject[Tag.BusinessRejectReason], reject[Tag.Text]) == (
            "101",
            "EOrder:Unknown order",
        )
        assert reject[Tag.BusinessRejectRefID] == "14" and reject[Tag.RefMsgType] == "F"


@scenario
async def test_cancel_scope_single_cancel_own_session_mass_cancel_whole_account(
    tmp_path: Path,
) -> None:
    async with running_venue(tmp_path) as venue:
        first = await venue.trader("alice")
        second = await venue.trader("alice", sender="ALICE2")
        first.send(order("20", "1", "0.1", "40000"))
        placed = await client(first).next()
        second.send(cancel("21", order_id=placed[Tag.OrderID]))
        refused = await client(second).next()
        assert refused.msg_type == MsgType.BusinessMessageReject
        assert refused[Tag.Text] == "EOrder:Unknown order"
        second.send(cancel("22", original="20"))
        assert (await client(second).next())[Tag.BusinessRejectReason] == "101"
        second.send(
            Message.of(
                MsgType.OrderMassCancelRequest,
                (Tag.ClOrdID, "23"),
                (Tag.MassCancelRequestType, "7"),
                (Tag.TransactTime, "20260407-13:53:22.000"),
            )
        )
        to_owner = await client(first).next()
        to_requester = await client(second).next()
        for report in (to_owner, to_requester):
            assert report[Tag.OrderID] == placed[Tag.OrderID]
            assert (report[Tag.ExecType], report[Tag.ClOrdID], report[Tag.OrigClOrdID]) == (
                "4",
                "23",
                "20",
            )


@scenario
async def test_bad_requests_get_their_rejects_and_the_session_lives_on(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        inbox = client(alice)
        cases = [
            (order("30", "1", "1", None, order_type="2"), "j", Tag.BusinessRejectReason, "5"),
            (order("31", "1", "1", "1", symbol="FOO/BAR"), "j", Tag.Text, "Unknown symbol: FOO/BAR"),
            (order("32", "1", "1", "50000.123"), "j", Tag.Text,
             "EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals."),
            (order("33", "1", "1", "-5"), "3", Tag.RefTagID, "44"),
            (order("abc", "1", "1", "5"), "3", Tag.RefTagID, "11"),
            (order("34", "1", "1000000", "50000"), "j", Tag.Text, "EOrder:Insufficient funds"),
            (order("35", "1", "0.00001", "50000"), "j", Tag.Text, "EOrder:Order minimum not met"),
            (order("36", "1", "1", "50000", time_in_force="0"), "3", Tag.RefTagID, "59"),
            (order("37", "1", "1", "50000", tags={Tag.ExecInst: "s"}), "3", Tag.RefTagID, "18"),
            (order("38", "1", "1", "50000", tags={Tag.Leverage: "1"}), "j", Tag.Text,
             "EGeneral:Invalid arguments:leverage"),
            (order("30", "1", "0.1", "50000"), "8", Tag.ExecType, "0"),  # 30 was never used
            (order("30", "1", "0.1", "50000"), "j", Tag.Text, "EOrder:Invalid order"),
        ]  # fmt: skip
        for message, msg_type, tag, value in cases:
            alice.send(message)
            reply = await inbox.next()
            assert (reply.msg_type, reply.get(tag)) == (msg_type, value), message
        alice.send(order("39", "1", "0.1", "50000"))
        assert (await inbox.next())[Tag.ExecType] == "0"
        assert alice.session.is_logged_on


def cancel(
    client_order_id: str, *, order_id: str | None = None, original: str | None = None
) -> Message:
    message = Message.of(
        MsgType.OrderCancelRequest,
        (Tag.ClOrdID, client_order_id),
        (Tag.Side, "1"),
        (Tag.Symbol, "XBT/USD"),
        (Tag.TransactTime, "20260407-13:53:21.000"),
    )
    if order_id is not None:
        message.append(Tag.OrderID, order_id)
    if original is not None:
        message.append(Tag.OrigClOrdID, original)
    return message


@scenario
async def test_the_trading_rate_counter_refuses_past_the_tier_threshold(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")  # Intermediate tier: threshold 125, decay 2.34/s
        for number in range(1, 127):
            alice.send(order(str(number), "1", "0.01", "1000", time_in_force="3"))
        replies = [await client(alice).next() for _ in range(125 * 2 + 1)]
        refused = [reply for reply in replies if reply.msg_type == MsgType.BusinessMessageReject]
        assert [(r[Tag.BusinessRejectRefID], r[Tag.Text]) for r in refused] == [
            ("126", "EOrder:Rate limit exceeded")
        ]
        venue.clock.advance(1)  # 2.34 counts decayed: two more orders fit
        alice.send(order("127", "1", "0.01", "1000", time_in_force="3"))
        assert (await client(alice).next())[Tag.ExecType] == "0"


@scenario
async def test_self_trade_prevention_within_one_account(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        first = await venue.trader("alice")
        second = await venue.trader("alice", sender="ALICE2")
        first.send(order("60", "2", "0.2", "61000"))
        resting = await client(first).next()
        second.send(order("61", "1", "0.1", "61000"))  # default 7928=1: cancel the newest
        assert (await client(second).next())[Tag.ExecType] == "0"
        canceled = await client(second).next()
        assert (canceled[Tag.ExecType], canceled[Tag.OrdStatus]) == ("4", "4")
        assert canceled[Tag.Text] == "Cannot trade with self"
        second.send(order("62", "1", "0.1", "61000", tags={Tag.SelfTradePrevention: "2"}))
        assert (await client(second).next())[Tag.ExecType] == "0"
        oldest = await client(first).next()  # cancel oldest: the resting sell goes
        assert (oldest[Tag.OrderID], oldest[Tag.ExecType]) == (resting[Tag.OrderID], "4")
        assert oldest[Tag.Text] == "Cannot trade with self"


# Every order type, time in force and ExecInst of spec/fix.md §5 is accepted (150=0) with its
# terms echoed: (40, 44, 99, 59, 18, extra tags).
ORDER_KINDS = [
    ("1", None, None, "3", None, {}),  # market IOC buy: rests nothing, canceled (no liquidity)
    ("2", "50000", None, "1", "P", {}),  # post-only limit
    ("2", "50000", None, "4", None, {}),  # FOK
    ("2", "50000", None, "6", None, {Tag.ExpireTime: "20260407-14:00:00"}),  # GTD
    ("2", "50000", None, "1", None, {Tag.DisplayQty: "0.1"}),  # iceberg
    ("2", "50000", None, "1", "f", {}),  # fee in base
    ("3", None, "70000", "1", None, {}),  # stop-loss (buy above the market)
    ("4", "70100", "70000", "1", None, {Tag.DiscretionInst: "1"}),  # stop-loss-limit on index
    ("R", None, "40000", "1", None, {}),  # take-profit
    ("T", "40000", "40100", "1", None, {}),  # take-profit-limit
    ("U", None, "500", "1", None, {}),  # trailing-stop: 500 USD behind
    ("V", "10", "500", "1", None, {}),  # trailing-stop-limit: limit 10 USD from the trigger
    ("1", None, None, "1", "v", {}),  # market buy sized in quote (viqc): 1 = 1 USD... of 1000
]


@scenario
async def test_every_order_type_time_in_force_and_exec_inst_is_accepted(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        venue.venue.submit(UpdateIndexPrice(price=600_000, timestamp=venue.clock.now_ns()), XBTUSD)
        bob = await venue.trader("bob")
        bob.send(order("100", "2", "1", "60000"))  # a seller, so the market orders can trade
        await client(bob).next()
        for number, (kind, price, stop, tif, inst, extra) in enumerate(ORDER_KINDS, 200):
            tags = dict(extra)
            if stop is not None:
                tags[Tag.StopPx] = stop
            if inst is not None:
                tags[Tag.ExecInst] = inst
            quantity = "1000" if inst == "v" else "0.5"
            alice.send(
                order(str(number), "1", quantity, price, order_type=kind, time_in_force=tif,
                      tags=tags)
            )  # fmt: skip
            report = await client(alice).next()
            assert (report.msg_type, report.get(Tag.ExecType)) == ("8", "0"), (kind, report)
            assert report[Tag.OrdType] == kind and report[Tag.TimeInForce] == tif
            if stop is not None:
                assert report[Tag.StopPx] == f"{stop}.0"
            client(alice).pending()  # fills and cancels that follow


@scenario
async def test_gtd_expiry_and_a_triggered_stop_are_reported(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        bob = await venue.trader("bob")
        expiry = "20260407-13:54:00"  # 40 s after the harness's start
        alice.send(order("300", "1", "0.1", "50000", time_in_force="6",
                         tags={Tag.ExpireTime: expiry}))  # fmt: skip
        await client(alice).next()
        alice.send(order("301", "1", "0.1", None, order_type="3", tags={Tag.StopPx: "60000"}))
        stop = await client(alice).next()
        bob.send(order("302", "2", "0.2", "60000"))  # rests at 60000
        await client(bob).next()
        alice.send(order("303", "1", "0.1", "60000"))  # trades at 60000: the stop fires
        await client(alice).next_of(MsgType.ExecutionReport)
        restated = await until_report(client(alice), "D")
        assert restated[Tag.OrderID] == stop[Tag.OrderID] and restated[Tag.OrdType] == "1"
        venue.clock.set_ns(at("2026-04-07 13:54:00"))
        venue.loop.tick()
        expired = await until_report(client(alice), "C")
        assert (expired[Tag.ClOrdID], expired[Tag.OrdStatus]) == ("300", "C")


async def until_report(inbox: object, exec_type: str) -> Message:
    while True:
        report = await inbox.next()  # type: ignore[attr-defined]
        if report.get(Tag.ExecType) == exec_type:
            return report  # type: ignore[no-any-return]


def at(text: str) -> int:
    from datetime import UTC, datetime

    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()) * 10**9


@scenario
async def test_a_possible_duplicate_order_already_placed_is_answered_not_placed_again(
    tmp_path: Path,
) -> None:
    async with running_venue(tmp_path) as venue:
        alice = await venue.trader("alice")
        alice.send(order("400", "1", "0.1", "45000"))
        placed = await client(alice).next()
        send_possible_duplicate(alice, order("400", "1", "0.1", "45000"))
        status = await client(alice).next()
        assert (status[Tag.ExecType], status[Tag.OrderID]) == ("I", placed[Tag.OrderID])
        assert len(venue.venue.orders.open_orders("alice")) == 1
        send_possible_duplicate(alice, order("401", "1", "0.1", "45000"))  # never seen: placed
        assert (await client(alice).next())[Tag.ExecType] == "0"
