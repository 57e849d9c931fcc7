"""python-kraken-sdk and ccxt, unmodified, against a running `krakenbox serve`.

Run it in the directory where `krakenbox serve` runs (it reads .krakenbox/credentials.json):

    python examples/kraken_clients.py
"""

import asyncio
import json
from pathlib import Path

import ccxt  # ccxt: the base URL, without /0/...
from kraken.spot import Market, SpotWSClient, Trade, User  # python-kraken-sdk

credentials = json.loads(Path(".krakenbox/credentials.json").read_text())
endpoints = credentials["endpoints"]
rest = endpoints["spot_rest"]  # http://127.0.0.1:8080
alice, bob = (account["spot"] for account in credentials["accounts"])
key, secret = alice["api_key"], alice["api_secret"]

print("ticker", Market(url=rest).get_ticker(pair="XBTUSD")["XXBTZUSD"]["c"])
print("USD", User(key, secret, url=rest).get_account_balance()["ZUSD"])
placed = Trade(key, secret, url=rest).create_order(
    ordertype="limit", side="buy", volume="0.01", pair="XBTUSD", price="50000"
)
print("placed", placed["txid"])

# Another key: nonces must increase per key, and ccxt counts them in milliseconds where
# python-kraken-sdk counts finer, so the two libraries cannot share one (at Kraken either).
# enableRateLimit=False: krakenbox enforces Kraken's limits itself; ccxt's own throttle waits
# 3 s between calls to kraken.
kraken = ccxt.kraken(
    {
        "apiKey": bob["api_key"],
        "secret": bob["api_secret"],
        "enableRateLimit": False,
        "urls": {"api": {"public": rest, "private": rest}},
    }
)
print("balance", kraken.fetch_balance()["USD"])
kraken.create_order("BTC/USD", "limit", "sell", 0.01, 90000)
print("open orders", [order["id"] for order in kraken.fetch_open_orders("BTC/USD")])
kraken.cancel_all_orders()


async def first_book_message() -> None:
    """Subscribe to the BTC/USD book over WebSocket v2 and print the snapshot."""
    snapshot = asyncio.get_running_loop().create_future()

    async def on_message(message: dict) -> None:
        if message.get("channel") == "book" and not snapshot.done():
            snapshot.set_result(message)

    # Public data needs no key; with key=, secret= and auth_ws_url= (spot_ws_auth) the
    # client also opens the authenticated endpoint, for executions and trading.
    client = SpotWSClient(
        callback=on_message,
        rest_url=rest,
        ws_url=endpoints["spot_ws_public"].removesuffix("/v2"),  # the client adds /v2
    )
    async with client:
        await client.subscribe(params={"channel": "book", "symbol": ["BTC/USD"]})
        book = (await asyncio.wait_for(snapshot, 10))["data"][0]
        print("book", book["bids"][:1], book["asks"][:1])


asyncio.run(first_book_message())
