"""The ``book`` channel, literal JSON: snapshot and updates at depth 10, numbers with the pair's
exact decimals, the checksum after every message, and the level that becomes visible when a
top-10 level goes."""

from __future__ import annotations

from pathlib import Path

from tests.gateways.spot_fix.harness import scenario
from tests.gateways.websocket.book_model import ClientBook
from tests.gateways.websocket.harness import Client, running

BTC = 10**8


@scenario
async def test_book_snapshot_updates_and_checksums(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        asks = {
            price: harness.place("alice", "sell", price, BTC // 4 + price % 7)
            for price in range(500_010, 500_130, 10)  # 12 ask levels: 50001.0 … 50012.0
        }
        bids = [harness.place("bob", "buy", 499_990 - 10 * step, BTC) for step in range(3)]
        client = await harness.connect()
        ack = await client.request(
            {
                "method": "subscribe",
                "params": {"channel": "book", "symbol": ["BTC/USD"]},
                "req_id": 1,
            }
        )
        assert ack["result"] == {
            "channel": "book",
            "depth": 10,
            "snapshot": True,
            "symbol": "BTC/USD",
        }
        snapshot = await client.channel("book", "snapshot")
        (data,) = snapshot["data"]
        assert data["symbol"] == "BTC/USD"
        assert len(data["asks"]) == 10 and len(data["bids"]) == 3
        assert data["asks"][0] == {"price": "50001.0", "qty": "0.25000000"}
        assert data["bids"][0] == {"price": "49999.0", "qty": "1.00000000"}
        assert '"qty":1.00000000' in client.raw[-1]  # trailing zeros on the wire
        book = ClientBook(10)
        book.apply(data)
        assert data["checksum"] == book.checksum()

        # the best ask goes: the 11th level (50011.0) becomes visible and is sent
        harness.cancel("alice", asks[500_010])
        update = await client.channel("book", "update")
        (data,) = update["data"]
        assert data["asks"] == [
            {"price": "50001.0", "qty": "0.00000000"},
            {"price": "50011.0", "qty": "0.25000002"},
        ]
        assert data["bids"] == []
        book.apply(data)
        assert data["checksum"] == book.checksum()
        assert data["timestamp"].endswith("Z")

        # a better ask pushes 50011.0 out: nothing is sent for it, the client truncates
        harness.place("alice", "sell", 500_005, BTC)
        (data,) = (await client.channel("book", "update"))["data"]
        assert data["asks"] == [{"price": "50000.5", "qty": "1.00000000"}]
        book.apply(data)
        assert data["checksum"] == book.checksum()

        # a trade takes part of the best ask; a bid goes
        harness.place("bob", "buy", 500_005, BTC // 2)
        (data,) = (await client.channel("book", "update"))["data"]
        assert data["asks"] == [{"price": "50000.5", "qty": "0.50000000"}]
        book.apply(data)
        assert data["checksum"] == book.checksum()
        harness.cancel("bob", bids[0])
        (data,) = (await client.channel("book", "update"))["data"]
        assert data["bids"] == [{"price": "49999.0", "qty": "0.00000000"}]
        book.apply(data)
        assert data["checksum"] == book.checksum()
        views = harness.venue.market_data["XXBTZUSD"].book
        assert len(book.asks) == 10 and book.top("asks")[0] == ("50000.5", "0.50000000")
        assert [int(p.replace(".", "")) for p, _ in book.top("asks")] == [
            price for price, _ in views.snapshot(10).asks
        ]


@scenario
async def test_depths_and_unsubscribe(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        for step in range(30):
            harness.place("alice", "sell", 500_010 + 10 * step, BTC)
        client = await harness.connect()
        for depth, expected in ((25, 25), (100, 30)):
            await client.send(
                {
                    "method": "subscribe",
                    "params": {"channel": "book", "symbol": ["BTC/USD"], "depth": depth},
                }
            )
            assert (await client.reply())["result"]["depth"] == depth
            (data,) = (await client.channel("book", "snapshot"))["data"]
            assert len(data["asks"]) == expected
            again = await client.request(
                {
                    "method": "subscribe",
                    "params": {"channel": "book", "symbol": ["BTC/USD"], "depth": 10},
                }
            )
            assert again["error"] == "Already subscribed"
            wrong = await client.request(
                {
                    "method": "unsubscribe",
                    "params": {"channel": "book", "symbol": ["BTC/USD"], "depth": 1000},
                }
            )
            assert wrong["error"] == "Subscription Not Found"
            gone = await client.request(
                {
                    "method": "unsubscribe",
                    "params": {"channel": "book", "symbol": ["BTC/USD"], "depth": depth},
                }
            )
            assert gone["result"] == {"channel": "book", "depth": depth, "symbol": "BTC/USD"}
        harness.place("alice", "sell", 500_000, BTC)
        pong = await client.request({"method": "ping"})
        assert pong["method"] == "pong"
        assert client.pending() == []  # unsubscribed: no update came
        no_snapshot = await client.request(
            {
                "method": "subscribe",
                "params": {
                    "channel": "book",
                    "symbol": ["BTC/USD"],
                    "snapshot": False,
                    "depth": 500,
                },
            }
        )
        assert no_snapshot["result"]["snapshot"] is False
        harness.place("alice", "sell", 499_990, BTC)
        update = await client.channel("book")
        assert update["type"] == "update"


@scenario
async def test_many_subscribers_share_one_rendering_and_stay_exact(tmp_path: Path) -> None:
    async with running(tmp_path) as harness:
        orders = [harness.place("alice", "sell", 500_010 + 10 * step, BTC) for step in range(30)]
        subscribers: list[tuple[Client, ClientBook]] = []

        async def join(depth: int) -> None:
            client = await harness.connect()
            await client.request(
                {
                    "method": "subscribe",
                    "params": {"channel": "book", "symbol": ["BTC/USD"], "depth": depth},
                }
            )
            (data,) = (await client.channel("book", "snapshot"))["data"]
            book = ClientBook(depth)
            book.apply(data)
            assert data["checksum"] == book.checksum()
            subscribers.append((client, book))

        async def check() -> None:
            for client, book in subscribers:
                (data,) = (await client.channel("book", "update"))["data"]
                book.apply(data)
                assert data["checksum"] == book.checksum()
                expected = harness.venue.market_data["XXBTZUSD"].book.snapshot(book.depth).asks
                assert [int(p.replace(".", "")) for p, _ in book.top("asks")] == [
                    price for price, _ in expected
                ]

        await join(10)
        await join(10)
        harness.cancel("alice", orders[0])
        await check()
        await join(10)  # joins a window already in use
        await join(25)
        for order_id in orders[1:4]:
            harness.cancel("alice", order_id)
            await check()
        first_raw = [client.raw[-1] for client, _ in subscribers[:3]]
        assert first_raw[0] == first_raw[1] == first_raw[2]
