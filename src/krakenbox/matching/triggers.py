"""Conditional orders waiting for their trigger, watching one reference price (last or index).

Which way a trigger fires (Kraken: a stop-loss fires when the price reaches it "from an
unfavourable direction", a take-profit "from a favourable direction"):

* rising — fires when the price is at or above the trigger: buy stop-loss, sell take-profit;
* falling — fires when the price is at or below the trigger: sell stop-loss, buy take-profit;
* trailing — a sell trailing stop remembers the highest price seen since it was placed and fires
  when the price falls to ``highest - offset``; a buy trailing stop mirrors that with the lowest
  price and ``lowest + offset``. The offset is absolute or a percentage of the extreme.

Static triggers sit in two heaps (lowest rising trigger, highest falling trigger on top), so a
price that fires nothing costs two comparisons; removals are lazy. Trailing triggers move with
every price, so they are kept in a dict and scanned. Orders that fire together come out in the
order they were armed, which makes a cascade deterministic.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING

from krakenbox.domain.orders import Side

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order, PriceOffset

_BUY = Side.BUY


@dataclass(slots=True)
class Trailing:
    """A trailing stop's moving state."""

    order: Order
    sequence: int
    extreme: int | None
    """Highest (sell) or lowest (buy) price seen since the order was armed."""

    def trigger_price(self) -> int | None:
        extreme = self.extreme
        if extreme is None:
            return None
        return trailing_trigger(self.order.side, extreme, _offset(self.order))

    def observe(self, price: int) -> bool:
        """Take in a price; whether the trigger fires."""
        extreme = self.extreme
        is_sell = self.order.side is not _BUY
        if extreme is None or (price > extreme if is_sell else price < extreme):
            self.extreme = extreme = price
        distance = _offset(self.order).distance(extreme)
        return price <= extreme - distance if is_sell else price >= extreme + distance


@dataclass(frozen=True, slots=True)
class Fired:
    """A trigger that fired: the order, where its trigger stood and the price that crossed it."""

    order: Order
    trigger_price: int
    reference_price: int
    sequence: int


class TriggerBook:
    """Armed conditional orders for one reference price."""

    __slots__ = ("_armed", "_falling", "_rising", "_sequence", "_stale", "_trailing")

    def __init__(self) -> None:
        self._rising: list[tuple[int, int, Order]] = []
        self._falling: list[tuple[int, int, Order]] = []
        self._trailing: dict[str, Trailing] = {}
        self._armed: dict[str, int] = {}
        self._sequence = 0
        self._stale = 0

    def __len__(self) -> int:
        return len(self._armed)

    def __contains__(self, order_id: str) -> bool:
        return order_id in self._armed

    def arm(self, order: Order, reference: int | None) -> None:
        """Watch ``order``: a static trigger at ``order.trigger_price``, or a trailing one
        ``order.trailing_offset`` away from the best price seen, starting from ``reference``."""
        self._sequence += 1
        sequence = self._sequence
        self._armed[order.order_id] = sequence
        if order.trailing_offset is not None:
            self._trailing[order.order_id] = Trailing(order, sequence, reference)
            return
        trigger: int = order.trigger_price  # type: ignore[assignment]  # static trigger types
        if _fires_rising(order):
            heapq.heappush(self._rising, (trigger, sequence, order))
        else:
            heapq.heappush(self._falling, (-trigger, sequence, order))

    def disarm(self, order_id: str) -> None:
        """Stop watching an order (canceled, expired, amended or fired)."""
        if self._armed.pop(order_id, None) is None:
            return
        if self._trailing.pop(order_id, None) is None:
            self._stale += 1  # its heap entry stays until it surfaces or the heaps are rebuilt
            if self._stale > 64 and self._stale > len(self._armed):
                self._compact()

    def _compact(self) -> None:
        armed = self._armed
        self._rising = [entry for entry in self._rising if armed.get(entry[2].order_id) == entry[1]]
        self._falling = [
            entry for entry in self._falling if armed.get(entry[2].order_id) == entry[1]
        ]
        heapq.heapify(self._rising)
        heapq.heapify(self._falling)
        self._stale = 0

    def trailing_state(self, order_id: str) -> Trailing | None:
        return self._trailing.get(order_id)

    def observe(self, price: int) -> list[Fired]:
        """Take in a reference price; the orders whose trigger it reaches, in arming order.
        They are disarmed."""
        fired: list[Fired] = []
        armed = self._armed
        rising = self._rising
        while rising and rising[0][0] <= price:
            trigger, sequence, order = heapq.heappop(rising)
            if armed.get(order.order_id) == sequence:
                del armed[order.order_id]
                fired.append(Fired(order, trigger, price, sequence))
        falling = self._falling
        while falling and -falling[0][0] >= price:
            negated, sequence, order = heapq.heappop(falling)
            if armed.get(order.order_id) == sequence:
                del armed[order.order_id]
                fired.append(Fired(order, -negated, price, sequence))
        trailing = self._trailing
        if trailing:
            for order_id, state in list(trailing.items()):
                if state.observe(price):
                    stood = state.trigger_price()
                    assert stood is not None
                    del armed[order_id], trailing[order_id]
                    fired.append(Fired(state.order, stood, price, state.sequence))
        if len(fired) > 1:
            fired.sort(key=_by_sequence)
        return fired


def trailing_trigger(side: Side, extreme: int, offset: PriceOffset) -> int:
    """Where a trailing stop's trigger stands when the best price seen is ``extreme``."""
    distance = offset.distance(extreme)
    return extreme - distance if side is not _BUY else extreme + distance


def limit_after_trigger(side: Side, trigger_price: int, offset: PriceOffset, tick: int) -> int:
    """A trailing-stop-limit's limit: the trigger plus the signed ``offset``, on the tick grid,
    rounded to the less aggressive side. For a buy it rises with the trigger, and a buy
    trailing stop's trigger only falls, so the limit estimated when the order is placed bounds
    the one it gets when it fires."""
    limit = trigger_price + offset.distance(trigger_price)
    limit = limit // tick * tick if side is _BUY else -(-limit // tick) * tick
    return max(limit, tick)


def _offset(order: Order) -> PriceOffset:
    offset = order.trailing_offset
    assert offset is not None
    return offset


def _by_sequence(entry: Fired) -> int:
    return entry.sequence


def _fires_rising(order: Order) -> bool:
    """Buy stop-losses and sell take-profits fire on a rising price."""
    return order.order_type.is_stop_loss == (order.side is _BUY)
