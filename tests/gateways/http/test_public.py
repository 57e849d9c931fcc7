"""Public market data over HTTP: literal JSON, python-kraken-sdk's Market and ccxt."""

from __future__ import annotations

from pathlib import Path

import pytest
from kraken.exceptions import KrakenUnknownAssetError
from kraken.spot import Market

from tests.gateways.http.harness import in_thread, running_rest, scenario


@scenario
async def test_time_and_status(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        assert await rest.public("Time") == {
            "error": [],
            "result": {"unixtime": 1775570000, "rfc1123": "Tue, 07 Apr 26 13:53:20 +0000"},
        }
        status = await rest.public("SystemStatus")
        assert status["result"] == {"status": "online", "timestamp": "2026-04-07T13:53:20Z"}


@scenario
async def test_unknown_method_and_pair(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        assert await rest.public("Nope") == {"error": ["EGeneral:Unknown method"]}
        assert await rest.public("Ticker", "pair=NOPE") == {"error": ["EQuery:Unknown asset pair"]}
        assert await rest.public("Depth", "count=abc&pair=XBTUSD") == {
            "error": ["EGeneral:Invalid arguments:count"]
        }


@scenario
async def test_asset_pairs_keyed_as_asked(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        by_key = await rest.public("AssetPairs", "pair=XBTUSD")
        assert list(by_key["result"]) == ["XXBTZUSD"]
        pair = by_key["result"]["XXBTZUSD"]
        assert pair["altname"] == "XBTUSD"
        assert pair["base"] == "XXBT" and pair["quote"] == "ZUSD"
        assert pair["status"] == "online"
        assert isinstance(pair["pair_decimals"], int)
        assert isinstance(pair["fees"][0][1], float)
        slashed = await rest.public("AssetPairs", "pair=BTC/USD")
        assert list(slashed["result"]) == ["BTC/USD"]
        fees = await rest.public("AssetPairs", "pair=XBTUSD&info=fees")
        assert set(fees["result"]["XXBTZUSD"]) == {"fees", "fees_maker", "fee_volume_currency"}


@scenario
async def test_python_kraken_sdk_market(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        market = Market(url=rest.url)
        assets = await in_thread(market.get_assets, assets=["XBT", "USD"])
        assert set(assets) == {"XXBT", "ZUSD"}
        pairs = await in_thread(market.get_asset_pairs, pair="BTC/USD")
        assert "pair_decimals" in pairs["BTC/USD"]
        ticker = await in_thread(market.get_ticker, pair="XBTUSD")
        assert set(ticker["XXBTZUSD"]) == {"a", "b", "c", "v", "p", "t", "l", "h", "o"}
        book = await in_thread(market.get_order_book, pair="XBTUSD", count=5)
        assert book["XXBTZUSD"] == {"asks": [], "bids": []}
        trades = await in_thread(market.get_recent_trades, pair="XBTUSD")
        assert trades["XXBTZUSD"] == [] and trades["last"] == "0"
        ohlc = await in_thread(market.get_ohlc, pair="XBTUSD", interval=5)
        assert ohlc["XXBTZUSD"] == [] and isinstance(ohlc["last"], int)
        spread = await in_thread(market.get_recent_spreads, pair="XBTUSD")
        assert spread["XXBTZUSD"] == []
        # python-kraken-sdk matches "EQuery:Unknown asset" as a substring first: against
        # Kraken too, an unknown pair raises its KrakenUnknownAssetError.
        with pytest.raises(KrakenUnknownAssetError, match="Unknown asset pair"):
            await in_thread(market.get_ticker, pair="NOPE")


@scenario
async def test_ccxt_markets(tmp_path: Path) -> None:
    async with running_rest(tmp_path) as rest:
        exchange = rest.ccxt()
        markets = await in_thread(exchange.load_markets)
        assert "BTC/USD" in markets
        market = markets["BTC/USD"]
        assert market["id"] == "XXBTZUSD" and market["active"]
        assert market["precision"]["price"] is not None
        status = await in_thread(exchange.fetch_status)
        assert status["status"] == "ok"
        book = await in_thread(exchange.fetch_order_book, "BTC/USD", 10)
        assert book["bids"] == [] and book["asks"] == []
        await in_thread(exchange.fetch_ticker, "BTC/USD")
        assert await in_thread(exchange.fetch_trades, "BTC/USD") == []
