"""The connection itself, literal JSON in and out: status, ping/pong (JSON and protocol level),
heartbeat, subscribe/unsubscribe acks, and every malformed request answered with an error while
the connection (and the venue) carry on."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import aiohttp

from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.harness import running

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


@scenario
async def test_status_on_connect_then_ping_pong(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        socket = await harness.session.ws_connect(harness.public_url)
        first = await socket.receive_json(timeout=5)
        assert first["channel"] == "status" and first["type"] == "update"
        (status,) = first["data"]
        assert status["api_version"] == "v2" and status["system"] == "online"
        assert 0 <= status["connection_id"] < 2**64 and isinstance(status["connection_id"], int)
        await socket.send_str('{"method":"ping","req_id":101}')
        pong = await socket.receive_json(timeout=5)
        assert pong.keys() == {"method", "req_id", "time_in", "time_out"}
        assert pong["method"] == "pong" and pong["req_id"] == 101
        assert TIME.match(pong["time_in"]) and TIME.match(pong["time_out"])
        await socket.send_str('{"method":"ping"}')
        assert (await socket.receive_json(timeout=5)).keys() == {"method", "time_in", "time_out"}
        # protocol-level ping → pong (aiohttp client: autoping off so we see the pong)
        raw = await harness.session.ws_connect(harness.public_url, autoping=False)
        await raw.receive(timeout=5)  # status
        await raw.ping(b"hello")
        answer = await raw.receive(timeout=5)
        assert answer.type is aiohttp.WSMsgType.PONG and answer.data == b"hello"
        await raw.close()
        await socket.close()


@scenario
async def test_heartbeat_only_once_subscribed(tmp_path: Path) -> None:
    async with running(tmp_path, heartbeat_s=0.05) as harness:
        client = await harness.connect()
        await asyncio.sleep(0.2)
        assert client.pending() == []
        ack = await client.request(
            {"method": "subscribe", "params": {"channel": "trade", "symbol": ["BTC/USD"]}}
        )
        assert ack["success"] is True
        assert await client.next() == {"channel": "heartbeat"}


@scenario
async def test_one_ack_per_symbol_with_req_id(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client = await harness.connect()
        await client.send(
            {
                "method": "subscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD", "BTC/XYZ", "ETH/USD"]},
                "req_id": 42,
            }
        )
        replies = [await client.reply() for _ in range(3)]
        by_symbol = {
            (reply.get("result") or {}).get("symbol") or reply.get("symbol"): reply
            for reply in replies
        }
        assert by_symbol["BTC/USD"]["result"] == {
            "channel": "ticker",
            "event_trigger": "trades",
            "snapshot": True,
            "symbol": "BTC/USD",
        }
        assert all(reply["req_id"] == 42 for reply in replies)
        refused = by_symbol["BTC/XYZ"]
        assert refused["success"] is False and "result" not in refused
        assert refused["error"] == "Currency pair not supported BTC/XYZ"
        assert refused["method"] == "subscribe"
        assert list(refused) == [
            "error", "method", "req_id", "success", "symbol", "time_in", "time_out"
        ]  # fmt: skip
        # duplicates, then unsubscribe (twice: the second is not found)
        again = await client.request(
            {"method": "subscribe", "params": {"channel": "ticker", "symbol": ["BTC/USD"]}}
        )
        assert again["error"] == "Already subscribed" and again["symbol"] == "BTC/USD"
        gone = await client.request(
            {
                "method": "unsubscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD"]},
                "req_id": 7,
            }
        )
        assert gone["success"] is True and gone["method"] == "unsubscribe"
        assert gone["result"] == {
            "channel": "ticker",
            "event_trigger": "trades",
            "symbol": "BTC/USD",
        }
        missing = await client.request(
            {
                "method": "unsubscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD"]},
                "req_id": 8,
            }
        )
        assert missing["error"] == "Subscription Not Found"
        assert missing["method"] == "subscribe" and missing["req_id"] == 8


@scenario
async def test_bad_requests_get_errors_and_the_connection_lives(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        client = await harness.connect()
        cases: list[tuple[str, dict[str, object]]] = [
            ("{not json", {"error": "EGeneral:Invalid arguments", "success": False}),
            ("[1,2]", {"error": "EGeneral:Invalid arguments"}),
            ('{"method": 5}', {"error": "EGeneral:Invalid arguments"}),
            ('{"method":"fly","req_id":3}', {"error": "EGeneral:Unknown method", "method": "fly"}),
            ('{"method":"subscribe","params":{"channel":"nope"},"req_id":4}',
             {"error": "Subscription name invalid", "method": "subscribe", "req_id": 4}),
            ('{"method":"subscribe","params":{"channel":"status"}}',
             {"error": "Symbol(s) not found"}),
            ('{"method":"subscribe","params":{"channel":"book","symbol":"BTC/USD","depth":50}}',
             {"error": "EGeneral:Invalid arguments:depth"}),
            ('{"method":"subscribe","params":{"channel":"book","symbol":[1]}}',
             {"error": "EGeneral:Invalid arguments:symbol"}),
            ('{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"snapshot":"yes"}}',
             {"error": "EGeneral:Invalid arguments"}),
            ('{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"colour":1}}',
             {"error": "Unsupported field: 'colour' for the given msg type: subscribe"}),
            ('{"method":"subscribe","params":[1]}', {"error": "EGeneral:Invalid arguments"}),
            ('{"method":"ping","req_id":[1]}', {"error": "EGeneral:Invalid arguments"}),
            ('{"method":"subscribe","params":{"channel":"ticker","symbol":["XBT/USD"]}}',
             {"error": "Currency pair not supported XBT/USD", "symbol": "XBT/USD"}),
            ('{"method":"add_order","params":{"order_type":"limit"}}',
             {"error": "EGeneral:Permission denied", "method": "add_order"}),
            ('{"method":"subscribe","params":{"channel":"executions","token":"x"}}',
             {"error": "EGeneral:Permission denied"}),
            ('{"method":"ping","x":' + "[" * 100_000 + "]" * 100_000 + "}",
             {"error": "EGeneral:Invalid arguments"}),
            ('{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":1e999999999}}',
             {"error": "EGeneral:Invalid arguments:depth"}),
            ('{"a":NaN}', {"error": "EGeneral:Invalid arguments"}),
        ]  # fmt: skip
        for text, expected in cases:
            reply = await client.request(text)
            assert reply["success"] is False, text
            assert "result" not in reply
            for key, value in expected.items():
                assert reply[key] == value, (text[:80], reply)
        await client.socket.send_bytes(b"\x00\x01")
        assert (await client.reply())["error"] == "EGeneral:Invalid arguments"
        pong = await client.request({"method": "ping", "req_id": 9})
        assert pong["method"] == "pong" and pong["req_id"] == 9
