"""REST Spread: the best bid and ask each time either price changed, last 200 kept."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from krakenbox.domain.records import fast_init

SPREAD_CAPACITY = 200


@fast_init
@dataclass(frozen=True, slots=True)
class SpreadEntry:
    """Best prices after a command that moved either; None when that side is empty."""

    timestamp: int
    bid: int | None
    ask: int | None


class SpreadHistory:
    __slots__ = ("_entries",)

    def __init__(self, capacity: int = SPREAD_CAPACITY) -> None:
        self._entries: deque[SpreadEntry] = deque(maxlen=capacity)

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, timestamp: int, bid: int | None, ask: int | None) -> SpreadEntry | None:
        """Keep the best prices if either moved; the new entry, or None if nothing moved."""
        entries = self._entries
        if entries and entries[-1].bid == bid and entries[-1].ask == ask:
            return None
        if not entries and bid is None and ask is None:
            return None
        entry = SpreadEntry(timestamp, bid, ask)
        entries.append(entry)
        return entry

    def since(self, since: int | None = None) -> list[SpreadEntry]:
        """Entries strictly after ``since`` (nanoseconds), oldest first."""
        return [entry for entry in self._entries if since is None or entry.timestamp > since]
