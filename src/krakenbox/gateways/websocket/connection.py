"""One WebSocket client's state: what it subscribed to, the tokens it used, and its outbox.

Everything a connection is sent goes through :meth:`Connection.send` (already-encoded text in
a queue), so acks, snapshots and updates leave in the order they were produced; the server's
writer task drains the queue and sends a ``heartbeat`` when a second passes with nothing sent.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from krakenbox.kraken.websocket.wire import encode

if TYPE_CHECKING:
    from krakenbox.kraken.websocket.subscriptions import Channel, ChannelOptions

MAXIMUM_QUEUED: Final = 100_000
"""Messages a connection may have waiting before it is considered gone (a client that stopped
reading must not hold the venue's memory)."""


@dataclass(eq=False, slots=True)
class Connection:
    connection_id: int
    """``status``'s ``connection_id`` (unsigned 64 bits)."""
    key: str
    """The origin session id of orders placed over this connection (``ws:<n>``)."""
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    feeds: dict[tuple[Channel, str], Any] = field(default_factory=dict)
    """Symbol-channel feeds by (channel, symbol)."""
    channels: dict[Channel, ChannelOptions] = field(default_factory=dict)
    """Channel-wide subscriptions (instrument, executions, balances, heartbeat)."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Tokens this connection used → their account: valid for the connection's life."""
    account: str | None = None
    """The account of the private channels (the token of the subscribe)."""
    sequences: dict[Channel, int] = field(default_factory=dict)
    closed: bool = False
    overflowed: bool = False
    """It stopped reading: more than :data:`MAXIMUM_QUEUED` messages waited (closed, 1008)."""

    @property
    def subscribed(self) -> bool:
        return bool(self.feeds or self.channels)

    def send(self, message: dict[str, Any]) -> None:
        if not self.closed:
            self.send_text(encode(message))

    def send_text(self, text: str) -> None:
        if self.closed:
            return
        if self.outbox.qsize() >= MAXIMUM_QUEUED:
            self.overflowed = True
            self.close()
            return
        self.outbox.put_nowait(text)

    def next_sequence(self, channel: Channel) -> int:
        """``sequence`` of executions and balances messages: 1, 2, 3... per channel."""
        value = self.sequences.get(channel, 0) + 1
        self.sequences[channel] = value
        return value

    def close(self) -> None:
        self.closed = True
        self.outbox.put_nowait(None)
