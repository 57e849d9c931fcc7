"""Every order the venue has seen, open and closed: the read model behind status requests and
REST's order queries, rebuilt from events like everything else.

:meth:`OrderRecords.apply` takes one event and returns the orders it changed, in their state
just after it (a trade changes two); gateways that render one report per event read the order
right there. Closed orders are kept (Kraken's ClosedOrders goes back in history); an account's
orders are listed in the order they were accepted. Each account's open orders are also indexed
on their own, so listing them costs what is open, not the account's whole history.

*Transient* accounts (the simulated market's participants) keep no history: their orders are
forgotten as they close. Nobody asks for it, and the simulated maker closes thousands of orders
an hour, which would otherwise grow memory and snapshots for ever.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.domain.events import (
    IcebergRefilled,
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderRested,
    OrderTriggered,
    TradeExecuted,
)
from krakenbox.domain.orders import Order

if TYPE_CHECKING:
    from collections.abc import Iterator

    from krakenbox.domain.events import Event

_ONE_ORDER_EVENTS = (
    OrderRested,
    IcebergRefilled,
    OrderAmended,
    OrderTriggered,
    OrderCanceled,
    OrderExpired,
)


class OrderRecords:
    """Orders by id and by account, kept current by applying events in sequence order."""

    __slots__ = ("_by_account", "_open_by_account", "_orders", "_pairs", "transient_accounts")

    def __init__(self, transient_accounts: frozenset[str] = frozenset()) -> None:
        self.transient_accounts = transient_accounts
        """Accounts whose closed orders are forgotten."""
        self._orders: dict[str, Order] = {}
        self._pairs: dict[str, str] = {}
        self._by_account: dict[str, dict[str, None]] = {}
        """Per account, the ids of its orders in the order they were accepted (dict keys:
        ordered, and a transient account's closed order leaves in one step)."""
        self._open_by_account: dict[str, dict[str, Order]] = {}
        """Per account, its open orders by id, in the order they were accepted."""

    def apply(self, event: Event, pair: str | None = None) -> tuple[Order, ...]:
        """Apply one event (of the book ``pair``); the orders it changed, as they are now."""
        if isinstance(event, OrderAccepted):
            order = Order(event)
            self._orders[order.order_id] = order
            if pair is not None:
                self._pairs[order.order_id] = pair
            self._by_account.setdefault(order.account, {})[order.order_id] = None
            if order.is_open:
                self._open_by_account.setdefault(order.account, {})[order.order_id] = order
            return (order,)
        if isinstance(event, TradeExecuted):
            changed = []
            for order_id in (event.taker_order_id, event.maker_order_id):
                traded = self._orders.get(order_id)
                if traded is not None:
                    traded.apply_trade(event)
                    self._forget_if_closed(traded)
                    changed.append(traded)
            return tuple(changed)
        if isinstance(event, _ONE_ORDER_EVENTS):
            found = self._orders.get(event.order_id)
            if found is not None:
                found.apply(event)
                self._forget_if_closed(found)
                return (found,)
        return ()

    def _forget_if_closed(self, order: Order) -> None:
        if order.is_open:
            return
        account, order_id = order.account, order.order_id
        open_orders = self._open_by_account.get(account)
        if open_orders is not None:
            open_orders.pop(order_id, None)
        if account in self.transient_accounts:
            del self._orders[order_id]
            self._pairs.pop(order_id, None)
            self._by_account[account].pop(order_id, None)

    def get(self, order_id: str) -> Order | None:
        return self._orders.get(order_id)

    def pair_of(self, order_id: str) -> str | None:
        """The REST pair key of the book the order was placed on."""
        return self._pairs.get(order_id)

    def of_account(self, account: str) -> Iterator[Order]:
        """The account's orders, oldest first."""
        orders = self._orders
        return (orders[order_id] for order_id in self._by_account.get(account, ()))

    def open_orders(self, account: str) -> list[Order]:
        """The account's open orders, oldest first."""
        return list(self._open_by_account.get(account, {}).values())

    def closed_orders(self, account: str) -> list[Order]:
        return [order for order in self.of_account(account) if not order.is_open]

    def __len__(self) -> int:
        return len(self._orders)
