"""Private calls with the real clients: balances, an order life cycle with a fill between
alice (python-kraken-sdk) and bob (ccxt), amend, edit, cancel and batches, and the account
data that follows from them."""

from __future__ import annotations

from pathlib import Path

from kraken.spot import Trade, User

from tests.gateways.http.harness import Rest, in_thread, running_rest, scenario


def alice(rest: Rest) -> tuple[User, Trade]:
    key = rest.key("alice")
    return User(key.key, key.secret, url=rest.url), Trade(key.key, key.secret, url=rest.url)


@scenario
async def test_balances_with_both_clients(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        user, _ = alice(rest)
        assert (await in_thread(user.get_account_balance))["XXBT"] == "100.0000000000"
        balances = await in_thread(user.get_balances)
        assert balances["ZUSD"]["balance"] == "10000000.0000"
        assert balances["ZUSD"]["hold_trade"] == "0.0000"
        exchange = rest.ccxt(rest.key("bob"))
        fetched = await in_thread(exchange.fetch_balance)
        assert fetched["BTC"]["total"] == 100.0 and fetched["BTC"]["used"] == 0.0
        assert fetched["USD"]["free"] == 10_000_000.0
        volume = await in_thread(user.get_trade_volume, pair="XBTUSD")
        assert volume["currency"] == "ZUSD" and volume["volume"] == "0.0000"
        assert set(volume["fees"]["XXBTZUSD"]) >= {"fee", "minfee", "maxfee", "nextfee"}
        # What SpotWSClient calls before it opens its authenticated socket.
        token = await in_thread(user.request, "POST", "/0/private/GetWebSocketsToken")
        assert token["expires"] == 900
        assert rest.context.tokens.account_of(token["token"], rest.clock.now_ns()) == "alice"


@scenario
async def test_an_order_life_cycle_between_two_accounts(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        user, trade = alice(rest)
        placed = await in_thread(
            trade.create_order, ordertype="limit", side="sell", pair="XBTUSD", volume="0.5",
            price="30000.0", userref=7,
        )  # fmt: skip
        assert placed["descr"] == {"order": "sell 0.50000000 XBTUSD @ limit 30000.0"}
        (order_id,) = placed["txid"]
        opened = await in_thread(user.get_open_orders)
        order = opened["open"][order_id]
        assert order["status"] == "open" and order["userref"] == 7
        assert order["descr"]["pair"] == "XBTUSD" and order["vol"] == "0.50000000"
        assert order["oflags"] == "fcib"
        held = await in_thread(user.get_balances)
        assert held["XXBT"]["hold_trade"] == "0.5020000000"  # the volume and its fee (fcib)

        bob = rest.ccxt(rest.key("bob"))
        bought = await in_thread(bob.create_order, "BTC/USD", "limit", "buy", 0.2, 30000)
        assert bought["id"].startswith("O")
        fetched = await in_thread(bob.fetch_order, bought["id"])
        assert fetched["status"] == "closed" and fetched["filled"] == 0.2
        assert fetched["average"] == 30000.0
        bob_trades = await in_thread(bob.fetch_my_trades, "BTC/USD")
        assert [(t["side"], t["amount"], t["price"]) for t in bob_trades] == [("buy", 0.2, 30000.0)]
        assert bob_trades[0]["takerOrMaker"] == "taker"

        info = await in_thread(user.get_orders_info, txid=order_id, trades=True)
        assert info[order_id]["vol_exec"] == "0.20000000"
        assert info[order_id]["cost"] == "6000.00000"
        assert len(info[order_id]["trades"]) == 1
        history = await in_thread(user.get_trades_history)
        assert history["count"] == 1
        (fill,) = history["trades"].values()
        assert fill["pair"] == "XXBTZUSD" and fill["maker"] is True and fill["price"] == "30000.0"
        ledgers = await in_thread(user.get_ledgers_info, asset="XBT")
        assert {entry["type"] for entry in ledgers["ledger"].values()} >= {"trade", "deposit"}
        market = await rest.public("Trades", "pair=XBTUSD")
        (row,) = market["result"]["XXBTZUSD"]
        assert row[:2] == ["30000.0", "0.20000000"] and row[3:] == ["b", "l", "", 1]
        depth = await rest.public("Depth", "pair=XXBTZUSD&count=1")
        assert depth["result"]["XXBTZUSD"]["asks"][0][:2] == ["30000.0", "0.30000000"]

        canceled = await in_thread(trade.cancel_order, txid=order_id)
        assert canceled == {"count": 1}
        closed = await in_thread(user.get_closed_orders)
        assert closed["count"] == 1
        assert closed["closed"][order_id]["status"] == "canceled"
        assert closed["closed"][order_id]["reason"] == "User requested"
        closed_by_ccxt = await in_thread(bob.fetch_closed_orders)
        assert [order["id"] for order in closed_by_ccxt] == [bought["id"]]


@scenario
async def test_amend_edit_cancel_and_batches(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        user, trade = alice(rest)
        placed = await in_thread(
            trade.create_order, ordertype="limit", side="buy", pair="BTC/USD", volume="1",
            price="20000", cl_ord_id="mine-1",
        )  # fmt: skip
        order_id = placed["txid"][0]
        amended = await in_thread(
            trade.amend_order, cl_ord_id="mine-1", order_qty="0.8", limit_price="20000.5"
        )
        assert amended["amend_id"].startswith("T")
        order = (await in_thread(user.get_orders_info, txid=order_id))[order_id]
        assert order["vol"] == "0.80000000" and order["descr"]["price"] == "20000.5"
        assert order["cl_ord_id"] == "mine-1"
        trail = await in_thread(user.get_order_amends, order_id=order_id)
        assert trail["count"] == 2
        assert [entry["amend_type"] for entry in trail["amends"]] == ["original", "user"]
        assert trail["amends"][1]["amend_id"] == amended["amend_id"]
        assert trail["amends"][1]["order_qty"] == "0.80000000"

        edited = await in_thread(
            trade.edit_order, txid=order_id, pair="XBTUSD", volume="0.6", price="19000"
        )
        assert edited["status"] == "ok" and edited["originaltxid"] == order_id
        assert edited["descr"]["order"] == "buy 0.60000000 XBTUSD @ limit 19000.0"
        new_id = edited["txid"]
        assert list((await in_thread(user.get_open_orders))["open"]) == [new_id]

        batch = await in_thread(
            trade.create_order_batch,
            orders=[
                {
                    "ordertype": "limit",
                    "type": "buy",
                    "volume": "0.1",
                    "price": "100.0",
                    "userref": 9,
                },
                {"ordertype": "limit", "type": "buy", "volume": "0.1", "price": 200, "userref": 9},
                {"ordertype": "limit", "type": "buy", "volume": "1000000", "price": "300.0"},
            ],
            pair="XBTUSD",
        )
        entries = batch["orders"]
        assert [entry.get("error") for entry in entries] == [
            None,
            None,
            "EOrder:Insufficient funds",
        ]
        assert entries[0]["descr"]["order"] == "buy 0.10000000 XBTUSD @ limit 100.0"
        assert isinstance(entries[0]["txid"], str)

        assert await in_thread(trade.cancel_order, txid=9) == {"count": 2}
        again = await in_thread(
            trade.create_order_batch,
            orders=[
                {"ordertype": "limit", "type": "buy", "volume": "0.1", "price": "100.0"},
                {"ordertype": "limit", "type": "buy", "volume": "0.1", "price": "101.0"},
            ],
            pair="XBTUSD",
        )
        ids = [entry["txid"] for entry in again["orders"]]
        assert await in_thread(trade.cancel_order_batch, orders=ids) == {"count": 2}
        assert await in_thread(trade.cancel_all_orders) == {"count": 1}
        after = await in_thread(trade.cancel_all_orders_after_x, timeout=60)
        assert after["currentTime"] == "2026-04-07T13:53:20Z"
        assert after["triggerTime"] == "2026-04-07T13:54:20Z"


@scenario
async def test_ccxt_edit_and_cancel(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        bob = rest.ccxt(rest.key("bob"))
        placed = await in_thread(bob.create_order, "BTC/USD", "limit", "sell", 0.1, 50000)
        edited = await in_thread(
            bob.edit_order, placed["id"], "BTC/USD", "limit", "sell", 0.05, 51000
        )
        assert edited["id"].startswith("T")
        open_orders = await in_thread(bob.fetch_open_orders)
        assert [(o["id"], o["amount"], o["price"]) for o in open_orders] == [
            (placed["id"], 0.05, 51000.0)
        ]
        await in_thread(bob.cancel_order, placed["id"])
        assert await in_thread(bob.fetch_open_orders) == []
        validated = await rest.private(
            "AddOrder",
            "nonce=1&ordertype=limit&type=buy&pair=XBTUSD&volume=1&price=100&validate=true",
            rest.key("alice"),
        )
        assert validated == {
            "error": [],
            "result": {"descr": {"order": "buy 1.00000000 XBTUSD @ limit 100.0"}},
        }


@scenario
async def test_ccxt_batches_in_json(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        bob = rest.ccxt(rest.key("bob"))
        await in_thread(bob.load_markets)
        placed = await in_thread(
            bob.create_orders,
            [
                {"symbol": "BTC/USD", "type": "limit", "side": "buy", "amount": 0.1, "price": 100},
                {"symbol": "BTC/USD", "type": "limit", "side": "buy", "amount": 0.2, "price": 101},
            ],
        )
        ids = [order["id"] for order in placed]
        assert all(order_id.startswith("O") for order_id in ids)
        assert len(await in_thread(bob.fetch_open_orders)) == 2
        await in_thread(bob.cancel_orders, ids)
        assert await in_thread(bob.fetch_open_orders) == []
