"""L2: the book aggregated by price, kept from the engine's ``BookChanged`` events.

:class:`LevelBook` holds every price level of both sides (price units → lots shown) and answers
snapshots at any depth; :meth:`LevelBook.apply` takes one ``BookChanged`` and returns its
:class:`LevelChange` list (the per-command L2 delta for FIX 35=X, WS ``book`` updates).
:class:`DepthWindow` turns that into what a depth-N subscriber must be sent (WS v2 §4.2's
"newly visible level" rule, FIX's delete-with-size for levels leaving the subscribed depth).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import TYPE_CHECKING

from krakenbox.domain.orders import Side
from krakenbox.domain.records import fast_init

if TYPE_CHECKING:
    from krakenbox.domain.events import BookChanged

CHECKSUM_DEPTH = 10
"""Kraken's book checksums (WS v2 ``checksum``, FIX 5041) cover the top 10 levels per side."""


@fast_init
@dataclass(frozen=True, slots=True)
class LevelChange:
    """One price level's new size; ``quantity`` 0 means the level is gone. ``out_of_range``
    (only from :class:`DepthWindow`) means the level still exists, with ``quantity``, but left
    the subscribed depth: FIX sends a delete with that size, WS sends nothing."""

    side: Side
    price: int
    quantity: int
    out_of_range: bool = False


@dataclass(frozen=True, slots=True)
class BookSnapshot:
    """Both sides best first: bids high → low, asks low → high, as every protocol lists them."""

    bids: tuple[tuple[int, int], ...]
    asks: tuple[tuple[int, int], ...]
    timestamp: int


class _Side:
    """One side's levels: a dict for sizes and a sorted price list for order."""

    __slots__ = ("descending", "prices", "sizes", "times")

    def __init__(self, descending: bool) -> None:
        self.descending = descending
        self.prices: list[int] = []
        self.sizes: dict[int, int] = {}
        self.times: dict[int, int] = {}

    def set(self, price: int, quantity: int, time: int) -> None:
        known = price in self.sizes
        if quantity == 0:
            if known:
                del self.sizes[price]
                del self.times[price]
                del self.prices[bisect_left(self.prices, price)]
            return
        self.sizes[price] = quantity
        self.times[price] = time
        if not known:
            insort(self.prices, price)

    def chosen(self, levels: int | None) -> list[int]:
        prices = self.prices
        if self.descending:
            start = 0 if levels is None else max(0, len(prices) - levels)
            return prices[start:][::-1]
        return prices if levels is None else prices[:levels]

    def top(self, levels: int | None) -> tuple[tuple[int, int], ...]:
        sizes = self.sizes
        return tuple((price, sizes[price]) for price in self.chosen(levels))

    def best(self) -> tuple[int, int] | None:
        if not self.prices:
            return None
        price = self.prices[-1] if self.descending else self.prices[0]
        return price, self.sizes[price]


class LevelBook:
    """Every price level of one instrument's book, from ``BookChanged`` events."""

    __slots__ = ("_asks", "_bids", "timestamp")

    def __init__(self) -> None:
        # Two attributes picked by identity: Enum hashing runs in Python and this is per event.
        self._bids = _Side(descending=True)
        self._asks = _Side(descending=False)
        self.timestamp = 0
        """The time of the last change (nanoseconds), for REST Depth's per-level time."""

    def apply(self, event: BookChanged) -> list[LevelChange]:
        """Apply one command's L2 delta; the changes, in the engine's order."""
        changes = []
        for side, price, quantity in event.levels:
            (self._bids if side is Side.BUY else self._asks).set(price, quantity, event.timestamp)
            changes.append(LevelChange(side, price, quantity))
        self.timestamp = event.timestamp
        return changes

    def levels(self, side: Side, depth: int | None = None) -> tuple[tuple[int, int], ...]:
        """``(price, lots)`` best first, at most ``depth`` levels (None: all)."""
        return self._side(side).top(depth)

    def levels_with_time(
        self, side: Side, depth: int | None = None
    ) -> tuple[tuple[int, int, int], ...]:
        """``(price, lots, time of the level's last change)`` best first: REST Depth rows,
        FIX 273 MDEntryTime."""
        book_side = self._side(side)
        sizes, times = book_side.sizes, book_side.times
        return tuple((price, sizes[price], times[price]) for price in book_side.chosen(depth))

    def snapshot(self, depth: int | None = None) -> BookSnapshot:
        return BookSnapshot(
            self.levels(Side.BUY, depth), self.levels(Side.SELL, depth), self.timestamp
        )

    def best(self, side: Side) -> tuple[int, int] | None:
        """The best level ``(price, lots)`` of a side, if any."""
        return self._side(side).best()

    def quantity_at(self, side: Side, price: int) -> int:
        return self._side(side).sizes.get(price, 0)

    def checksum_levels(self) -> BookSnapshot:
        """The top 10 levels per side a Kraken checksum covers, in checksum order (asks
        ascending, bids descending); ``kraken/`` formats and CRCs them."""
        return self.snapshot(CHECKSUM_DEPTH)

    def _side(self, side: Side) -> _Side:
        return self._bids if side is Side.BUY else self._asks

    def level_count(self, side: Side) -> int:
        return len(self._side(side).prices)


class DepthWindow:
    """What one depth-N subscriber has been sent, and the changes to send next.

    Call :meth:`update` after each command the book view applied; it diffs the subscriber's
    last top-N with the current one: levels that changed or came into range get their size,
    levels gone from the book get 0, levels still in the book but pushed out of range come
    with ``out_of_range=True``. Cost is O(N) per command.
    """

    __slots__ = ("_book", "_sent", "depth")

    def __init__(self, book: LevelBook, depth: int) -> None:
        self._book = book
        self.depth = depth
        self._sent: dict[Side, dict[int, int]] = {
            side: dict(book.levels(side, depth)) for side in (Side.BUY, Side.SELL)
        }

    def snapshot(self) -> BookSnapshot:
        snapshot = self._book.snapshot(self.depth)
        self._sent = {Side.BUY: dict(snapshot.bids), Side.SELL: dict(snapshot.asks)}
        return snapshot

    def update(self) -> list[LevelChange]:
        changes: list[LevelChange] = []
        for side in (Side.SELL, Side.BUY):
            sent = self._sent[side]
            now = dict(self._book.levels(side, self.depth))
            for price in sent:
                if price not in now:
                    remaining = self._book.quantity_at(side, price)
                    changes.append(LevelChange(side, price, remaining, out_of_range=remaining > 0))
            for price, quantity in now.items():
                if sent.get(price) != quantity:
                    changes.append(LevelChange(side, price, quantity))
            self._sent[side] = now
        return changes
