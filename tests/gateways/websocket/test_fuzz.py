"""Bad input over the wire, generated: on one authenticated WebSocket v2 connection, every method
with plausible parameters mutated (values of the wrong type, names dropped, odd names added)
and plain garbage get an answer — an ack with ``success`` and, when it failed, an error string —
never an internal error, and the connection stays up for the next request."""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import aiohttp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from krakenbox.cli.options import ServeOptions
from krakenbox.testing import RunningVenue
from tests.gateways.http.test_fuzz import Client

TIMEOUT_S = 10
NO_SHRINKING = (Phase.explicit, Phase.generate)
"""The examples share one connection, so a smaller example would not fail the same way alone:
report the first failure as it came."""
ORDER = {"order_type": "limit", "side": "buy", "order_qty": 0.01, "limit_price": 50000}
BASES: dict[str, dict[str, Any]] = {
    "add_order": {**ORDER, "symbol": "BTC/USD"},
    "amend_order": {"order_id": "OABCDE-FGHIJ-KLMNOP", "order_qty": 0.02},
    "edit_order": {"order_id": "OABCDE-FGHIJ-KLMNOP", "symbol": "BTC/USD", "order_qty": 0.02},
    "cancel_order": {"order_id": ["OABCDE-FGHIJ-KLMNOP"]},
    "cancel_all": {},
    "cancel_all_orders_after": {"timeout": 60},
    "batch_add": {"symbol": "BTC/USD", "orders": [ORDER, ORDER]},
    "batch_cancel": {"orders": ["OABCDE-FGHIJ-KLMNOP", "OQRSTU-VWXYZ-ABCDEF"]},
    "subscribe": {"channel": "book", "symbol": ["BTC/USD"], "depth": 10},
    "unsubscribe": {"channel": "book", "symbol": ["BTC/USD"]},
    "ping": {},
}
NAMES = [
    "symbol", "channel", "depth", "snapshot", "order_type", "side", "order_qty", "limit_price",
    "limit_price_type", "order_id", "cl_ord_id", "order_userref", "time_in_force", "expire_time",
    "post_only", "triggers", "timeout", "orders", "deadline", "validate", "display_qty",
    "fee_preference", "no_mpp", "stp_type", "cash_order_qty", "reduce_only", "margin",
    "effective_time", "interval", "snap_orders", "snap_trades", "ratecounter", "order_status",
    "new_order_qty", "new_limit_price", "post_only", "event_trigger", "token",
]  # fmt: skip
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),  # JSON has neither
        st.sampled_from(["", "BTC/USD", "XBT/USD", "buy", "limit", "GTD", "abc", "é" * 3]),
        st.text(max_size=10),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), children, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def requests(draw: st.DrawFn, token: str) -> dict[str, Any]:
    method = draw(st.sampled_from([*BASES, "add_orders", "nonsense"]))
    params = {**BASES.get(method, {}), "token": token}
    for _ in range(draw(st.integers(0, 4))):
        change = draw(st.sampled_from(["odd value", "drop", "add"]))
        if change == "odd value" and params:
            params[draw(st.sampled_from(sorted(params)))] = draw(JSON_VALUES)
        elif change == "drop" and params:
            del params[draw(st.sampled_from(sorted(params)))]
        else:
            params[draw(st.sampled_from(NAMES))] = draw(JSON_VALUES)
    return {"method": method, "params": params}


GARBAGE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["{", "[]", "null", "1", '"ping"', '{"method": 5}', '{"params": []}', "[NaN]", "Infinity"]
    ),
    st.just('{"method": "ping", "pad": "' + "x" * 70_000 + '"}'),
)


class Conversation:
    """One WebSocket connection on a loop of its own, driven from the test's thread."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.url = url
        self.numbers = itertools.count(1)

    async def open(self) -> None:
        self.session = aiohttp.ClientSession()
        self.socket = await self.session.ws_connect(self.url, max_msg_size=0)
        status = await self.socket.receive_json(timeout=TIMEOUT_S)
        assert status["channel"] == "status"

    async def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` with a fresh req_id; the first ack that carries it."""
        req_id = next(self.numbers)
        await self.socket.send_str(json.dumps({**request, "req_id": req_id}))
        return await self._reply(lambda message: message.get("req_id") == req_id)

    async def garbage(self, text: str) -> dict[str, Any]:
        """Send ``text`` as it is; the next ack (a message with ``success``)."""
        await self.socket.send_str(text)
        return await self._reply(lambda message: "success" in message)

    async def _reply(self, wanted: Any) -> dict[str, Any]:
        async with asyncio.timeout(TIMEOUT_S):  # heartbeats keep coming: one deadline for all
            while True:
                message = await self.socket.receive()
                assert message.type is aiohttp.WSMsgType.TEXT, message  # the connection is up
                decoded = json.loads(message.data)
                if isinstance(decoded, dict) and wanted(decoded):
                    return decoded

    async def close(self) -> None:
        await self.socket.close()
        await self.session.close()

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)


def assert_answered(reply: dict[str, Any], asked: object) -> None:
    if reply.get("method") == "pong":
        return
    assert isinstance(reply.get("success"), bool), (asked, reply)
    if not reply["success"]:
        assert isinstance(reply.get("error"), str) and reply["error"], (asked, reply)
        assert "Internal error" not in reply["error"], (asked, reply)


def test_every_method_answers_odd_requests_and_the_connection_stays_up(tmp_path: Path) -> None:
    options = ServeOptions.ephemeral(tmp_path / "venue", rate_limits="off")
    with RunningVenue(tmp_path / "venue", options=options) as venue:
        _, answer = Client(venue).private("GetWebSocketsToken", [])
        token = answer["result"]["token"]
        conversation = Conversation(venue.urls["spot_ws_auth"])
        conversation.run(conversation.open())
        try:

            @settings(
                max_examples=500,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
                database=None,
                phases=NO_SHRINKING,
            )
            @given(data=st.data())
            def request(data: st.DataObject) -> None:
                asked = data.draw(requests(token))
                assert_answered(conversation.run(conversation.ask(asked)), asked)

            @settings(max_examples=60, deadline=None, database=None, phases=NO_SHRINKING)
            @given(text=GARBAGE)
            def garbage(text: str) -> None:
                reply = conversation.run(conversation.garbage(text))
                assert reply["success"] is False, (text, reply)
                assert_answered(reply, text)

            request()
            garbage()
            pong = conversation.run(conversation.ask({"method": "ping"}))
            assert pong["method"] == "pong"
        finally:
            conversation.run(conversation.close())
            conversation.loop.close()
