"""The admin API over HTTP, against a whole venue (the pytest plugin's fixture)."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from kraken.exceptions import KrakenInsufficientFundsError
from kraken.spot import Market, Trade, User

from krakenbox.client import KrakenFixClient
from krakenbox.testing import RunningVenue


def call(
    venue: RunningVenue, method: str, path: str, body: Any = None, token: str | None = "default"
) -> tuple[int, Any]:
    request = urllib.request.Request(venue.urls["admin"] + path, method=method)
    if token == "default":
        token = venue.credentials["admin"]["token"]
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    data = None if body is None else json.dumps(body).encode()
    try:
        with urllib.request.urlopen(request, data=data, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_and_openapi_need_no_token_everything_else_does(
    krakenbox_venue: RunningVenue,
) -> None:
    status, health = call(krakenbox_venue, "GET", "/health", token=None)
    assert status == 200 and health["status"] == "ok" and health["sequence"] > 0
    status, document = call(krakenbox_venue, "GET", "/openapi.json", token=None)
    assert status == 200 and "/accounts/{name}/keys" in document["paths"]
    assert call(krakenbox_venue, "GET", "/accounts", token=None)[0] == 401
    assert call(krakenbox_venue, "GET", "/accounts", token="wrong")[0] == 401
    status, accounts = call(krakenbox_venue, "GET", "/accounts")
    assert status == 200 and [a["name"] for a in accounts] == ["alice", "bob"]


def test_a_new_account_with_a_key_and_money_trades_over_rest(
    krakenbox_venue: RunningVenue,
) -> None:
    venue = krakenbox_venue
    assert call(venue, "POST", "/accounts", {"name": "carol", "tier": "pro"})[0] == 200
    status, key = call(venue, "POST", "/accounts/carol/keys", {"kind": "spot"})
    assert status == 200 and len(key["api_secret"]) == 88
    status, deposit = call(
        venue, "POST", "/accounts/carol/deposits", {"asset": "USD", "amount": "2500.5"}
    )
    assert status == 200 and deposit["ledger_id"].startswith("L")
    balances = call(venue, "GET", "/accounts/carol/balances")[1]
    assert balances == {"ZUSD": {"balance": "2500.5000", "hold": "0.0000"}}
    rest = venue.urls["spot_rest"]
    Trade(key["api_key"], key["api_secret"], url=rest).create_order(
        ordertype="limit", side="buy", volume="0.01", pair="XBTUSD", price="50000"
    )
    assert (
        Decimal(
            User(key["api_key"], key["api_secret"], url=rest).get_balances()["ZUSD"]["hold_trade"]
        )
        > 0
    )
    status, refused = call(
        venue, "POST", "/accounts/carol/withdrawals", {"asset": "ZUSD", "amount": "5000"}
    )
    assert status == 400 and "insufficient funds" in refused["error"]


def test_instrument_status_and_bad_requests(krakenbox_venue: RunningVenue) -> None:
    venue = krakenbox_venue
    status, changed = call(venue, "PUT", "/instruments/XBTUSD/status", {"status": "cancel_only"})
    assert (status, changed) == (200, {"pair": "XXBTZUSD", "status": "cancel_only"})
    bob = venue.account("bob")["spot"]
    trade = Trade(bob["api_key"], bob["api_secret"], url=venue.urls["spot_rest"])
    try:
        trade.create_order(ordertype="limit", side="buy", volume="0.01", pair="XBTUSD", price="1")
    except Exception as error:  # python-kraken-sdk raises its own error class
        assert "cancel_only" in str(error)
    else:
        raise AssertionError("an order was accepted by a cancel_only market")
    for method, path, body, expected in [
        ("PUT", "/instruments/FOOBAR/status", {"status": "online"}, "unknown pair"),
        ("PUT", "/instruments/XBTUSD/status", {"status": "closed"}, "status: one of"),
        ("POST", "/accounts", {"name": "alice"}, "exists"),
        ("POST", "/accounts/nobody/keys", {"kind": "spot"}, "unknown account"),
        ("POST", "/accounts/bob/keys", {"kind": "spot", "permissions": ["fly"]}, "permissions"),
        ("POST", "/accounts/bob/deposits", {"asset": "USD", "amount": "1.000001"}, "decimals"),
        ("POST", "/accounts/bob/deposits", {"asset": "DOGECOIN", "amount": "1"}, "unknown asset"),
        ("POST", "/accounts/bob/comp-ids", {"sender_comp_id": "ALICE"}, "ALICE"),
    ]:
        status, answer = call(venue, method, path, body)
        assert status == 400 and expected in answer["error"], (path, answer)


def test_a_reference_price_without_simulation_moves_the_index_and_triggers_orders(
    krakenbox_venue: RunningVenue,
) -> None:
    venue = krakenbox_venue
    status, answer = call(venue, "PUT", "/instruments/XBTUSD/reference-price", {"price": "60000"})
    assert (status, answer) == (200, {"pair": "XXBTZUSD", "price": "60000.0", "simulated": False})
    alice = venue.account("alice")["spot"]
    trade = Trade(alice["api_key"], alice["api_secret"], url=venue.urls["spot_rest"])
    user = User(alice["api_key"], alice["api_secret"], url=venue.urls["spot_rest"])
    placed = trade.create_order(
        ordertype="stop-loss", side="sell", volume="0.01", pair="XBTUSD", price="55000",
        trigger="index",
    )  # fmt: skip
    (txid,) = placed["txid"]
    assert user.get_orders_info(txid=txid)[txid]["status"] == "open"
    status, _ = call(venue, "PUT", "/instruments/XBTUSD/reference-price", {"price": "54000.5"})
    assert status == 200
    triggered = user.get_orders_info(txid=txid)[txid]  # a market sell into an empty book
    assert (triggered["status"], triggered["reason"]) == ("canceled", "Insufficient liquidity")
    for body, expected in [
        ({"price": "60000.05"}, "multiple of the tick size 0.1"),
        ({"price": "-1"}, "positive"),
        ({"price": "abc"}, "positive"),
        ({}, "price: a non-empty string"),
    ]:
        status, answer = call(venue, "PUT", "/instruments/XBTUSD/reference-price", body)
        assert status == 400 and expected in answer["error"], (body, answer)
    status, answer = call(venue, "PUT", "/instruments/NOPE/reference-price", {"price": "1"})
    assert status == 400 and "unknown pair" in answer["error"]


def test_a_reference_price_moves_the_simulated_market(krakenbox_live_venue: RunningVenue) -> None:
    venue = krakenbox_live_venue
    status, answer = call(venue, "PUT", "/instruments/XBTUSD/reference-price", {"price": "70000"})
    assert (status, answer["simulated"]) == (200, True)
    market = Market(url=venue.urls["spot_rest"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        book = market.get_order_book(pair="XBTUSD", count=5)["XXBTZUSD"]
        if book["bids"] and book["asks"]:
            bid, ask = Decimal(book["bids"][0][0]), Decimal(book["asks"][0][0])
            if abs((bid + ask) / 2 - 70000) < 700:  # where it was: 60,000
                break
        time.sleep(0.2)  # the simulation steps once a second of real time
    else:
        raise AssertionError(f"the maker did not follow the reference: {book}")


def test_sessions_are_listed_and_can_be_dropped(krakenbox_venue: RunningVenue) -> None:
    venue = krakenbox_venue
    status, comp_id = call(venue, "POST", "/accounts/bob/comp-ids", {"sender_comp_id": "BOB2"})
    assert (status, comp_id) == (200, {"sender_comp_id": "BOB2", "market": "spot"})
    assert call(venue, "GET", "/sessions")[1] == []
    status, answer = call(venue, "POST", "/sessions/nothing/disconnect")
    assert status == 400 and "no FIX session" in answer["error"]


def test_websocket_connections_are_listed_and_can_be_cut(krakenbox_venue: RunningVenue) -> None:
    venue = krakenbox_venue

    async def scenario() -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(venue.urls["spot_ws_public"]) as socket,
        ):
            await socket.receive_json(timeout=10)  # status
            subscribe = {"channel": "book", "symbol": ["BTC/USD"]}
            await socket.send_json({"method": "subscribe", "params": subscribe})
            while (await socket.receive_json(timeout=10)).get("method") != "subscribe":
                pass
            status, listed = await asyncio.to_thread(call, venue, "GET", "/connections")
            assert (status, listed) == (
                200,
                [{"connection": "public:ws:1", "account": None, "subscriptions": ["book:BTC/USD"]}],
            )
            path = "/connections/public:ws:1/disconnect"
            assert await asyncio.to_thread(call, venue, "POST", path) == (
                200,
                {"disconnected": True},
            )
            while (message := await socket.receive(timeout=10)).type is aiohttp.WSMsgType.TEXT:
                pass  # what was in flight, then the connection ends: no close frame
            assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
        assert (await asyncio.to_thread(call, venue, "GET", "/connections"))[1] == []

    asyncio.run(scenario())
    status, answer = call(venue, "POST", "/connections/public:ws:9/disconnect")
    assert status == 400 and "no WebSocket connection" in answer["error"]


def test_prometheus_metrics_count_what_the_venue_did(krakenbox_venue: RunningVenue) -> None:
    venue = krakenbox_venue
    bob = venue.account("bob")["spot"]
    trade = Trade(bob["api_key"], bob["api_secret"], url=venue.urls["spot_rest"])
    trade.create_order(ordertype="limit", side="buy", volume="0.01", pair="XBTUSD", price="50000")
    with pytest.raises(KrakenInsufficientFundsError):
        trade.create_order(
            ordertype="limit", side="buy", volume="10000", pair="XBTUSD", price="50000"
        )
    fix = venue.account("alice")["fix"]
    host, port = venue.urls["fix_spot_trading"].removeprefix("tcp://").split(":")

    async def place_over_fix() -> None:
        async with KrakenFixClient(
            host,
            int(port),
            fix["sender_comp_id"],
            fix["api_key"],
            fix["api_secret"],
            reset_on_logon=True,
        ) as client:
            handle = await client.place_order(
                symbol="XBT/USD", side="buy", quantity=Decimal("0.1"), price=Decimal("40000")
            )
            await handle.acknowledged

    asyncio.run(place_over_fix())
    token = User(bob["api_key"], bob["api_secret"], url=venue.urls["spot_rest"]).request(
        "POST", "/0/private/GetWebSocketsToken"
    )["token"]

    async def place_over_websocket() -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(venue.urls["spot_ws_auth"]) as socket,
        ):
            params = {"order_type": "limit", "side": "buy", "order_qty": 0.01,
                      "symbol": "BTC/USD", "limit_price": 45000, "token": token}  # fmt: skip
            await socket.send_json({"method": "add_order", "params": params, "req_id": 7})
            while (reply := await socket.receive_json(timeout=10)).get("method") != "add_order":
                pass
            assert reply["success"] is True, reply

    asyncio.run(place_over_websocket())
    with urllib.request.urlopen(venue.urls["admin"] + "/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    lines = set(text.splitlines())
    assert 'krakenbox_commands_total{command="SubmitOrder"} 4' in lines
    assert 'krakenbox_events_total{event="OrderAccepted"} 3' in lines
    assert 'krakenbox_request_seconds_count{protocol="fix"} 1' in lines
    assert 'krakenbox_request_seconds_count{protocol="websocket"} 1' in lines
    assert 'krakenbox_rejections_total{reason="insufficient funds"} 1' in lines
    assert "krakenbox_rate_limit_refusals_total 0" in lines
    assert any(line.startswith('krakenbox_flush_seconds_bucket{le="+Inf"}') for line in lines)
    assert any(
        line.startswith('krakenbox_request_seconds_count{protocol="rest"} ') for line in lines
    )
    assert any(
        line.startswith('krakenbox_request_seconds_bucket{protocol="rest",le="0.1"}')
        for line in lines
    )


def test_clock_control_moves_a_manual_venue_and_refuses_a_system_one(
    krakenbox_manual_venue: RunningVenue, tmp_path: Path
) -> None:
    venue = krakenbox_manual_venue
    bob = venue.account("bob")["spot"]
    rest = venue.urls["spot_rest"]
    start = call(venue, "GET", "/clock")[1]
    assert start["manual"] is True
    Trade(bob["api_key"], bob["api_secret"], url=rest).create_order(
        ordertype="limit", side="buy", volume="0.1", pair="XBTUSD", price="40000",
        expiretm=str(start["now_ns"] // 10**9 + 3600),
    )  # fmt: skip
    user = User(bob["api_key"], bob["api_secret"], url=rest)
    status, moved = call(venue, "POST", "/clock/advance", {"seconds": 3599})
    assert status == 200 and moved["now_ns"] == start["now_ns"] + 3599 * 10**9
    assert len(user.get_open_orders()["open"]) == 1
    assert call(venue, "POST", "/clock/advance", {"seconds": 1})[0] == 200
    assert user.get_open_orders()["open"] == {}  # the GTD order expired on the venue's time
    status, refused = call(venue, "POST", "/clock/set", {"time": "2020-01-01T00:00:00Z"})
    assert status == 400 and "backwards" in refused["error"]
    status, later = call(venue, "POST", "/clock/set", {"time": "2030-01-01T00:00:00Z"})
    assert status == 200 and later["now"].startswith("2030-01-01T00:00:00")

    with RunningVenue(tmp_path / "system") as system:
        status, refused = call(system, "POST", "/clock/advance", {"seconds": 1})
        assert status == 400 and "--manual-clock" in refused["error"]


def test_rollover_now_logs_fix_sessions_out(krakenbox_manual_venue: RunningVenue) -> None:
    venue = krakenbox_manual_venue
    fix = venue.account("alice")["fix"]
    host, port = venue.urls["fix_spot_trading"].removeprefix("tcp://").split(":")

    async def scenario() -> str | None:
        client = KrakenFixClient(
            host, int(port), fix["sender_comp_id"], fix["api_key"], fix["api_secret"],
            clock=venue.clock, reset_on_logon=True,
        )  # fmt: skip
        await client.connect()
        status, answer = await asyncio.to_thread(call, venue, "POST", "/rollover")
        assert (status, answer["sessions"]) == (200, 1)
        async with asyncio.timeout(5):
            while client.is_logged_on:
                await asyncio.sleep(0.01)
        text = client.application.last_logout_text
        await client.close()
        return text

    assert asyncio.run(scenario()) == "session rollover"
