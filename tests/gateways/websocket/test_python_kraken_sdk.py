"""python-kraken-sdk, unmodified, against the WebSocket endpoints.

Only the URLs are pointed at krakenbox (class attributes: ``SpotOrderBookClient`` passes none
to its base, and its synchronous REST ``AssetPairs`` lookup is answered from the catalogue: it
would block the loop the server runs on); the authenticated client gets its token from the
REST server's ``GetWebSocketsToken``, signed with the demo account's key."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from kraken.spot import SpotOrderBookClient, SpotWSClient

from krakenbox.domain.orders import OrderType
from krakenbox.gateways.http import start_rest
from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.harness import TIMEOUT_S, Harness, running

BTC = 10**8


class AssetPairs:
    """What ``SpotOrderBookClient`` asks REST for: the pair's decimals."""

    def __init__(self, harness: Harness) -> None:
        self.translator = harness.context.translator

    def get_asset_pairs(self, pair: str) -> dict[str, Any]:
        instrument = self.translator.websocket_pair(pair)
        return {
            pair: {
                "pair_decimals": instrument.price_decimals,
                "lot_decimals": instrument.quantity_decimals,
            }
        }


@contextlib.asynccontextmanager
async def rest_stopped(runner: Any) -> AsyncIterator[None]:
    try:
        yield
    finally:
        await runner.cleanup()


def base_url(url: str) -> str:
    assert url.endswith("/v2")
    return url[: -len("/v2")]


@scenario
async def test_order_book_client_verifies_every_checksum(tmp_path: Path) -> None:
    async with running(tmp_path, heartbeat_s=0.05) as harness:
        asks = [harness.place("alice", "sell", 500_010 + 10 * step, BTC) for step in range(14)]
        bids = [harness.place("bob", "buy", 499_990 - 10 * step, BTC // 3) for step in range(12)]
        updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        class OrderBook(SpotOrderBookClient):
            WS_URL = base_url(harness.public_url)

        async def on_update(pair: str, message: dict[str, Any]) -> None:
            updates.put_nowait(message)

        client = OrderBook(depth=10, callback=on_update)
        client._SpotOrderBookClient__market = AssetPairs(harness)  # type: ignore[attr-defined]
        async with client:
            await client.add_book(pairs=["BTC/USD"])
            first = await asyncio.wait_for(updates.get(), TIMEOUT_S)
            assert first["type"] == "snapshot"

            async def step() -> None:
                message = await asyncio.wait_for(updates.get(), TIMEOUT_S)
                assert "error" not in message, message
                assert message["type"] == "update"

            harness.cancel("alice", asks[0])  # the 11th ask level scrolls in
            await step()
            harness.cancel("bob", bids[0])
            await step()
            harness.place("bob", "buy", 0, BTC + BTC // 2, order_type=OrderType.MARKET)
            await step()  # takes 50002.0 and half of 50003.0; 50013.0 and 50014.0 scroll in
            harness.place("alice", "sell", 500_025, BTC // 7)
            await step()
            harness.place("alice", "sell", 499_000, BTC)  # sweeps bids
            await step()
            harness.cancel("bob", bids[5])
            await step()
            book = client.get("BTC/USD")
            assert book is not None and book["valid"] is True
            server = harness.venue.market_data["XXBTZUSD"].book.snapshot(10)
            instrument = harness.context.translator.websocket_pair("BTC/USD")
            assert list(book["ask"]) == [instrument.format_price(p) for p, _ in server.asks]
            assert list(book["bid"]) == [instrument.format_price(p) for p, _ in server.bids]
            await client.remove_book(pairs=["BTC/USD"])


@scenario
async def test_ws_client_trades_and_streams(tmp_path: Path) -> None:
    async with running(tmp_path, heartbeat_s=0.05) as harness:
        messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        resting = harness.place("alice", "buy", 300_000, BTC // 10)  # not placed over WS

        async def on_message(message: dict[str, Any]) -> None:
            messages.put_nowait(message)

        async def expect(predicate: Any) -> dict[str, Any]:
            while True:
                message = await asyncio.wait_for(messages.get(), TIMEOUT_S)
                if predicate(message):
                    return message

        rest, rest_url = await start_rest(harness.context, "127.0.0.1", 0)
        spot_key = next(
            key for key in harness.directory.keys_of("alice") if key.key.endswith("-spot")
        )
        client = SpotWSClient(
            key=spot_key.key,
            secret=spot_key.secret,
            callback=on_message,
            rest_url=rest_url,
            ws_url=base_url(harness.public_url),
            auth_ws_url=base_url(harness.private_url),
        )
        async with rest_stopped(rest), client:
            await client.subscribe(params={"channel": "ticker", "symbol": ["BTC/USD"]}, req_id=1)
            ticker = await expect(lambda m: m.get("channel") == "ticker")
            assert ticker["data"][0]["symbol"] == "BTC/USD"
            await client.subscribe(params={"channel": "executions", "snap_orders": True}, req_id=2)
            ack = await expect(lambda m: m.get("method") == "subscribe" and m.get("req_id") == 2)
            assert ack["success"] is True
            snapshot = await expect(lambda m: m.get("channel") == "executions")
            assert [report["order_id"] for report in snapshot["data"]] == [resting]
            assert client.active_private_subscriptions == [
                {"channel": "executions", "snap_orders": True, "snap_trades": False}
            ]
            await client.send_message(
                message={
                    "method": "add_order",
                    "params": {
                        "order_type": "limit",
                        "side": "buy",
                        "order_qty": 0.25,
                        "symbol": "BTC/USD",
                        "limit_price": 25000.5,
                        "order_userref": 11,
                    },
                    "req_id": 3,
                }
            )
            added = await expect(lambda m: m.get("method") == "add_order")
            assert added["success"] is True and added["req_id"] == 3
            order_id = added["result"]["order_id"]
            await client.send_message(
                message={"method": "cancel_order", "params": {"order_id": [order_id, resting]}}
            )
            first = await expect(lambda m: m.get("method") == "cancel_order")
            second = await expect(lambda m: m.get("method") == "cancel_order")
            assert {first["result"]["order_id"], second["result"]["order_id"]} == {
                order_id,
                resting,
            }
            await client.send_message(message={"method": "cancel_all"})
            cancel_all = await expect(lambda m: m.get("method") == "cancel_all")
            assert cancel_all["result"] == {"count": 0}
            await client.unsubscribe(params={"channel": "executions"})
            gone = await expect(lambda m: m.get("method") == "unsubscribe")
            assert gone["success"] is True
            assert client.active_private_subscriptions == []
            # a live subscription keeps heartbeats coming, so the client's reader wakes to close
            await client.subscribe(params={"channel": "balances"})
            await expect(lambda m: m.get("channel") == "balances")
