"""Market data and account queries once alice and bob have traded: what ccxt's unified
methods and python-kraken-sdk read back."""

from __future__ import annotations

from pathlib import Path

from kraken.spot import Market, User

from tests.gateways.http.harness import Rest, in_thread, running_rest, scenario


async def trade_twice(rest: Rest) -> None:
    """Alice rests two asks, bob takes both (one at a later minute)."""
    alice, bob = rest.key("alice"), rest.key("bob")
    ask = "ordertype=limit&type=sell&pair=XBTUSD&volume=0.5"
    assert (await rest.private("AddOrder", f"nonce=1&{ask}&price=30000", alice))["error"] == []
    assert (await rest.private("AddOrder", f"nonce=2&{ask}&price=30010", alice))["error"] == []
    take = "ordertype=market&type=buy&pair=XBTUSD&volume=0.5"
    assert (await rest.private("AddOrder", f"nonce=1&{take}", bob))["error"] == []
    rest.clock.advance(90.0)
    assert (await rest.private("AddOrder", f"nonce=2&{take}", bob))["error"] == []


@scenario
async def test_ccxt_market_data_after_trades(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        await trade_twice(rest)
        exchange = rest.ccxt()
        trades = await in_thread(exchange.fetch_trades, "BTC/USD")
        assert [(t["price"], t["amount"], t["side"]) for t in trades] == [
            (30000.0, 0.5, "buy"),
            (30010.0, 0.5, "buy"),
        ]
        assert [t["id"] for t in trades] == ["1", "2"]
        since = await in_thread(exchange.fetch_trades, "BTC/USD", trades[1]["timestamp"])
        assert [t["id"] for t in since] == ["2"]
        ticker = await in_thread(exchange.fetch_ticker, "BTC/USD")
        assert ticker["last"] == 30010.0 and ticker["high"] == 30010.0 and ticker["low"] == 30000.0
        assert ticker["baseVolume"] == 1.0
        candles = await in_thread(exchange.fetch_ohlcv, "BTC/USD", "1m")
        assert [candle[1:] for candle in candles] == [
            [30000.0, 30000.0, 30000.0, 30000.0, 0.5],
            [30010.0, 30010.0, 30010.0, 30010.0, 0.5],
        ]
        assert candles[1][0] - candles[0][0] == 60_000


@scenario
async def test_python_kraken_sdk_market_data_after_trades(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        await trade_twice(rest)
        market = Market(url=rest.url)
        ticker = (await in_thread(market.get_ticker, pair="XBTUSD"))["XXBTZUSD"]
        assert ticker["c"] == ["30010.0", "0.50000000"]
        assert ticker["t"] == [2, 2] and ticker["v"] == ["1.00000000", "1.00000000"]
        assert ticker["p"] == ["30005.0", "30005.0"] and ticker["o"] == "30000.0"
        ohlc = await in_thread(market.get_ohlc, pair="XBTUSD", interval=1)
        rows = ohlc["XXBTZUSD"]
        assert rows[-1][1:] == [
            "30010.0",
            "30010.0",
            "30010.0",
            "30010.0",
            "30010.0",
            "0.50000000",
            1,
        ]
        assert ohlc["last"] == rows[-2][0]
        spreads = await in_thread(market.get_recent_spreads, pair="XBTUSD")
        assert spreads["XXBTZUSD"][-1][1:] == ["0.0", "0.0"]
        trades = await in_thread(market.get_recent_trades, pair="XBTUSD", since="1775570000")
        assert [row[6] for row in trades["XXBTZUSD"]] == [1, 2]
        later = await in_thread(market.get_recent_trades, pair="XBTUSD", since=trades["last"])
        assert later["XXBTZUSD"] == []


@scenario
async def test_account_queries_after_trades(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        await trade_twice(rest)
        bob = rest.ccxt(rest.key("bob"))
        orders = await in_thread(bob.fetch_closed_orders, "BTC/USD")
        assert [order["type"] for order in orders] == ["market", "market"]
        order = await in_thread(bob.fetch_order, orders[0]["id"])
        fills = await in_thread(
            bob.fetch_order_trades, orders[0]["id"], "BTC/USD", None, None, order
        )
        assert len(fills) == 1 and fills[0]["order"] == orders[0]["id"]
        ledger = await in_thread(bob.fetch_ledger, "BTC")
        assert sorted(entry["type"] for entry in ledger) == ["trade", "trade", "transaction"]
        fees = await in_thread(bob.fetch_trading_fee, "BTC/USD")
        assert fees["taker"] > 0 and fees["maker"] >= 0

        key = rest.key("alice")
        user = User(key.key, key.secret, url=rest.url)
        history = await in_thread(user.get_trades_history, ledgers=True)
        assert history["count"] == 2
        first = next(iter(history["trades"].values()))
        assert len(first["ledgers"]) == 2
        info = await in_thread(user.get_trades_info, txid=list(history["trades"]))
        assert set(info) == set(history["trades"])
        entries = await in_thread(user.get_ledgers, id_=first["ledgers"])
        assert set(entries) == set(first["ledgers"])
        assert {entry["refid"] for entry in entries.values()} == {next(iter(history["trades"]))}
        volume = await in_thread(user.get_trade_volume, pair="XBTUSD")
        assert volume["volume"] == "30005.0000"
        balance = await in_thread(user.get_trade_balance)
        assert balance["eb"] == balance["e"]
        closed = await in_thread(user.get_closed_orders, closetime="close", start="1775569999")
        assert closed["count"] == 2
        assert all(order["status"] == "closed" for order in closed["closed"].values())


@scenario
async def test_ccxt_market_buy_by_cost(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        ask = "ordertype=limit&type=sell&pair=XBTUSD&volume=1&price=20000"
        assert (await rest.private("AddOrder", f"nonce=1&{ask}", rest.key("alice")))["error"] == []
        bob = rest.ccxt(rest.key("bob"))
        placed = await in_thread(bob.create_market_buy_order_with_cost, "BTC/USD", 5000)
        order = await in_thread(bob.fetch_order, placed["id"])
        assert order["filled"] == 0.25 and order["cost"] == 5000.0
