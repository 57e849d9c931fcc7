"""ticker, trade, ohlc and instrument, literal JSON."""

from __future__ import annotations

from pathlib import Path

from krakenbox.domain.commands import ChangeMarketStatus
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import OrderType
from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.harness import running

BTC = 10**8


def subscribe(channel: str, **params: object) -> dict[str, object]:
    return {"method": "subscribe", "params": {"channel": channel, **params}}


@scenario
async def test_trade_ids_are_sequential_and_batched_per_command(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        harness.place("alice", "sell", 500_000, BTC)
        harness.place("alice", "sell", 500_010, BTC)
        harness.place("bob", "buy", 499_000, BTC)
        client = await harness.connect()
        ack = await client.request(subscribe("trade", symbol=["BTC/USD"]))
        assert ack["result"] == {"channel": "trade", "snapshot": False, "symbol": "BTC/USD"}
        harness.place("bob", "buy", 0, BTC + BTC // 2, order_type=OrderType.MARKET)
        message = await client.channel("trade", "update")
        first, second = message["data"]
        assert first == {
            "symbol": "BTC/USD",
            "side": "buy",
            "price": "50000.0",
            "qty": "1.00000000",
            "ord_type": "market",
            "trade_id": 1,
            "timestamp": first["timestamp"],
        }
        assert second["trade_id"] == 2 and second["price"] == "50001.0"
        assert second["qty"] == "0.50000000"
        harness.place("alice", "sell", 499_000, BTC // 4)
        (third,) = (await client.channel("trade", "update"))["data"]
        assert third["trade_id"] == 3 and third["side"] == "sell" and third["ord_type"] == "limit"
        later = await harness.connect()
        await later.request(subscribe("trade", symbol=["BTC/USD"], snapshot=True))
        snapshot = await later.channel("trade", "snapshot")
        assert [trade["trade_id"] for trade in snapshot["data"]] == [1, 2, 3]


@scenario
async def test_ticker_on_trades_and_on_best_prices(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        harness.place("alice", "sell", 500_000, BTC)
        harness.place("bob", "buy", 499_000, 2 * BTC)
        client = await harness.connect()
        await client.request(subscribe("ticker", symbol=["BTC/USD"]))
        (snapshot,) = (await client.channel("ticker", "snapshot"))["data"]
        assert snapshot["bid"] == "49900.0" and snapshot["bid_qty"] == "2.00000000"
        assert snapshot["ask"] == "50000.0" and snapshot["last"] == "0.0"
        bbo = await harness.connect()
        ack = await bbo.request(subscribe("ticker", symbol=["BTC/USD"], event_trigger="bbo"))
        assert ack["result"]["event_trigger"] == "bbo"
        await bbo.channel("ticker", "snapshot")
        harness.place("bob", "buy", 499_500, BTC)  # best bid moves, no trade
        (moved,) = (await bbo.channel("ticker", "update"))["data"]
        assert moved["bid"] == "49950.0"
        harness.place("bob", "buy", 500_000, BTC // 2)  # a trade
        (traded,) = (await client.channel("ticker", "update"))["data"]
        assert traded["last"] == "50000.0" and traded["volume"] == "0.50000000"
        assert traded["vwap"] == "50000.0" and traded["high"] == "50000.0"
        assert traded["change"] == "0.0" and traded["change_pct"] == "0.00"
        assert set(traded) == {
            "symbol", "bid", "bid_qty", "ask", "ask_qty", "last", "volume", "vwap", "low",
            "high", "change", "change_pct", "timestamp",
        }  # fmt: skip


@scenario
async def test_ohlc_snapshot_and_running_candle(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        harness.place("alice", "sell", 500_000, 2 * BTC)
        harness.place("bob", "buy", 500_000, BTC)
        client = await harness.connect()
        ack = await client.request(subscribe("ohlc", symbol=["BTC/USD"], interval=5))
        assert ack["result"] == {
            "channel": "ohlc", "interval": 5, "snapshot": True, "symbol": "BTC/USD"
        }  # fmt: skip
        snapshot = await client.channel("ohlc", "snapshot")
        (candle,) = snapshot["data"]
        assert candle["open"] == candle["close"] == "50000.0" and candle["trades"] == 1
        assert candle["interval"] == 5 and candle["interval_begin"].endswith(".000000000Z")
        harness.place("bob", "buy", 500_000, BTC // 2)
        (running_candle,) = (await client.channel("ohlc", "update"))["data"]
        assert running_candle["trades"] == 2 and running_candle["volume"] == "1.50000000"
        assert running_candle["interval_begin"] == candle["interval_begin"]
        bad = await client.request(subscribe("ohlc", symbol=["BTC/USD"], interval=2))
        assert bad["error"] == "EGeneral:Invalid arguments:interval"


@scenario
async def test_instrument_snapshot_and_status_update(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client = await harness.connect()
        ack = await client.request(subscribe("instrument"))
        assert ack["result"]["channel"] == "instrument" and ack["result"]["snapshot"] is True
        snapshot = await client.channel("instrument", "snapshot")
        pairs = {pair["symbol"]: pair for pair in snapshot["data"]["pairs"]}
        btc = pairs["BTC/USD"]
        assert btc["base"] == "BTC" and btc["quote"] == "USD"
        assert btc["price_precision"] == 1 and btc["qty_precision"] == 8
        assert btc["price_increment"] == btc["tick_size"] == "0.1"
        assert btc["qty_min"] == "0.00005" and btc["qty_increment"] == "0.00000001"
        assert "BTC" in {asset["id"] for asset in snapshot["data"]["assets"]}
        harness.clock.advance(nanos=1)
        harness.venue.submit(
            ChangeMarketStatus(status=MarketStatus.POST_ONLY, timestamp=harness.clock.now_ns()),
            "XXBTZUSD",
        )
        harness.venue.flush()
        update = await client.channel("instrument", "update")
        assert update["data"]["pairs"][0]["status"] == "post_only"
