"""Handlers' JSON, literally: the shapes clients index into, and orders of any origin."""

from __future__ import annotations

from pathlib import Path

from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.orders import Interface, OrderType, Origin, Side
from tests.gateways.http.harness import running_rest, scenario


@scenario
async def test_open_order_object(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        placed = await rest.private(
            "AddOrder",
            "nonce=1&ordertype=stop-loss-limit&type=sell&pair=XXBTZUSD&volume=0.25"
            "&price=24000&price2=23900.5&cl_ord_id=stop-1&trigger=last",
            key,
        )
        assert placed["result"]["descr"] == {
            "order": "sell 0.25000000 XBTUSD @ stop loss 24000.0 -> limit 23900.5"
        }
        order_id = placed["result"]["txid"][0]
        opened = await rest.private("OpenOrders", "nonce=2&trades=true", key)
        assert opened == {
            "error": [],
            "result": {
                "open": {
                    order_id: {
                        "refid": None,
                        "userref": None,
                        "status": "open",
                        "opentm": 1775570000.0,
                        "starttm": 0,
                        "expiretm": 0,
                        "descr": {
                            "pair": "XBTUSD",
                            "type": "sell",
                            "ordertype": "stop-loss-limit",
                            "price": "24000.0",
                            "price2": "23900.5",
                            "leverage": "none",
                            "order": "sell 0.25000000 XBTUSD @ stop loss 24000.0 -> limit 23900.5",
                            "close": "",
                        },
                        "vol": "0.25000000",
                        "vol_exec": "0.00000000",
                        "cost": "0.00000",
                        "fee": "0.0000",
                        "price": "0.0",
                        "stopprice": "24000.0",
                        "limitprice": "23900.5",
                        "misc": "",
                        "oflags": "fcib",
                        "cl_ord_id": "stop-1",
                        "trigger": "last",
                        "trades": [],
                    }
                }
            },
        }


@scenario
async def test_descriptions_of_every_order_type(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        common = "type=buy&pair=XBTUSD&validate=true&volume=0.5"
        expected = {
            "ordertype=market": "buy 0.50000000 XBTUSD @ market",
            "ordertype=limit&price=30000": "buy 0.50000000 XBTUSD @ limit 30000.0",
            "ordertype=iceberg&price=30000&displayvol=0.1": "buy 0.50000000 XBTUSD @ limit 30000.0",
            "ordertype=stop-loss&price=40000": "buy 0.50000000 XBTUSD @ stop loss 40000.0",
            "ordertype=take-profit&price=20000": "buy 0.50000000 XBTUSD @ take profit 20000.0",
            "ordertype=take-profit-limit&price=20000&price2=20001": (
                "buy 0.50000000 XBTUSD @ take profit 20000.0 -> limit 20001.0"
            ),
            "ordertype=trailing-stop&price=%2B50": "buy 0.50000000 XBTUSD @ trailing stop +50.0",
            "ordertype=trailing-stop&price=%2B1.5%25": (
                "buy 0.50000000 XBTUSD @ trailing stop +1.5000%"
            ),
            "ordertype=trailing-stop-limit&price=%2B50&price2=-10": (
                "buy 0.50000000 XBTUSD @ trailing stop +50.0 -> limit -10.0"
            ),
        }
        for nonce, (parameters, text) in enumerate(expected.items(), start=1):
            reply = await rest.private("AddOrder", f"nonce={nonce}&{common}&{parameters}", key)
            assert reply == {"error": [], "result": {"descr": {"order": text}}}, parameters


@scenario
async def test_rest_cancels_orders_of_any_origin(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        now = rest.clock.now_ns()
        command = SubmitOrder(
            account="alice",
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            quantity=10_000_000,
            price=100_000,
            timestamp=now,
            origin=Origin(Interface.FIX, "FIX.4.4:ALICE->KRAKEN-TRD", "1001", None),
        )
        sequenced = rest.venue.submit(command, "XXBTZUSD")
        rest.venue.flush()
        order_id = sequenced.events[0].order_id
        key = rest.key("alice")
        opened = await rest.private("OpenOrders", "nonce=1", key)
        assert opened["result"]["open"][order_id]["cl_ord_id"] == "1001"
        assert await rest.private("CancelOrder", f"nonce=2&txid={order_id}", key) == {
            "error": [],
            "result": {"count": 1},
        }
        assert await rest.private("CancelOrder", f"nonce=3&txid={order_id}", key) == {
            "error": ["EOrder:Unknown order"]
        }
        bob = rest.key("bob")
        placed = await rest.private(
            "AddOrder", "nonce=1&ordertype=limit&type=buy&pair=XBTUSD&volume=1&price=100", bob
        )
        other = placed["result"]["txid"][0]
        assert await rest.private("CancelOrder", f"nonce=4&txid={other}", key) == {
            "error": ["EOrder:Unknown order"]
        }


@scenario
async def test_dead_mans_switch_and_expiry_on_the_manual_clock(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        key = rest.key("alice")
        limit = "ordertype=limit&type=buy&pair=XBTUSD&volume=1&price=100"
        gtd = await rest.private("AddOrder", f"nonce=1&{limit}&expiretm=%2B30", key)
        order_id = gtd["result"]["txid"][0]
        opened = await rest.private("OpenOrders", "nonce=2", key)
        assert opened["result"]["open"][order_id]["expiretm"] == 1775570030.0
        await rest.private("AddOrder", f"nonce=3&{limit}", key)
        armed = await rest.private("CancelAllOrdersAfter", "nonce=4&timeout=60", key)
        assert armed["result"]["triggerTime"] == "2026-04-07T13:54:20Z"
        rest.clock.advance(31.0)
        rest.loop.tick()
        closed = await rest.private("ClosedOrders", "nonce=5", key)
        assert closed["result"]["closed"][order_id]["status"] == "expired"
        rest.clock.advance(30.0)
        rest.loop.tick()
        assert (await rest.private("OpenOrders", "nonce=6", key))["result"] == {"open": {}}
        closed = await rest.private("ClosedOrders", "nonce=7", key)
        assert closed["result"]["count"] == 2


@scenario
async def test_nonce_window(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        from krakenbox.kraken.permissions import SPOT_PERMISSIONS, KeyKind

        key = rest.directory.issue_key("alice", KeyKind.SPOT, SPOT_PERMISSIONS, nonce_window=10)
        assert (await rest.private("Balance", "nonce=100", key))["error"] == []
        assert (await rest.private("Balance", "nonce=95", key))["error"] == []
        assert (await rest.private("Balance", "nonce=95", key))["error"] == ["EAPI:Invalid nonce"]
        assert (await rest.private("Balance", "nonce=90", key))["error"] == ["EAPI:Invalid nonce"]
