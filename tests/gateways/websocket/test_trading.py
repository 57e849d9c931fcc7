"""The authenticated endpoint, literal JSON: tokens, executions and balances, and every trading
method — with fills between two accounts and cancels that reach orders placed elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from krakenbox.domain.account_commands import Deposit
from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.harness import Client, Harness, running

BTC = 10**8


async def trader(harness: Harness, account: str) -> tuple[Client, str]:
    client = await harness.private()
    return client, harness.token(account)


def order(token: str, **params: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "order_type": "limit",
        "side": "buy",
        "order_qty": 0.5,
        "symbol": "BTC/USD",
        "limit_price": 30000.0,
    }
    return {"method": "add_order", "params": {**defaults, **params, "token": token}}


@scenario
async def test_tokens(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        for params in ({}, {"token": "nope"}, {"token": 5}):
            reply = await client.request(
                {"method": "subscribe", "params": {"channel": "executions", **params}}
            )
            assert reply["success"] is False
            assert reply["error"] in ("EAPI:Invalid token", "EGeneral:Invalid arguments")
        stale = harness.token("alice")
        harness.clock.advance(901)
        assert (await client.request(order(stale)))["error"] == "EAPI:Invalid token"
        ok = await client.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": token}}
        )
        assert ok["error"] == "EAPI:Invalid token"  # also older than 15 minutes
        fresh = harness.token("alice")
        ok = await client.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": fresh}, "req_id": 3}
        )
        assert ok["success"] is True and ok["result"] == {"channel": "balances", "snapshot": True}
        harness.clock.advance(3600)  # once used, a token lasts as long as the connection
        reply = await client.request(order(fresh, validate=True))
        assert reply["success"] is True and reply["result"] == {"order_id": ""}


@scenario
async def test_order_life_cycle_with_a_fill_between_two_accounts(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        alice, alice_token = await trader(harness, "alice")
        bob, bob_token = await trader(harness, "bob")
        resting = harness.place("alice", "sell", 400_000, BTC)  # placed elsewhere (not WS)
        ack = await alice.request(
            {
                "method": "subscribe",
                "params": {"channel": "executions", "token": alice_token, "snap_trades": True},
                "req_id": 1,
            }
        )
        assert ack["result"] == {
            "channel": "executions",
            "maxratecount": harness.context.counter.threshold("alice"),
            "snap_orders": True,
            "snap_trades": True,
        }
        snapshot = await alice.channel("executions", "snapshot")
        assert snapshot["sequence"] == 1
        (open_order,) = snapshot["data"]
        assert open_order["order_id"] == resting and open_order["exec_type"] == "new"
        assert open_order["limit_price"] == "40000.0" and open_order["order_qty"] == "1.00000000"
        balances = await alice.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": alice_token}}
        )
        assert balances["success"] is True
        held = {
            entry["asset"]: entry for entry in (await alice.channel("balances", "snapshot"))["data"]
        }
        assert held["BTC"]["balance"] == "100.0000000000"
        assert held["USD"]["wallets"] == [
            {"type": "spot", "id": "main", "balance": held["USD"]["balance"]}
        ]

        placed = await alice.request(
            order(alice_token, order_userref=7, side="sell", limit_price=41000.0, order_qty=0.25)
        )
        assert placed["success"] is True and placed["method"] == "add_order"
        assert placed["result"]["order_userref"] == 7
        order_id = placed["result"]["order_id"]
        pending = await alice.channel("executions", "update")
        new = await alice.channel("executions", "update")
        assert pending["data"][0]["exec_type"] == "pending_new"
        assert (
            pending["data"][0]["order_id"] == order_id and pending["data"][0]["symbol"] == "BTC/USD"
        )
        assert new["data"][0]["exec_type"] == "new" and new["sequence"] == pending["sequence"] + 1

        # bob's market buy takes alice's 40000 (1 BTC) and part of her 41000
        taken = await bob.request(
            {"method": "add_order", "params": {"order_type": "market", "side": "buy", "order_qty": 1.1,
                                               "symbol": "BTC/USD", "token": bob_token}}
        )  # fmt: skip
        assert taken["success"] is True
        reports = [(await alice.channel("executions", "update"))["data"] for _ in range(3)]
        assert all(len(data) == 1 for data in reports)  # one event per message
        trade, filled, partial = (data[0] for data in reports)
        assert trade["exec_type"] == "trade" and trade["order_id"] == resting
        assert trade["order_status"] == "partially_filled"  # even on the fill that completes it
        assert trade["last_qty"] == "1.00000000" and trade["last_price"] == "40000.0"
        assert trade["liquidity_ind"] == "m" and trade["cost"] == "40000.00000"
        assert trade["fees"][0]["asset"] in ("BTC", "USD") and trade["exec_id"].startswith("T")
        assert filled["exec_type"] == "filled" and filled["order_status"] == "filled"
        assert partial["exec_type"] == "trade" and partial["order_id"] == order_id
        assert partial["last_qty"] == "0.10000000" and partial["order_userref"] == 7
        update = await alice.channel("balances", "update")
        assets = {entry["asset"] for entry in update["data"]}
        assert assets == {"BTC", "USD"} and update["data"][0]["type"] == "trade"

        # amend, edit, cancel
        amended = await alice.request(
            {"method": "amend_order", "params": {"order_id": order_id, "limit_price": 42000.0, "token": alice_token}}
        )  # fmt: skip
        assert amended["result"]["order_id"] == order_id
        assert amended["result"]["amend_id"].startswith("T")
        report = (await alice.channel("executions", "update"))["data"][0]
        assert report["exec_type"] == "amended" and report["limit_price"] == "42000.0"
        edited = await alice.request(
            {"method": "edit_order", "params": {"order_id": order_id, "symbol": "BTC/USD",
                                                "order_qty": 0.2, "token": alice_token}}
        )  # fmt: skip
        assert edited["result"]["original_order_id"] == order_id
        replacement = edited["result"]["order_id"]
        assert replacement != order_id
        canceled = await alice.request(
            {"method": "cancel_order", "params": {"order_id": [replacement, "OXXXXX-XXXXX-XXXXXX"],
                                                  "token": alice_token}, "req_id": 5}
        )  # fmt: skip
        second = await alice.reply("cancel_order")
        results = {reply.get("result", {}).get("order_id"): reply for reply in (canceled, second)}
        assert results[replacement]["success"] is True and results[replacement]["req_id"] == 5
        assert results[None]["error"] == "EOrder:Unknown order"
        assert (await alice.request(
            {"method": "cancel_order", "params": {"order_id": [replacement], "token": alice_token}}
        ))["error"] == "EOrder:Unknown order"  # fmt: skip


@scenario
async def test_cancels_reach_orders_of_any_origin(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        elsewhere = [harness.place("alice", "buy", 300_000 + step, BTC // 10) for step in range(3)]
        harness.place("alice", "buy", 300_000, BTC // 10, pair="XETHZUSD")
        one = await client.request(
            {"method": "cancel_order", "params": {"order_id": [elsewhere[0]], "token": token}}
        )
        assert one["result"] == {"order_id": elsewhere[0]}
        batch = await client.request(
            {"method": "batch_cancel", "params": {"orders": elsewhere[1:], "token": token}}
        )
        assert batch["result"] == {"count": 2}
        for price in (30000.0, 30001.0):
            await client.request(order(token, limit_price=price, cl_ord_id=f"mine-{price:.0f}"))
        by_client_id = await client.request(
            {"method": "cancel_order", "params": {"cl_ord_id": ["mine-30000"], "token": token}}
        )
        assert by_client_id["result"] == {
            "order_id": by_client_id["result"]["order_id"],
            "cl_ord_id": "mine-30000",
        }
        everything = await client.request({"method": "cancel_all", "params": {"token": token}})
        assert everything["result"] == {"count": 2}  # the ETH/USD order and mine-30001
        nothing = await client.request({"method": "cancel_all", "params": {"token": token}})
        assert nothing["result"] == {"count": 0}
        others = harness.venue.orders.open_orders("bob")
        assert others == []


@scenario
async def test_batch_add_and_dead_mans_switch(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        batch = await client.request(
            {"method": "batch_add", "req_id": 9, "params": {"symbol": "BTC/USD", "token": token, "orders": [
                {"order_type": "limit", "side": "buy", "order_qty": 0.1, "limit_price": 29000.0, "order_userref": 1},
                {"order_type": "limit", "side": "sell", "order_qty": 0.1, "limit_price": 41000.0,
                 "cl_ord_id": "two", "stp_type": "cancel_both"},
                {"order_type": "limit", "side": "buy", "order_qty": 10_000_000, "limit_price": 29000.0},
            ]}}
        )  # fmt: skip
        assert batch["success"] is True and batch["req_id"] == 9
        first, second, third = batch["result"]
        assert first["order_userref"] == 1 and first["order_id"].startswith("O")
        assert second["cl_ord_id"] == "two"
        assert third == {"error": "EOrder:Insufficient funds"}
        whole = await client.request(
            {"method": "batch_add", "params": {"symbol": "BTC/USD", "token": token, "orders": [
                {"order_type": "limit", "side": "buy", "order_qty": 0.1, "limit_price": 29000.0},
                {"order_type": "limit", "side": "buy", "order_qty": 0.1, "limit_price": 29000.05},
            ]}}
        )  # fmt: skip
        assert whole["error"].startswith(
            "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals"
        )
        armed = await client.request(
            {"method": "cancel_all_orders_after", "params": {"timeout": 60, "token": token}}
        )
        assert set(armed["result"]) == {"currentTime", "triggerTime"}
        assert armed["result"]["triggerTime"] > armed["result"]["currentTime"]
        harness.clock.advance(61)
        harness.loop.tick()
        harness.venue.flush()
        assert harness.venue.orders.open_orders("alice") == []
        off = await client.request(
            {"method": "cancel_all_orders_after", "params": {"timeout": 0, "token": token}}
        )
        assert off["result"]["triggerTime"] == "0"


@scenario
async def test_refusals(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        cases = [
            (order(token, order_qty=10_000_000), "EOrder:Insufficient funds"),
            (order(token, limit_price=30000.05), "EOrder:Invalid price:BTC/USD price can only be specified up to 1 decimals."),
            (order(token, order_qty=0.000000001), "EGeneral:Invalid arguments:volume"),
            (order(token, order_qty="abc"), "EGeneral:Invalid arguments:volume"),
            (order(token, order_qty=-1), "EGeneral:Invalid arguments:volume"),
            (order(token, price=1), "Unsupported field: 'price' for the given msg type: add order"),
            (order(token, symbol="BTC/XYZ"), "Currency pair not supported BTC/XYZ"),
            (order(token, side="up"), "EGeneral:Invalid arguments:side"),
            (order(token, order_type="limit", limit_price=None), "EGeneral:Invalid arguments:limit_price"),
            (order(token, post_only="yes"), "EGeneral:Invalid arguments:post_only"),
            (order(token, deadline="2020-01-01T00:00:00Z"), "EService:Deadline elapsed"),
            ({"method": "amend_order", "params": {"order_id": "OXXXXX-XXXXX-XXXXXX", "order_qty": 1, "token": token}},
             "EOrder:Unknown order"),
            ({"method": "cancel_all_orders_after", "params": {"timeout": -1, "token": token}},
             "EGeneral:Invalid arguments:timeout"),
            ({"method": "batch_cancel", "params": {"orders": ["1"], "token": token}},
             "EGeneral:Invalid arguments:orders"),
        ]  # fmt: skip
        for request, error in cases:
            reply = await client.request(request)
            assert reply.get("error") == error, (request, reply)
            assert reply["method"] == request["method"] and reply["success"] is False
        # the trading counter (shared with REST and FIX) runs out
        threshold = harness.context.counter.threshold("alice")
        errors = []
        for step in range(threshold + 2):
            reply = await client.request(order(token, limit_price=20000.0 + step, order_qty=0.0001))
            errors.append(reply.get("error"))
        assert "EOrder:Rate limit exceeded" in errors
        pong = await client.request({"method": "ping"})
        assert pong["method"] == "pong"


@scenario
async def test_order_status_false_streams_only_new_fills_and_ends(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        ack = await client.request(
            {
                "method": "subscribe",
                "params": {
                    "channel": "executions",
                    "token": token,
                    "order_status": False,
                    "snap_orders": False,
                },
            }
        )
        assert ack["result"]["snap_orders"] is False
        placed = await client.request(order(token))
        reports = [message["data"][0]["exec_type"] for message in client.pending()]
        assert reports == ["new"]
        await client.request(
            {
                "method": "amend_order",
                "params": {
                    "order_id": placed["result"]["order_id"],
                    "order_qty": 0.4,
                    "token": token,
                },
            }
        )
        await client.request({"method": "cancel_all", "params": {"token": token}})
        reports = [message["data"][0]["exec_type"] for message in client.pending()]
        assert reports == ["canceled"]


@scenario
async def test_validate_only_and_amend_by_client_order_id(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "alice")
        batch = await client.request(
            {
                "method": "batch_add",
                "params": {
                    "symbol": "BTC/USD",
                    "token": token,
                    "validate": True,
                    "orders": [
                        {"order_type": "limit", "side": "buy", "order_qty": 0.1,
                         "limit_price": 29000.0, "cl_ord_id": "a"},
                        {"order_type": "limit", "side": "buy", "order_qty": 0.1,
                         "limit_price": 29000.0},
                    ],
                },
            }
        )  # fmt: skip
        assert batch["result"] == [{"order_id": "", "cl_ord_id": "a"}, {"order_id": ""}]
        assert harness.venue.orders.open_orders("alice") == []
        placed = await client.request(order(token, cl_ord_id="mine"))
        order_id = placed["result"]["order_id"]
        amended = await client.request(
            {
                "method": "amend_order",
                "params": {"cl_ord_id": "mine", "order_qty": 0.3, "token": token},
            }
        )
        assert amended["result"]["cl_ord_id"] == "mine"
        assert amended["result"]["order_id"] == order_id
        record = harness.venue.orders.get(order_id)
        assert record is not None and record.quantity == 30_000_000
        nothing = await client.request(
            {"method": "amend_order", "params": {"order_id": order_id, "token": token}}
        )
        assert nothing["error"] == "EOrder:No amendable parameters"
        validated = await client.request(
            {
                "method": "edit_order",
                "params": {"order_id": order_id, "symbol": "BTC/USD", "order_qty": 0.2,
                           "validate": True, "token": token},
            }
        )  # fmt: skip
        assert validated["result"] == {"order_id": "", "original_order_id": order_id}
        both = await client.request(
            {
                "method": "amend_order",
                "params": {"order_id": order_id, "cl_ord_id": "mine", "token": token},
            }
        )
        assert both["error"] == "EGeneral:Invalid arguments:order_id"


@scenario
async def test_balances_follow_deposits(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client, token = await trader(harness, "bob")
        await client.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": token}}
        )
        snapshot = await client.channel("balances", "snapshot")
        assert snapshot["sequence"] == 1
        harness.venue.submit(
            Deposit(
                account="bob", asset="XETH", amount=5 * 10**10, timestamp=harness.clock.now_ns()
            )
        )
        harness.venue.flush()
        update = await client.channel("balances", "update")
        (entry,) = update["data"]
        assert update["sequence"] == 2
        assert (entry["type"], entry["asset"], entry["amount"]) == (
            "deposit",
            "ETH",
            "5.0000000000",
        )
        assert entry["balance"] == "1005.0000000000" and entry["ledger_id"].startswith("L")
        assert entry["wallet_type"] == "spot" and entry["wallet_id"] == "main"
