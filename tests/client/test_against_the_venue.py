"""The FIX client against krakenbox's own Spot venue, over sockets: every trading call."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest

from krakenbox.client import KrakenFixClient
from krakenbox.client.reports import OrderRejected
from tests.gateways.spot_fix.harness import Venue, running_venue, scenario


def trading_client(venue: Venue, name: str = "alice", **options: object) -> KrakenFixClient:
    demo = venue.demo[name]
    venue.clock.advance(nanos=1_000_000)
    return KrakenFixClient(
        "127.0.0.1",
        venue.port(0),
        demo.spot_comp_id.sender_comp_id,
        demo.fix_key.key,
        demo.fix_key.secret,
        clock=venue.clock,
        reset_on_logon=True,
        **options,  # type: ignore[arg-type]
    )


@scenario
async def test_place_amend_status_cancel(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue, trading_client(venue) as alice:
        handle = await alice.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("0.5"), price=Decimal("50000")
        )
        new = await handle.acknowledged
        assert (new.execution_type, new.order_status) == ("new", "new")
        amended = await alice.amend(handle, quantity=Decimal("0.4"), price=Decimal("50000"))
        assert amended.execution_type == "replaced" and amended.order_quantity == Decimal("0.4")
        status = await alice.status(handle)
        assert status.execution_type == "order-status" and status.leaves_quantity == Decimal("0.4")
        canceled = await alice.cancel(handle)
        assert (canceled.execution_type, canceled.order_status) == ("canceled", "canceled")
        with pytest.raises(OrderRejected, match="EOrder:Unknown order"):
            await alice.cancel(handle)


@scenario
async def test_fills_between_two_clients_and_an_insufficient_funds_reject(tmp_path: Path) -> None:
    async with (
        running_venue(tmp_path) as venue,
        trading_client(venue) as alice,
        trading_client(venue, "bob") as bob,
    ):
        resting = await alice.place_order(
            symbol="XBT/USD", side="sell", quantity=Decimal("1"), price=Decimal("60000")
        )
        await resting.acknowledged
        taking = await bob.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("0.3"), price=Decimal("60100"),
            time_in_force="ioc",
        )  # fmt: skip
        await taking.acknowledged
        await until(lambda: len(taking.reports) >= 2 and len(resting.reports) >= 2)
        fill = taking.reports[1]
        assert (fill.execution_type, fill.last_price, fill.last_quantity) == (
            "trade",
            Decimal("60000.0"),
            Decimal("0.30000000"),
        )
        assert resting.reports[-1].cumulative_quantity == Decimal("0.3")
        broke = await bob.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("1000"), price=Decimal("60000")
        )
        with pytest.raises(OrderRejected, match="EOrder:Insufficient funds"):
            await broke.acknowledged


@scenario
async def test_mass_cancel_returns_every_cancel_report(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue, trading_client(venue) as alice:
        for price in ("40000", "40001", "40002"):
            handle = await alice.place_order(
                symbol="XBT/USD", side="buy", quantity=Decimal("0.1"), price=Decimal(price)
            )
            await handle.acknowledged
        pending = asyncio.ensure_future(alice.mass_cancel())
        await until(lambda: not alice.open_orders)
        venue.clock.advance(2)  # the client's quiet period: no more cancels are coming
        alice.run_timers()
        reports = await asyncio.wait_for(pending, 5)
        assert sorted(report.price for report in reports) == [
            Decimal("40000.0"),
            Decimal("40001.0"),
            Decimal("40002.0"),
        ]


async def until(condition: object, timeout_s: float = 5.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.005)


@scenario
async def test_the_client_forgets_the_oldest_closed_orders(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue, trading_client(venue) as alice:
        alice.tracker.closed_kept = 2
        handles = []
        for price in ("40000", "40001", "40002"):
            handle = await alice.place_order(
                symbol="XBT/USD", side="buy", quantity=Decimal("0.1"), price=Decimal(price)
            )
            await handle.acknowledged
            await alice.cancel(handle)
            handles.append(handle)
        refused = await alice.place_order(
            symbol="XBT/USD", side="buy", quantity=Decimal("10000"), price=Decimal("40000")
        )
        with pytest.raises(OrderRejected):
            await refused.acknowledged
        found = [alice.order(handle.order_id or "") for handle in handles]
        assert found == [None, None, handles[2]]  # the two oldest closed orders were forgotten
        assert alice.order(refused.client_order_id) is refused
        assert handles[0].status == "canceled"  # the caller's handles stay valid
