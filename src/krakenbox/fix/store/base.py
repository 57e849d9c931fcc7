"""What a FIX session needs to remember between messages, connections and process restarts.

A :class:`MessageStore` keeps one session's sequence numbers, the raw bytes of every message it
sent (so a ResendRequest can be answered), and the time the current sequence began (so the
session can tell whether a daily reset boundary has passed since). Writes may be buffered until
:meth:`MessageStore.flush`, the durability point: the adapter calls it *before* writing the
session's output to the network, so nothing is ever sent that a crash could make us forget.
"""

from __future__ import annotations

from typing import Protocol


class MessageStore(Protocol):
    """One session's persistent state: sequence numbers and sent messages."""

    next_sender_seq: int
    """MsgSeqNum of the next message we send."""

    next_target_seq: int
    """MsgSeqNum we expect on the next message the counterparty sends."""

    @property
    def creation_time_ns(self) -> int:
        """When the current sequence began (creation or last reset), ns since the epoch UTC."""
        ...

    def save_outgoing(self, seq: int, raw: bytes) -> None:
        """Remember the exact bytes sent with MsgSeqNum ``seq``."""
        ...

    def outgoing(self, begin: int, end: int) -> list[tuple[int, bytes]]:
        """Stored messages with ``begin <= seq <= end``, in order (missing numbers are skipped)."""
        ...

    def reset(self, now_ns: int) -> None:
        """Start a new sequence: both numbers to 1, sent messages dropped, creation time = now."""
        ...

    def flush(self) -> None:
        """Make everything written so far durable (a no-op for memory)."""
        ...

    def close(self) -> None:
        """Flush and release resources; the store is not used afterwards."""
        ...
