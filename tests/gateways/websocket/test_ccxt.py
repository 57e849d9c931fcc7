"""ccxt.pro's kraken, unmodified, against krakenbox: markets and the WebSocket token from the
REST server, streams and WebSocket trading from the two WebSocket endpoints."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import ccxt.pro

from krakenbox.gateways.http import start_rest
from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.harness import TIMEOUT_S, Harness, running

BTC = 10**8


@contextlib.asynccontextmanager
async def exchange(harness: Harness, account: str | None = None) -> AsyncIterator[Any]:
    runner, rest_url = await start_rest(harness.context, "127.0.0.1", 0)
    options: dict[str, Any] = {
        "enableRateLimit": False,
        "urls": {
            "api": {
                "public": rest_url,
                "private": rest_url,
                "ws": {"publicV2": harness.public_url, "privateV2": harness.private_url},
            }
        },
    }
    if account is not None:
        key = harness.directory.keys_of(account)
        spot = next(record for record in key if record.key.endswith("-spot"))
        options |= {"apiKey": spot.key, "secret": spot.secret}
    client = ccxt.pro.kraken(options)
    try:
        yield client
    finally:
        await client.close()
        await runner.cleanup()


async def soon(awaitable: Any) -> Any:
    return await asyncio.wait_for(awaitable, TIMEOUT_S)


@scenario
async def test_ccxt_pro_public_streams(tmp_path: Path) -> None:
    async with running(tmp_path) as harness, exchange(harness) as client:
        for step in range(12):
            harness.place("alice", "sell", 500_010 + 10 * step, BTC)
        harness.place("bob", "buy", 499_000, BTC)
        book = await soon(client.watch_order_book("BTC/USD", 10))
        assert book["asks"][0] == [50001.0, 1.0] and len(book["asks"]) == 10
        assert book["bids"] == [[49900.0, 1.0]]
        ticker = await soon(client.watch_ticker("BTC/USD"))
        assert ticker["symbol"] == "BTC/USD" and ticker["ask"] == 50001.0
        trades_task = asyncio.ensure_future(client.watch_trades("BTC/USD"))
        for _ in range(50):  # until ccxt's subscription is live: a small trade each time
            harness.place("bob", "buy", 500_010, BTC // 100)
            await asyncio.wait({trades_task}, timeout=0.1)
            if trades_task.done():
                break
        trades = trades_task.result()
        assert trades[-1]["price"] == 50001.0 and trades[-1]["amount"] == 0.01
        assert trades[-1]["side"] == "buy" and trades[-1]["id"].isdigit()
        watching = asyncio.ensure_future(client.watch_order_book("BTC/USD", 10))
        await asyncio.sleep(0)
        harness.cancel("alice", harness.venue.orders.open_orders("alice")[0].order_id)
        # the book converges on the venue's: the 11th level scrolled in when the first went
        expected = [[50002.0 + step, 1.0] for step in range(10)]
        book = await soon(watching)
        while book["asks"] != expected:
            book = await soon(client.watch_order_book("BTC/USD", 10))
        assert book["asks"] == expected and book["bids"] == [[49900.0, 1.0]]


@scenario
async def test_ccxt_pro_trading_over_websocket(tmp_path: Path) -> None:
    async with running(tmp_path) as harness, exchange(harness, "alice") as client:
        harness.clock.advance(1)
        orders_task = asyncio.ensure_future(client.watch_orders("BTC/USD"))
        await asyncio.sleep(0.05)
        placed = await soon(client.create_order_ws("BTC/USD", "limit", "buy", 0.5, 30000.0))
        assert placed["id"].startswith("O")
        orders = await soon(orders_task)
        assert orders[-1]["id"] == placed["id"]
        balance = await soon(client.watch_balance())
        assert balance["BTC"]["total"] == 100.0
        canceled = await soon(client.cancel_order_ws(placed["id"]))
        assert canceled["success"] is True  # ccxt hands back Kraken's ack as it is
        assert canceled["result"]["order_id"] == placed["id"]
        assert harness.venue.orders.open_orders("alice") == []
        with_error = client.create_order_ws("BTC/USD", "limit", "buy", 10_000_000, 30000.0)
        # ccxt 4.5's WebSocket error table maps only subscription errors; the rest, as against
        # Kraken, is an ExchangeError carrying Kraken's string
        try:
            await soon(with_error)
        except ccxt.ExchangeError as error:
            assert str(error) == "EOrder:Insufficient funds"
        else:
            raise AssertionError("insufficient funds were not refused")


@scenario
async def test_ccxt_pro_watches_my_trades(tmp_path: Path) -> None:
    async with running(tmp_path) as harness, exchange(harness, "alice") as client:
        placed = await soon(client.create_order_ws("BTC/USD", "limit", "sell", 0.5, 40000.0))
        mine = asyncio.ensure_future(client.watch_my_trades("BTC/USD"))
        for _ in range(50):  # until the subscription is live: bob takes a little each time
            harness.place("bob", "buy", 400_000, BTC // 100)
            await asyncio.wait({mine}, timeout=0.1)
            if mine.done():
                break
        trades = mine.result()
        assert trades[-1]["order"] == placed["id"] and trades[-1]["side"] == "sell"
        assert trades[-1]["price"] == 40000.0 and trades[-1]["amount"] == 0.01
        assert trades[-1]["takerOrMaker"] == "maker" and trades[-1]["fee"]["cost"] > 0
