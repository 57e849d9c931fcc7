"""WebSocket cancels reach orders placed over FIX, and the FIX session hears of them; the
order shows up in the WebSocket ``executions`` snapshot. One venue, one context."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from krakenbox.fix.tags import MsgType, Tag
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.websocket import start_websocket
from tests.gateways.spot_fix.harness import client, order, running_venue, scenario
from tests.gateways.websocket.harness import TIMEOUT_S


@scenario
async def test_websocket_cancels_a_fix_order(tmp_path: Path) -> None:
    async with running_venue(tmp_path) as venue:
        context = SpotContext.create(venue.loop, venue.directory, venue.clock)
        runner, url = await start_websocket(context, "127.0.0.1", 0, True)
        try:
            alice = await venue.trader("alice")
            alice.send(order("1", "1", "0.5", "30000"))
            new = await client(alice).next()
            order_id = new[Tag.OrderID]
            alice.send(order("2", "1", "0.5", "30001"))
            second = (await client(alice).next())[Tag.OrderID]
            token = context.tokens.issue("alice", venue.clock.now_ns()).token
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
                await socket.receive_json(timeout=TIMEOUT_S)  # status

                async def request(message: dict[str, object]) -> dict[str, object]:
                    await socket.send_str(json.dumps(message))
                    while True:
                        reply: dict[str, object] = await socket.receive_json(timeout=TIMEOUT_S)
                        if "channel" not in reply:
                            return reply

                subscribed = await request(
                    {"method": "subscribe", "params": {"channel": "executions", "token": token}}
                )
                assert subscribed["success"] is True
                canceled = await request(
                    {"method": "cancel_order", "params": {"order_id": [order_id], "token": token}}
                )
                assert canceled["result"] == {"order_id": order_id}
                report = await client(alice).next_of(MsgType.ExecutionReport)
                assert report[Tag.OrderID] == order_id and report[Tag.OrdStatus] == "4"
                everything = await request({"method": "cancel_all", "params": {"token": token}})
                assert everything["result"] == {"count": 1}
                report = await client(alice).next_of(MsgType.ExecutionReport)
                assert report[Tag.OrderID] == second and report[Tag.OrdStatus] == "4"
        finally:
            await runner.cleanup()
