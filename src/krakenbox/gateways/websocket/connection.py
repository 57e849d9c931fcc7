"""One WebSocket client's state: what it subscribed to, the tokens it used, and how its frames
leave.

Messages are written as WebSocket text frames straight to the connection's transport, in the
order they are produced (acks, snapshots and updates never overtake each other), without a task
or a queue per message: an update that many subscribers share is framed once
(:func:`text_frame`) and the same bytes are written to each. A client whose unsent data passes
:data:`MAXIMUM_BUFFERED` bytes has stopped reading and is closed (1008).
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from krakenbox.kraken.websocket.wire import encode

if TYPE_CHECKING:
    import asyncio

    from krakenbox.kraken.websocket.subscriptions import Channel, ChannelOptions

MAXIMUM_BUFFERED: Final = 16 * 1024 * 1024
"""Bytes a connection may have waiting in its transport before it is considered gone (a client
that stopped reading must not hold the venue's memory)."""

_FIN_TEXT: Final = 0x81
_SHORT: Final = struct.Struct("!BB")
_MEDIUM: Final = struct.Struct("!BBH")
_LONG: Final = struct.Struct("!BBQ")


def text_frame(text: str) -> bytes:
    """``text`` as one unmasked, uncompressed WebSocket text frame (server to client)."""
    payload = text.encode()
    length = len(payload)
    if length < 126:
        return _SHORT.pack(_FIN_TEXT, length) + payload
    if length < 65_536:
        return _MEDIUM.pack(_FIN_TEXT, 126, length) + payload
    return _LONG.pack(_FIN_TEXT, 127, length) + payload


@dataclass(eq=False, slots=True)
class Connection:
    connection_id: int
    """``status``'s ``connection_id`` (unsigned 64 bits)."""
    key: str
    """The origin session id of orders placed over this connection (``ws:<n>``)."""
    transport: asyncio.Transport | None = None
    on_overflow: Callable[[], None] | None = None
    socket_closed: Callable[[], bool] | None = None
    """Whether the WebSocket close handshake has begun (nothing may follow a close frame)."""
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
    last_sent: float = 0.0
    """When something was last sent (monotonic seconds): heartbeats fill silences."""
    overflowed: bool = False

    @property
    def subscribed(self) -> bool:
        return bool(self.feeds or self.channels)

    def send(self, message: dict[str, Any]) -> None:
        if not self.closed:
            self.send_frame(text_frame(encode(message)))

    def send_text(self, text: str) -> None:
        if not self.closed:
            self.send_frame(text_frame(text))

    def send_frame(self, frame: bytes) -> None:
        """Write one ready-made frame (see :func:`text_frame`)."""
        transport = self.transport
        if self.closed or transport is None:
            return
        if transport.is_closing() or (self.socket_closed is not None and self.socket_closed()):
            self.closed = True
            return
        transport.write(frame)
        self.last_sent = time.monotonic()
        if transport.get_write_buffer_size() > MAXIMUM_BUFFERED:
            self.overflowed = True
            self.closed = True
            if self.on_overflow is not None:
                self.on_overflow()

    def next_sequence(self, channel: Channel) -> int:
        """``sequence`` of executions and balances messages: 1, 2, 3... per channel."""
        value = self.sequences.get(channel, 0) + 1
        self.sequences[channel] = value
        return value

    def close(self) -> None:
        self.closed = True
