"""Kraken's Spot WebSocket API v2 over aiohttp: a public and an authenticated endpoint, each its
own application (``docs/websocket.md``)."""

from krakenbox.gateways.websocket.server import (
    SERVER_KEY,
    WebsocketServer,
    WebsocketSettings,
    start_websocket,
    websocket_application,
)

__all__ = [
    "SERVER_KEY",
    "WebsocketServer",
    "WebsocketSettings",
    "start_websocket",
    "websocket_application",
]
