"""The ``level3`` channel (token required): orders in queue order, add/modify/delete updates,
and Kraken's L3 checksum recomputed from the printed numbers after every message."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.book_model import token
from tests.gateways.websocket.harness import running

BTC = 10**8


@dataclass
class ClientOrders:
    """A level3 book as a client keeps it: orders by id, queue order by arrival."""

    orders: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """order id → (side, price text, quantity text), in queue order."""

    def apply(self, data: dict[str, Any]) -> None:
        for side in ("bids", "asks"):
            for entry in data[side]:
                event = entry.get("event", "add")
                order_id = entry["order_id"]
                if event == "delete":
                    self.orders.pop(order_id, None)
                elif event == "modify":
                    self.orders[order_id] = (side, entry["limit_price"], entry["order_qty"])
                else:
                    self.orders.pop(order_id, None)
                    self.orders[order_id] = (side, entry["limit_price"], entry["order_qty"])

    def checksum(self) -> int:
        text = ""
        for side, descending in (("asks", False), ("bids", True)):
            prices = sorted(
                {price for s, price, _ in self.orders.values() if s == side},
                key=Decimal,
                reverse=descending,
            )[:10]
            for price in prices:
                for s, p, quantity in self.orders.values():
                    if s == side and p == price:
                        text += token(p) + token(quantity)
        return zlib.crc32(text.encode())


@scenario
async def test_level3_snapshot_updates_and_checksums(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        first = harness.place("alice", "sell", 500_005, BTC // 10)
        harness.place("alice", "sell", 500_005, BTC // 5)
        harness.place("alice", "sell", 500_010, BTC)
        harness.place("bob", "buy", 499_999, BTC // 2)
        client = await harness.private()
        refused = await client.request(
            {"method": "subscribe", "params": {"channel": "level3", "symbol": ["BTC/USD"]}}
        )
        assert refused["error"] == "EAPI:Invalid token"
        ack = await client.request(
            {
                "method": "subscribe",
                "params": {
                    "channel": "level3",
                    "symbol": ["BTC/USD"],
                    "token": harness.token("alice"),
                },
            }
        )
        assert ack["result"] == {
            "channel": "level3", "depth": 10, "snapshot": True, "symbol": "BTC/USD"
        }  # fmt: skip
        (data,) = (await client.channel("level3", "snapshot"))["data"]
        assert [order["order_qty"] for order in data["asks"]] == [
            "0.10000000", "0.20000000", "1.00000000"
        ]  # fmt: skip
        assert data["asks"][0]["order_id"] == first
        assert data["asks"][0]["limit_price"] == "50000.5"
        book = ClientOrders()
        book.apply(data)
        assert data["checksum"] == book.checksum()

        harness.place("bob", "buy", 500_005, BTC // 20)  # part of the first order: modify
        (data,) = (await client.channel("level3", "update"))["data"]
        assert data["asks"][0]["event"] == "modify" and data["asks"][0]["order_qty"] == "0.05000000"
        book.apply(data)
        assert data["checksum"] == book.checksum()

        harness.place("bob", "buy", 500_005, BTC // 4)  # the rest of the level: deletes
        (data,) = (await client.channel("level3", "update"))["data"]
        assert {entry["event"] for entry in data["asks"]} == {"delete"}
        book.apply(data)
        assert data["checksum"] == book.checksum()

        harness.place("alice", "sell", 500_001, BTC)  # add
        (data,) = (await client.channel("level3", "update"))["data"]
        assert data["asks"][0]["event"] == "add"
        book.apply(data)
        assert data["checksum"] == book.checksum()
        public = await harness.connect()
        on_public = await public.request(
            {
                "method": "subscribe",
                "params": {"channel": "level3", "symbol": ["BTC/USD"], "token": "nope"},
            }
        )
        assert on_public["error"] == "EAPI:Invalid token"
