"""The aiohttp server of one WebSocket v2 endpoint (public or authenticated).

On connect the client gets ``status``; each text frame is one request (:mod:`.requests`);
protocol-level pings are answered by aiohttp (``autoping``). Replies and updates are written
to the connection as they are produced (:class:`~.connection.Connection`); one timer per
endpoint sends a ``heartbeat`` to each subscribed connection that was sent nothing for
``heartbeat_s``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from aiohttp import WSMsgType, web

from krakenbox.gateways.websocket.connection import Connection, text_frame
from krakenbox.gateways.websocket.hub import Hub
from krakenbox.gateways.websocket.private import PrivateFeeds
from krakenbox.gateways.websocket.requests import Requests
from krakenbox.gateways.websocket.trading import Trading
from krakenbox.kraken.websocket.envelope import (
    HEARTBEAT,
    INVALID_ARGUMENTS,
    Refused,
    refusal,
    status,
)
from krakenbox.kraken.websocket.wire import encode

if TYPE_CHECKING:
    from krakenbox.gateways.spot_context import SpotContext

log = logging.getLogger(__name__)

PATH: Final = "/v2"
HEARTBEAT_FRAME: Final = text_frame(encode(HEARTBEAT))
MAXIMUM_FRAME_BYTES: Final = 16 * 1024 * 1024
"""aiohttp closes a connection that sends a larger frame (1009); smaller oversized requests are
refused with an error reply by :func:`~krakenbox.kraken.websocket.envelope.read_request`."""


@dataclass(frozen=True, slots=True)
class WebsocketSettings:
    heartbeat_s: float = 1.0
    path: str = PATH
    seed: int | None = None
    """Seed of the ``connection_id`` generator (None: random)."""


class WebsocketServer:
    """One endpoint: its hub on the venue, its request handler and its connections."""

    def __init__(
        self, context: SpotContext, *, authenticated: bool, settings: WebsocketSettings
    ) -> None:
        self.context = context
        self.settings = settings
        self.authenticated = authenticated
        self.hub = Hub(context.venue)
        trading = None
        if authenticated:
            self.hub.private = PrivateFeeds(context)
            trading = Trading(context, self.hub.private)
        self.requests = Requests(context, self.hub, authenticated=authenticated, trading=trading)
        if trading is not None:
            trading.requests = self.requests
        self._random = random.Random(settings.seed)
        self._numbers = itertools.count(1)
        self.sockets: dict[Connection, web.WebSocketResponse] = {}
        self._heartbeats: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Task[bool]] = set()
        context.venue.listen(self.hub)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        # No permessage-deflate: frames are written as they are, one framing for many readers.
        socket = web.WebSocketResponse(
            autoping=True, max_msg_size=MAXIMUM_FRAME_BYTES, compress=False
        )
        await socket.prepare(request)
        loop = asyncio.get_running_loop()
        connection = Connection(
            self._random.getrandbits(64),
            f"ws:{next(self._numbers)}",
            request.transport,
        )

        def overflowed() -> None:
            closing = loop.create_task(
                socket.close(code=1008, message=b"too many messages waiting")
            )
            self._closing.add(closing)
            closing.add_done_callback(self._closing.discard)

        connection.on_overflow = overflowed
        connection.socket_closed = lambda: socket.closed
        self.sockets[connection] = socket
        if self._heartbeats is None:
            self._heartbeats = loop.create_task(self._beat())
        connection.send(status(connection.connection_id))
        try:
            async for message in socket:
                time_in = self.context.clock.now_ns()
                if message.type is WSMsgType.TEXT:
                    self._handle(connection, message.data, time_in)
                elif message.type is WSMsgType.BINARY:
                    connection.send(refusal(Refused(INVALID_ARGUMENTS), time_in, time_in))
                elif message.type is WSMsgType.ERROR:
                    break
        finally:
            self.hub.drop(connection)
            self.sockets.pop(connection, None)
            connection.close()
        return socket

    def _handle(self, connection: Connection, text: str, time_in: int) -> None:
        try:
            self.requests.handle(connection, text, time_in)
        except Exception:
            log.exception("WebSocket request failed: %.200s", text)
            connection.send(refusal(Refused("EGeneral:Internal error"), time_in, time_in))

    async def _beat(self) -> None:
        """Send a ``heartbeat`` to every subscribed connection that was sent nothing for
        ``heartbeat_s`` (one timer for the endpoint)."""
        interval = self.settings.heartbeat_s
        while True:
            await asyncio.sleep(interval / 4)
            now = time.monotonic()
            for connection in list(self.sockets):
                if connection.subscribed and now - connection.last_sent >= interval:
                    connection.send_frame(HEARTBEAT_FRAME)

    @property
    def endpoint(self) -> str:
        return "private" if self.authenticated else "public"

    def connections(self) -> list[dict[str, Any]]:
        """Who is connected, for the admin API: an id (``public:ws:3``), the account of the
        private channels, and the subscriptions (``book:BTC/USD``, ``executions``)."""
        return [
            {
                "connection": f"{self.endpoint}:{connection.key}",
                "account": connection.account,
                "subscriptions": sorted(
                    [f"{channel.value}:{symbol}" for channel, symbol in connection.feeds]
                    + [channel.value for channel in connection.channels]
                ),
            }
            for connection in self.sockets
        ]

    def drop(self, connection_id: str) -> bool:
        """Cut the connection ``connection_id`` (as :meth:`connections` names it) without a
        close frame, as a network failure would; whether it was there."""
        for connection in self.sockets:
            if f"{self.endpoint}:{connection.key}" == connection_id:
                if connection.transport is not None:
                    connection.transport.abort()
                return True
        return False

    async def close(self) -> None:
        """Close every connection (server shutdown) and stop listening to the venue."""
        if self._heartbeats is not None:
            self._heartbeats.cancel()
            await asyncio.gather(self._heartbeats, return_exceptions=True)
        for connection, socket in list(self.sockets.items()):
            connection.close()
            with contextlib.suppress(Exception):
                await socket.close(code=1001, message=b"server shutdown")
        with contextlib.suppress(ValueError):
            self.context.venue.unlisten(self.hub)


SERVER_KEY: Final = web.AppKey("websocket_server", WebsocketServer)


def websocket_application(
    context: SpotContext,
    *,
    authenticated: bool,
    settings: WebsocketSettings | None = None,
) -> web.Application:
    """The aiohttp application of one endpoint: WebSocket v2 at ``settings.path`` (``/v2``)."""
    server = WebsocketServer(
        context, authenticated=authenticated, settings=settings or WebsocketSettings()
    )
    application = web.Application()
    application[SERVER_KEY] = server
    application.router.add_get(server.settings.path, server.handle)

    async def shutdown(_: web.Application) -> None:
        await server.close()

    application.on_shutdown.append(shutdown)
    return application


async def start_websocket(
    context: SpotContext,
    host: str,
    port: int,
    authenticated: bool,
    ssl_context: object | None = None,
    *,
    settings: WebsocketSettings | None = None,
) -> tuple[web.AppRunner, str]:
    """Serve one endpoint on ``host:port`` (0: any free port); the runner (``await
    runner.cleanup()`` to stop) and the endpoint's URL (``ws://127.0.0.1:8081/v2``)."""
    application = websocket_application(context, authenticated=authenticated, settings=settings)
    runner = web.AppRunner(application, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=ssl_context)  # type: ignore[arg-type]
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    scheme = "wss" if ssl_context is not None else "ws"
    shown = f"[{host}]" if ":" in host else host
    return runner, f"{scheme}://{shown}:{bound}{application[SERVER_KEY].settings.path}"
