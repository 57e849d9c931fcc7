"""One engine behind every protocol: an order placed over FIX is the order REST sees and
cancels; a REST order fills a FIX order. `krakenbox serve` as a subprocess, driven by the
clients users use: krakenbox's FIX client and python-kraken-sdk, unmodified."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from kraken.spot import Trade, User

from krakenbox.client import CredentialsFile, ExecutionType
from tests.cli.processes import running, serve_arguments
from tests.client.serve_clients import clients as fix_client


def rest_keys(data_dir: Path, name: str) -> tuple[str, str, str]:
    content = json.loads((data_dir / "credentials.json").read_text())
    spot = next(entry["spot"] for entry in content["accounts"] if entry["name"] == name)
    return spot["api_key"], spot["api_secret"], content["endpoints"]["spot_rest"]


async def call(function: Any, *arguments: Any, **keywords: Any) -> Any:
    """python-kraken-sdk is synchronous: run it off the event loop."""
    return await asyncio.to_thread(function, *arguments, **keywords)


def test_an_order_placed_over_fix_is_seen_and_canceled_over_rest(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running(*serve_arguments(data_dir), cwd=tmp_path):
        credentials = CredentialsFile.load(data_dir / "credentials.json")
        key, secret, url = rest_keys(data_dir, "alice")

        async def scenario() -> None:
            async with fix_client(credentials, "alice") as alice:
                handle = await alice.place_order(
                    symbol="XBT/USD", side="buy", quantity=Decimal("0.5"), price=Decimal("50000")
                )
                order_id = (await handle.acknowledged).order_id
                user = User(key, secret, url=url)
                open_orders = (await call(user.get_open_orders))["open"]
                assert open_orders[order_id]["descr"]["price"] == "50000.0"
                assert open_orders[order_id]["vol"] == "0.50000000"
                trade = Trade(key, secret, url=url)
                await call(trade.cancel_order, txid=order_id)  # REST reaches FIX orders
                finished = await asyncio.wait_for(handle.finished, 5)
                assert finished.execution_type == ExecutionType.CANCELED

        asyncio.run(scenario())


def test_a_rest_order_fills_a_fix_order(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # No simulated market: the REST buy must meet the FIX sell, not the simulated maker.
    with running(*serve_arguments(data_dir, "--no-sim"), cwd=tmp_path):
        credentials = CredentialsFile.load(data_dir / "credentials.json")
        key, secret, url = rest_keys(data_dir, "bob")

        async def scenario() -> None:
            async with fix_client(credentials, "alice") as alice:
                handle = await alice.place_order(
                    symbol="XBT/USD", side="sell", quantity=Decimal("1"), price=Decimal("61000")
                )
                await handle.acknowledged
                trade = Trade(key, secret, url=url)
                added = await call(
                    trade.create_order,
                    ordertype="limit",
                    side="buy",
                    volume="0.4",
                    pair="XBTUSD",
                    price="61000",
                )
                assert added["txid"]
                async with asyncio.timeout(5):
                    async for report in handle.updates():
                        if report.execution_type == ExecutionType.TRADE:
                            break
                assert report.last_quantity == Decimal("0.4")
                assert report.last_price == Decimal("61000.0")
                history = await call(User(key, secret, url=url).get_trades_history)
                [bought] = history["trades"].values()
                assert (bought["type"], bought["vol"]) == ("buy", "0.40000000")

        asyncio.run(scenario())
