"""What one L3 subscriber at depth N is sent (WS v2 ``level3`` at depth 10/100/1000).

The full-book L3 delta (:meth:`OrderBookView.apply`) goes to everyone subscribed to the whole
book; a depth-N subscriber needs it cut to its top N levels, plus every order of a level that
comes into range when a better one goes ("all orders of the next level are published", Kraken's
L3 guide), and deletes for the orders of a level pushed out of range. :class:`OrderDepthWindow`
keeps what the subscriber was sent and, after each command, compares only the levels the
command touched or that entered or left the range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.domain.orders import Side
from krakenbox.venue.market_data.orders import OrderAction, OrderChange

if TYPE_CHECKING:
    from collections.abc import Sequence

    from krakenbox.venue.market_data.orders import OrderBookView, RestingOrder

_Levels = dict[int, list["RestingOrder"]]


class OrderDepthWindow:
    __slots__ = ("_sent", "_view", "depth")

    def __init__(self, view: OrderBookView, depth: int) -> None:
        self._view = view
        self.depth = depth
        self._sent: dict[Side, _Levels] = {Side.BUY: {}, Side.SELL: {}}
        self.snapshot()

    def snapshot(self) -> dict[Side, list[tuple[int, list[RestingOrder]]]]:
        """Both sides' top N levels, best first, orders in queue order; the subscriber now has
        them."""
        levels = {side: self._view.levels(side, self.depth) for side in (Side.BUY, Side.SELL)}
        self._sent = {side: dict(side_levels) for side, side_levels in levels.items()}
        return levels

    def update(self, changes: Sequence[OrderChange]) -> list[OrderChange]:
        """The changes to send after a command whose full-book L3 delta was ``changes``.
        Deletes of orders that are still on the book but left the range are marked
        ``out_of_range``."""
        if not changes:
            return []
        time = changes[-1].event_time
        deletes: list[OrderChange] = []
        others: list[OrderChange] = []
        view = self._view
        for side in (Side.SELL, Side.BUY):
            sent = self._sent[side]
            target = dict(self._view.levels(side, self.depth))
            touched = {change.order.price for change in changes if change.order.side is side}
            prices = (touched & (sent.keys() | target.keys())) | (sent.keys() ^ target.keys())
            for price in sorted(prices, reverse=side is Side.BUY):
                old, new = sent.get(price, []), target.get(price, [])
                for change in _compare(old, new, time):
                    if change.action is not OrderAction.DELETE:
                        others.append(change)
                        continue
                    current = view.get(change.order.order_id)
                    if current is not None and current.price == price and price not in target:
                        # Still on the book, just out of range: say what it is now (it may
                        # also have traded in this command), not what was last sent.
                        change = OrderChange(OrderAction.DELETE, current, time, out_of_range=True)
                    deletes.append(change)
                if new:
                    sent[price] = new
                else:
                    sent.pop(price, None)
        # Deletes first: an order that moved between two levels in range leaves before it
        # arrives, whichever level comes first.
        return deletes + others


def _compare(old: list[RestingOrder], new: list[RestingOrder], time: int) -> list[OrderChange]:
    """Changes turning one level's sent orders into its current ones: modify while the queue
    agrees, then delete the rest of the old queue and add the rest of the new one."""
    result: list[OrderChange] = []
    common = 0
    while common < len(old) and common < len(new) and old[common].order_id == new[common].order_id:
        if old[common].quantity != new[common].quantity:
            result.append(OrderChange(OrderAction.MODIFY, new[common], time))
        common += 1
    for order in old[common:]:
        result.append(OrderChange(OrderAction.DELETE, order, time))
    for order in new[common:]:
        result.append(OrderChange(OrderAction.ADD, order, time))
    return result
