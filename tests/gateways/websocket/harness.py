"""A Spot venue with both WebSocket v2 endpoints on ephemeral ports, and clients for them.

Everything is real: the venue journals to SQLite in a temporary directory, the endpoints are
aiohttp servers on loopback sockets, the clients are aiohttp's WebSocket client (literal JSON)
or python-kraken-sdk. Time is a manual clock: tests move it instead of sleeping."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from krakenbox.core.clock import ManualClock
from krakenbox.domain.catalogue_file import load_spot_catalogue
from krakenbox.domain.commands import CancelOrder, SubmitOrder
from krakenbox.domain.orders import OrderType, Side
from krakenbox.gateways.spot_context import SpotContext
from krakenbox.gateways.venue_loop import VenueLoop
from krakenbox.gateways.websocket import WebsocketSettings, start_websocket
from krakenbox.venue.directory import Directory, provision_demo
from krakenbox.venue.spot import SpotVenue
from tests.gateways.spot_fix.harness import START_NS, fund

TIMEOUT_S = 5.0


@dataclass
class Client:
    """An aiohttp WebSocket client that keeps every message it receives, decoded, numbers with
    a fraction as their literal text."""

    socket: aiohttp.ClientWebSocketResponse
    messages: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    raw: list[str] = field(default_factory=list)
    backlog: list[dict[str, Any]] = field(default_factory=list)
    task: asyncio.Task[None] | None = None

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type is aiohttp.WSMsgType.TEXT:
                self.raw.append(message.data)
                # Numbers with a fraction stay the text they were printed as ("30000.0").
                self.messages.put_nowait(json.loads(message.data, parse_float=str))

    async def send(self, message: dict[str, Any] | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        await self.socket.send_str(text)

    async def next(self, timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
        return await asyncio.wait_for(self.messages.get(), timeout_s)

    async def next_where(
        self, predicate: Callable[[dict[str, Any]], bool], timeout_s: float = TIMEOUT_S
    ) -> dict[str, Any]:
        """The first message (in arrival order) that ``predicate`` accepts; the ones passed
        over are kept for later calls."""
        for index, message in enumerate(self.backlog):
            if predicate(message):
                del self.backlog[index]
                return message
        while True:
            message = await self.next(timeout_s)
            if predicate(message):
                return message
            self.backlog.append(message)

    async def channel(self, name: str, kind: str | None = None) -> dict[str, Any]:
        return await self.next_where(
            lambda m: m.get("channel") == name and (kind is None or m.get("type") == kind)
        )

    async def reply(self, method: str | None = None) -> dict[str, Any]:
        """The next method reply (ack), skipping channel messages."""
        return await self.next_where(
            lambda m: "channel" not in m and (method is None or m.get("method") == method)
        )

    async def request(self, message: dict[str, Any] | str) -> dict[str, Any]:
        await self.send(message)
        return await self.reply()

    def pending(self) -> list[dict[str, Any]]:
        found, self.backlog = self.backlog, []
        while not self.messages.empty():
            found.append(self.messages.get_nowait())
        return found


@dataclass
class Harness:
    clock: ManualClock
    directory: Directory
    venue: SpotVenue
    loop: VenueLoop
    context: SpotContext
    public_url: str
    private_url: str
    accounts: list[str]
    session: aiohttp.ClientSession
    clients: list[Client] = field(default_factory=list)

    async def connect(self, url: str | None = None) -> Client:
        socket = await self.session.ws_connect(url or self.public_url, autoping=True)
        client = Client(socket)
        client.task = asyncio.get_running_loop().create_task(client._read())
        self.clients.append(client)
        status = await client.next()
        assert status["channel"] == "status", status
        return client

    async def private(self) -> Client:
        return await self.connect(self.private_url)

    def token(self, account: str) -> str:
        return self.context.tokens.issue(account, self.clock.now_ns()).token

    def place(
        self,
        account: str,
        side: str,
        price: int,
        quantity: int,
        *,
        pair: str = "XXBTZUSD",
        order_type: OrderType = OrderType.LIMIT,
    ) -> str:
        """An order straight into the venue (price units, lots), published at once; its id."""
        self.clock.advance(nanos=1_000)
        sequenced = self.venue.submit(
            SubmitOrder(
                account=account,
                side=Side(side),
                order_type=order_type,
                quantity=quantity,
                price=price if order_type is OrderType.LIMIT else None,
                timestamp=self.clock.now_ns(),
            ),
            pair,
        )
        self.venue.flush()
        return str(sequenced.events[0].order_id)

    def cancel(self, account: str, order_id: str, pair: str = "XXBTZUSD") -> None:
        self.clock.advance(nanos=1_000)
        self.venue.submit(
            CancelOrder(account=account, timestamp=self.clock.now_ns(), order_id=order_id), pair
        )
        self.venue.flush()


@contextlib.asynccontextmanager
async def running(tmp_path: Path, *, heartbeat_s: float = 60.0) -> AsyncIterator[Harness]:
    clock = ManualClock(START_NS)
    directory = Directory(":memory:", rng=random.Random(5))
    demo = provision_demo(directory, random.Random(5))
    venue = SpotVenue(load_spot_catalogue(), tmp_path / "journal.sqlite", seed=1)
    for name in demo:
        fund(venue, name, clock.now_ns())
    venue.flush()
    loop = VenueLoop(venue, clock)
    context = SpotContext.create(loop, directory, clock)
    settings = WebsocketSettings(heartbeat_s=heartbeat_s, seed=7)
    public, public_url = await start_websocket(context, "127.0.0.1", 0, False, settings=settings)
    private, private_url = await start_websocket(context, "127.0.0.1", 0, True, settings=settings)
    session = aiohttp.ClientSession()
    harness = Harness(
        clock, directory, venue, loop, context, public_url, private_url, sorted(demo), session
    )
    try:
        yield harness
    finally:
        for client in harness.clients:
            await client.socket.close()
            if client.task is not None:
                client.task.cancel()
        await session.close()
        await public.cleanup()
        await private.cleanup()
        await loop.stop()
        directory.close()
