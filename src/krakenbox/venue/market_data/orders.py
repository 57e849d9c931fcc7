"""L3: the book order by order, kept from the engine's order events.

Only resting visible orders are shown (Kraken's L3 guide: no in-flight orders, unmatched market
orders, untriggered stops or hidden iceberg quantity). Each command's events become
:class:`OrderChange` entries — add / modify / delete — for WS v2 ``level3`` and FIX L3 (266=N).
A change of queue position (an amend that loses priority, an iceberg refill) is a delete then an
add, the only way those feeds can say "moved to the back"; a modify keeps the place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from krakenbox.domain.events import (
    IcebergRefilled,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderRested,
    TradeExecuted,
)
from krakenbox.domain.orders import Side
from krakenbox.domain.records import fast_init
from krakenbox.venue.market_data.levels import CHECKSUM_DEPTH

if TYPE_CHECKING:
    from collections.abc import Iterable

    from krakenbox.domain.events import Event


class OrderAction(enum.Enum):
    ADD = "add"
    MODIFY = "modify"
    DELETE = "delete"


@fast_init
@dataclass(frozen=True, slots=True)
class RestingOrder:
    """One visible order: ``queue_time`` is when it joined the back of its level (FIX 5273),
    ``timestamp`` its last change (FIX 5060, WS ``timestamp``)."""

    order_id: str
    side: Side
    price: int
    quantity: int
    queue_time: int
    timestamp: int


@fast_init
@dataclass(frozen=True, slots=True)
class OrderChange:
    """One L3 delta entry; on DELETE ``order`` is the order as it was last shown, and
    ``event_time`` is when it left. ``out_of_range`` (only from a depth window) marks a delete
    of an order still on the book whose level left the subscribed depth."""

    action: OrderAction
    order: RestingOrder
    event_time: int
    out_of_range: bool = False


class OrderBookView:
    """Every resting visible order of one instrument, by side and price level, queue order
    kept (dicts keep insertion order, so the back of a level is the end of its dict)."""

    __slots__ = ("_asks", "_bids", "_orders")

    def __init__(self) -> None:
        self._orders: dict[str, RestingOrder] = {}
        self._bids: dict[int, dict[str, None]] = {}
        self._asks: dict[int, dict[str, None]] = {}

    def __len__(self) -> int:
        return len(self._orders)

    def get(self, order_id: str) -> RestingOrder | None:
        return self._orders.get(order_id)

    def apply(self, events: Iterable[Event]) -> list[OrderChange]:
        """Apply one command's events; the L3 changes in the order they happened."""
        changes: list[OrderChange] = []
        exhausted: dict[str, RestingOrder] = {}
        for event in events:
            kind = type(event)
            if kind is OrderRested:
                self._rested(event, changes)  # type: ignore[arg-type]
            elif kind is TradeExecuted:
                self._traded(event, changes, exhausted)  # type: ignore[arg-type]
            elif kind is IcebergRefilled:
                self._refilled(event, changes, exhausted)  # type: ignore[arg-type]
            elif kind is OrderAmended:
                self._amended(event, changes)  # type: ignore[arg-type]
            elif kind is OrderCanceled or kind is OrderExpired:
                order = self._orders.get(event.order_id)  # type: ignore[union-attr]
                if order is not None:
                    self._delete(order, event.timestamp, changes)
        return changes

    def levels(self, side: Side, depth: int | None = None) -> list[tuple[int, list[RestingOrder]]]:
        """Each level's orders in queue order, best level first, at most ``depth`` levels."""
        book = self._bids if side is Side.BUY else self._asks
        prices = sorted(book, reverse=side is Side.BUY)
        if depth is not None:
            prices = prices[:depth]
        return [(price, [self._orders[order_id] for order_id in book[price]]) for price in prices]

    def checksum_levels(
        self,
    ) -> tuple[list[tuple[int, list[RestingOrder]]], list[tuple[int, list[RestingOrder]]]]:
        """``(asks, bids)``: the top 10 levels per side, each order in queue order, as the WS v2
        level3 checksum iterates them (asks ascending, then bids descending)."""
        return self.levels(Side.SELL, CHECKSUM_DEPTH), self.levels(Side.BUY, CHECKSUM_DEPTH)

    # --- event handlers ---------------------------------------------------------------------

    def _add(self, order: RestingOrder, changes: list[OrderChange]) -> None:
        self._orders[order.order_id] = order
        book = self._bids if order.side is Side.BUY else self._asks
        level = book.get(order.price)
        if level is None:
            book[order.price] = {order.order_id: None}
        else:
            level[order.order_id] = None
        changes.append(OrderChange(OrderAction.ADD, order, order.timestamp))

    def _delete(self, order: RestingOrder, time: int, changes: list[OrderChange]) -> None:
        del self._orders[order.order_id]
        book = self._bids if order.side is Side.BUY else self._asks
        level = book[order.price]
        del level[order.order_id]
        if not level:
            del book[order.price]
        changes.append(OrderChange(OrderAction.DELETE, order, time))

    def _modify(self, order: RestingOrder, changes: list[OrderChange]) -> None:
        self._orders[order.order_id] = order
        changes.append(OrderChange(OrderAction.MODIFY, order, order.timestamp))

    def _rested(self, event: OrderRested, changes: list[OrderChange]) -> None:
        if event.visible_quantity > 0:
            order = RestingOrder(
                event.order_id,
                event.side,
                event.price,
                event.visible_quantity,
                event.timestamp,
                event.timestamp,
            )
            self._add(order, changes)

    def _traded(
        self,
        event: TradeExecuted,
        changes: list[OrderChange],
        exhausted: dict[str, RestingOrder],
    ) -> None:
        order = self._orders.get(event.maker_order_id)
        if order is None:
            return
        left = order.quantity - event.quantity
        if left > 0:
            self._modify(replace(order, quantity=left, timestamp=event.timestamp), changes)
        else:
            self._delete(order, event.timestamp, changes)
            exhausted[order.order_id] = order

    def _refilled(
        self,
        event: IcebergRefilled,
        changes: list[OrderChange],
        exhausted: dict[str, RestingOrder],
    ) -> None:
        order = exhausted.pop(event.order_id, None) or self._orders.get(event.order_id)
        if order is None:
            return
        if order.order_id in self._orders:
            self._delete(order, event.timestamp, changes)
        now = event.timestamp
        self._add(
            replace(order, quantity=event.visible_quantity, queue_time=now, timestamp=now), changes
        )

    def _amended(self, event: OrderAmended, changes: list[OrderChange]) -> None:
        order = self._orders.get(event.order_id)
        if order is None:
            return
        now = event.timestamp
        price = order.price if event.price is None else event.price
        if event.visible_quantity == 0:
            self._delete(order, now, changes)
        elif event.priority_kept and price == order.price:
            self._modify(replace(order, quantity=event.visible_quantity, timestamp=now), changes)
        else:
            self._delete(order, now, changes)
            moved = replace(
                order, price=price, quantity=event.visible_quantity, queue_time=now, timestamp=now
            )
            self._add(moved, changes)
