"""A price-time priority order book for one instrument: the resting orders, nothing else.

Each side keeps its price levels in a dict (price → :class:`Level`) and the level prices in a
sorted list of *sort keys* (the price for bids, minus the price for asks) so that the best level
is always the list's last element: finding it is ``keys[-1]``, removing it is ``keys.pop()``,
and a new level costs one ``bisect.insort``. A level is a dict order id → order, which keeps
insertion (time) order, removes any order in O(1), and yields the head with ``next(iter(...))``;
a level compacts its dict when removals pile up so the head stays cheap to reach.

The book only files orders: it never changes an :class:`~krakenbox.domain.orders.Order`
(events do that). It sums what orders show (``order.visible``) per level; when an event changes
an order's visible quantity the engine tells the book the difference. Every level whose size
changes is recorded in ``touched`` until the engine turns them into a ``BookChanged`` event.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import TYPE_CHECKING

from krakenbox.domain.orders import Side

if TYPE_CHECKING:
    from collections.abc import Iterator

    from krakenbox.domain.orders import Order

_BUY = Side.BUY
# A level rebuilds its dict once this many removals have accumulated (and outnumber the live
# orders): CPython leaves removed dict entries in place until a resize, and the head lookup
# would otherwise step over all of them.
_COMPACT_AFTER = 32


class Level:
    """The resting orders at one price, in time priority, and the quantity they show."""

    __slots__ = ("orders", "price", "quantity", "removed")

    def __init__(self, price: int) -> None:
        self.price = price
        self.orders: dict[str, Order] = {}
        self.quantity = 0
        self.removed = 0

    def head(self) -> Order:
        """The order first in the queue."""
        return next(iter(self.orders.values()))

    def discard(self, order_id: str) -> None:
        """Take an order out of the queue."""
        del self.orders[order_id]
        removed = self.removed + 1
        if removed > _COMPACT_AFTER and removed > len(self.orders):
            self.orders = dict(self.orders)
            removed = 0
        self.removed = removed


class BookSide:
    """One side of the book: levels by price and their sort keys, best last."""

    __slots__ = ("is_buy", "keys", "levels", "side")

    def __init__(self, side: Side) -> None:
        self.side = side
        self.is_buy = side is _BUY
        self.levels: dict[int, Level] = {}
        self.keys: list[int] = []

    def best_price(self) -> int | None:
        keys = self.keys
        if not keys:
            return None
        return keys[-1] if self.is_buy else -keys[-1]

    def best_level(self) -> Level | None:
        keys = self.keys
        if not keys:
            return None
        return self.levels[keys[-1] if self.is_buy else -keys[-1]]

    def levels_best_first(self) -> Iterator[Level]:
        levels = self.levels
        if self.is_buy:
            for key in reversed(self.keys):
                yield levels[key]
        else:
            for key in reversed(self.keys):
                yield levels[-key]

    def drop_level(self, price: int) -> None:
        """Forget an empty level."""
        del self.levels[price]
        keys = self.keys
        key = price if self.is_buy else -price
        if keys[-1] == key:
            keys.pop()
        else:
            del keys[bisect_left(keys, key)]

    def __len__(self) -> int:
        return len(self.levels)


class OrderBook:
    """Both sides of one instrument's book."""

    __slots__ = ("asks", "bids", "touched")

    def __init__(self) -> None:
        self.bids = BookSide(Side.BUY)
        self.asks = BookSide(Side.SELL)
        self.touched: list[tuple[BookSide, int]] = []

    def side(self, side: Side) -> BookSide:
        return self.bids if side is _BUY else self.asks

    # --- changes ----------------------------------------------------------------------------

    def add(self, order: Order) -> None:
        """Put an order at the back of its price level, showing ``order.visible``."""
        book_side = self.bids if order.side is _BUY else self.asks
        price: int = order.price  # type: ignore[assignment]  # resting orders have a price
        level = book_side.levels.get(price)
        if level is None:
            level = book_side.levels[price] = Level(price)
            insort(book_side.keys, price if book_side.is_buy else -price)
        level.orders[order.order_id] = order
        level.quantity += order.visible
        self.touched.append((book_side, price))

    def remove(self, order: Order) -> None:
        """Take an order off the book (before the event that closes it zeroes its quantity)."""
        book_side = self.bids if order.side is _BUY else self.asks
        price: int = order.price  # type: ignore[assignment]
        level = book_side.levels[price]
        level.discard(order.order_id)
        level.quantity -= order.visible
        if not level.orders:
            book_side.drop_level(price)
        self.touched.append((book_side, price))

    def resize(self, order: Order, difference: int) -> None:
        """An event changed what a resting order shows by ``difference``; it keeps its place."""
        book_side = self.bids if order.side is _BUY else self.asks
        price: int = order.price  # type: ignore[assignment]
        book_side.levels[price].quantity += difference
        self.touched.append((book_side, price))

    def requeue(self, order: Order, previous_visible: int) -> None:
        """Move an order to the back of its level (it lost its priority) after an event changed
        what it shows from ``previous_visible`` to ``order.visible``."""
        book_side = self.bids if order.side is _BUY else self.asks
        price: int = order.price  # type: ignore[assignment]
        level = book_side.levels[price]
        level.discard(order.order_id)
        level.orders[order.order_id] = order
        level.quantity += order.visible - previous_visible
        self.touched.append((book_side, price))

    def take_touched(self) -> tuple[tuple[Side, int, int], ...]:
        """The touched levels as ``(side, price, quantity now)``, each once, first touch first;
        forgets them."""
        touched = self.touched
        if len(touched) == 1:
            book_side, price = touched[0]
            touched.clear()
            level = book_side.levels.get(price)
            return ((book_side.side, price, 0 if level is None else level.quantity),)
        changes = []
        for book_side, price in dict.fromkeys(touched):
            level = book_side.levels.get(price)
            changes.append((book_side.side, price, 0 if level is None else level.quantity))
        touched.clear()
        return tuple(changes)

    # --- views --------------------------------------------------------------------------------

    def best_bid(self) -> int | None:
        return self.bids.best_price()

    def best_ask(self) -> int | None:
        return self.asks.best_price()

    def crosses(self, side: Side, price: int) -> bool:
        """Whether a limit order at ``price`` on ``side`` would trade on arrival."""
        if side is _BUY:
            best = self.asks.best_price()
            return best is not None and price >= best
        best = self.bids.best_price()
        return best is not None and price <= best

    def is_crossed(self) -> bool:
        bid, ask = self.bids.best_price(), self.asks.best_price()
        return bid is not None and ask is not None and bid >= ask

    def depth(self, side: Side, levels: int | None = None) -> list[tuple[int, int]]:
        """L2: ``(price, quantity shown)`` per level, best first, at most ``levels`` levels."""
        result: list[tuple[int, int]] = []
        for level in self.side(side).levels_best_first():
            if levels is not None and len(result) >= levels:
                break
            result.append((level.price, level.quantity))
        return result

    def orders_by_level(
        self, side: Side, levels: int | None = None
    ) -> list[tuple[int, list[Order]]]:
        """L3: each level's orders in queue order, best level first, at most ``levels`` levels."""
        result: list[tuple[int, list[Order]]] = []
        for level in self.side(side).levels_best_first():
            if levels is not None and len(result) >= levels:
                break
            result.append((level.price, list(level.orders.values())))
        return result

    def __len__(self) -> int:
        """Number of resting orders."""
        return sum(
            len(level.orders)
            for book_side in (self.bids, self.asks)
            for level in book_side.levels.values()
        )
