"""Kraken FIX client in a page: log on, place a limit order, amend it, cancel it, show the book.

    python examples/fix_client.py [DATA_DIR]     # against `krakenbox serve --data-dir DATA_DIR`

Reads DATA_DIR/credentials.json (default ./.krakenbox) that the venue writes: the first account
with FIX credentials, the trading and L2 market-data endpoints, the CA to trust for TLS. Point
the same code at Kraken by giving host, port, SenderCompID, key and secret instead.
"""

from __future__ import annotations

import asyncio
import sys
from decimal import Decimal
from pathlib import Path

from krakenbox.client import (
    CredentialsFile,
    ExecutionReport,
    KrakenFixClient,
    MarketDataClient,
    OrderRejected,
)


async def trade(client: KrakenFixClient, symbol: str = "XBT/USD") -> list[ExecutionReport]:
    """Place, amend and cancel one order; returns the reports of the three steps."""
    order = await client.place_order(
        symbol=symbol, side="buy", quantity=Decimal("0.01"), price=Decimal("1000")
    )
    try:
        placed = await order.acknowledged
    except OrderRejected as rejection:
        print("rejected:", rejection.text)
        raise
    print("placed: ", placed.order_id, placed.order_status.value)
    amended = await client.amend(order, quantity=Decimal("0.02"), price=Decimal("1001"))
    print("amended:", amended.order_quantity, "@", amended.price)
    canceled = await client.cancel(order)
    print("canceled:", canceled.order_status.value)
    return [placed, amended, canceled]


async def show_book(market: MarketDataClient, symbol: str = "XBT/USD") -> None:
    subscription = await market.subscribe(symbol, depth=10)
    book = subscription.book
    print(f"{symbol}: best bid {book.best_bid}, best ask {book.best_ask}")
    market.unsubscribe(subscription)


async def main(data_dir: Path) -> None:
    credentials = CredentialsFile.load(data_dir / "credentials.json")
    account = credentials.account()
    assert account.fix is not None
    trading = credentials.endpoint(CredentialsFile.TRADING)
    async with KrakenFixClient(
        trading.host,
        trading.port,
        account.fix.sender_comp_id,
        account.fix.api_key,
        account.fix.api_secret,
        ssl_context=credentials.ssl_context(trading),
        reset_on_logon=True,
    ) as client:
        await trade(client)
    market_endpoint = credentials.endpoint(CredentialsFile.MARKET_DATA_L2)
    async with MarketDataClient(
        market_endpoint.host,
        market_endpoint.port,
        account.fix.sender_comp_id,
        ssl_context=credentials.ssl_context(market_endpoint),
    ) as market:
        await show_book(market)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".krakenbox")))
