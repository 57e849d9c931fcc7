"""Everything one book's engine remembers, as plain data, apart from the logic that changes it
(:mod:`~krakenbox.matching.placing`, :mod:`~krakenbox.matching.amending`,
:mod:`~krakenbox.matching.canceling`, :mod:`~krakenbox.matching.matcher`), plus the few helpers
they all use to file and close orders.

Only open orders are kept: a filled, canceled or expired order is forgotten (the venue keeps
history from the events).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Protocol

from krakenbox.domain.events import OrderCanceled
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import TriggerReference
from krakenbox.matching.book import OrderBook
from krakenbox.matching.triggers import TriggerBook

if TYPE_CHECKING:
    from krakenbox.domain.commands import SubmitOrder
    from krakenbox.domain.events import Event, OrderExpired, RejectReason
    from krakenbox.domain.orders import Order
    from krakenbox.matching.rules import BookRules

_INDEX = TriggerReference.INDEX
NEVER = 1 << 127
"""A deadline that is never reached."""


class IdSource(Protocol):
    """Issues the next id of one kind (:class:`krakenbox.core.ids.IdGenerator` is one)."""

    def next_id(self) -> str: ...


class FundsCheck(Protocol):
    """The accounts' say before an order can trade or rest (the hook between validation and
    matching). It answers only; holds follow the events (reserved when an order is accepted,
    released as it trades, is canceled or expires)."""

    def check_order(self, request: SubmitOrder, replacing: Order | None) -> RejectReason | None:
        """Whether the account can afford ``request`` (replacing ``replacing``, for an edit)."""
        ...

    def check_amend(self, order: Order, quantity: int, price: int | None) -> RejectReason | None:
        """Whether the account can afford ``order`` at its new quantity and price."""
        ...

    def check_triggered(
        self, order: Order, limit_price: int | None, events: list[Event]
    ) -> RejectReason | None:
        """Whether the account can afford ``order``, whose trigger has just fired, as the live
        order it becomes: a limit order at ``limit_price``, or (None) a market order against
        the book as it stands. ``events`` are the command's events so far (the accounts
        catch up on them first: the trades that fired the trigger have moved money). A
        refusal cancels the order (``CancelReason.INSUFFICIENT_FUNDS``) instead of trading."""
        ...


class BookState:
    """One book's engine state."""

    __slots__ = (
        "book",
        "by_client_id",
        "dead_man_switches",
        "events",
        "execution_ids",
        "expiries",
        "funds",
        "index_price",
        "index_triggers",
        "last_price",
        "last_triggers",
        "next_deadline",
        "next_trade_id",
        "open_counts",
        "order_ids",
        "orders",
        "rules",
        "status",
        "trade_prices",
    )

    def __init__(
        self,
        rules: BookRules,
        order_ids: IdSource,
        execution_ids: IdSource,
        *,
        status: MarketStatus = MarketStatus.ONLINE,
        funds: FundsCheck | None = None,
        first_trade_id: int = 1,
    ) -> None:
        self.rules = rules
        self.status = status
        self.order_ids = order_ids
        self.execution_ids = execution_ids
        self.funds = funds
        self.book = OrderBook()
        self.orders: dict[str, Order] = {}
        self.open_counts: dict[str, int] = {}
        self.by_client_id: dict[tuple[str, str], Order] = {}
        self.last_triggers = TriggerBook()
        self.index_triggers = TriggerBook()
        self.last_price: int | None = None
        self.index_price: int | None = None
        self.trade_prices: list[int] = []
        self.next_trade_id = first_trade_id
        self.expiries: list[tuple[int, str]] = []
        self.dead_man_switches: dict[str, int] = {}
        self.next_deadline = NEVER
        self.events: list[Event] = []

    # --- filing ---------------------------------------------------------------------------

    def register(self, order: Order) -> None:
        """File a newly accepted order."""
        order_id = order.order_id
        self.orders[order_id] = order
        counts = self.open_counts
        counts[order.account] = counts.get(order.account, 0) + 1
        if order.client_order_id is not None:
            self.by_client_id[order.account, order.client_order_id] = order
        expire_time = order.request.expire_time
        if expire_time is not None:
            heapq.heappush(self.expiries, (expire_time, order_id))
            if expire_time < self.next_deadline:
                self.next_deadline = expire_time

    def forget(self, order: Order) -> None:
        """Unfile an order that is no longer open."""
        del self.orders[order.order_id]
        self.open_counts[order.account] -= 1
        if order.client_order_id is not None:
            self.by_client_id.pop((order.account, order.client_order_id), None)

    def open_count(self, account: str) -> int:
        return self.open_counts.get(account, 0)

    def orders_of(self, account: str) -> list[Order]:
        """The account's open orders, oldest first (a scan: cancel-all and friends are rare)."""
        if not self.open_counts.get(account):
            return []
        return [order for order in self.orders.values() if order.account == account]

    def find(self, account: str, order_id: str | None, client_order_id: str | None) -> Order | None:
        """An open order of ``account`` by id (preferred) or client order id."""
        if order_id is not None:
            order = self.orders.get(order_id)
            return order if order is not None and order.account == account else None
        if client_order_id is not None:
            return self.by_client_id.get((account, client_order_id))
        return None

    def triggers_for(self, order: Order) -> TriggerBook:
        reference = order.request.trigger_reference
        return self.index_triggers if reference is _INDEX else self.last_triggers

    # --- closing --------------------------------------------------------------------------

    def close(self, order: Order, event: OrderCanceled | OrderExpired) -> None:
        """Take an open order off the book (or out of its trigger book), apply the event that
        closes it, record the event and unfile the order."""
        if order.resting:
            self.book.remove(order)
        elif order.triggered is False:
            self.triggers_for(order).disarm(order.order_id)
        if type(event) is OrderCanceled:
            order.apply_canceled(event)
        else:
            order.apply_expired(event)  # type: ignore[arg-type]  # the other kind
        self.events.append(event)
        # forget(), inlined: every cancel comes through here.
        order_id = order.order_id
        del self.orders[order_id]
        account = order.account
        self.open_counts[account] -= 1
        client_order_id = order.client_order_id
        if client_order_id is not None:
            self.by_client_id.pop((account, client_order_id), None)

    def recompute_deadline(self) -> None:
        expiries = self.expiries
        deadline = expiries[0][0] if expiries else NEVER
        if self.dead_man_switches:
            deadline = min(deadline, *self.dead_man_switches.values())
        self.next_deadline = deadline
