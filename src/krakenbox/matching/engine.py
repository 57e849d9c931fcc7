"""The Spot book engine's façade: one instrument, commands in, events out.

``SpotBook.handle(command)`` is the whole interface that changes anything. It is pure and
deterministic: no I/O, no clock (time is the command's timestamp), ids from the injected id
sources, trade ids counted per book, and every collection it iterates ordered by insertion; the
same commands from the same starting point give the same events, event for event.

Accounts, holds and fees are not here: :class:`~krakenbox.matching.state.FundsCheck` is the
hook through which the accounts can refuse an order after validation and before it trades or
rests, and everything else they need follows from the events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from krakenbox.domain.commands import (
    AdvanceTime,
    AmendOrder,
    CancelAll,
    CancelAllAfter,
    CancelOrder,
    ChangeMarketStatus,
    EditOrder,
    MassCancel,
    SubmitOrder,
    UpdateIndexPrice,
)
from krakenbox.domain.events import BookChanged, IndexPriceUpdated, MarketStatusChanged
from krakenbox.domain.instruments import MarketStatus
from krakenbox.matching.amending import amend, edit
from krakenbox.matching.canceling import advance, cancel, cancel_all, cancel_all_after, mass_cancel
from krakenbox.matching.placing import check_armed, fire_index_triggers, fire_triggers, submit
from krakenbox.matching.state import BookState

if TYPE_CHECKING:
    from collections.abc import Callable

    from krakenbox.domain.commands import Command
    from krakenbox.domain.events import Event
    from krakenbox.domain.orders import Order, Side
    from krakenbox.matching.book import OrderBook
    from krakenbox.matching.rules import BookRules
    from krakenbox.matching.state import FundsCheck, IdSource


def _advance_time(state: BookState, command: AdvanceTime) -> None:
    """Nothing to do beyond what every command does first (see :func:`advance`)."""


def _update_index(state: BookState, command: UpdateIndexPrice) -> None:
    state.index_price = command.price
    state.events.append(IndexPriceUpdated(command.price, command.timestamp))
    fire_index_triggers(state, command.timestamp)


def _change_status(state: BookState, command: ChangeMarketStatus) -> None:
    state.status = command.status
    state.events.append(MarketStatusChanged(command.status, command.timestamp))
    # Triggers paused while the market could not trade look again at where prices are.
    for order in [order for order in state.orders.values() if order.triggered is False]:
        if order.status.is_open and order.triggered is False:
            check_armed(state, order, command.timestamp)


_HANDLERS: dict[type[Any], Callable[[BookState, Any], None]] = {
    SubmitOrder: submit,
    CancelOrder: cancel,
    AmendOrder: amend,
    EditOrder: edit,
    CancelAll: cancel_all,
    MassCancel: mass_cancel,
    CancelAllAfter: cancel_all_after,
    AdvanceTime: _advance_time,
    UpdateIndexPrice: _update_index,
    ChangeMarketStatus: _change_status,
}


class SpotBook:
    """One Spot instrument's matching engine."""

    __slots__ = ("_state", "market_data")

    def __init__(
        self,
        rules: BookRules,
        *,
        order_ids: IdSource,
        execution_ids: IdSource,
        status: MarketStatus = MarketStatus.ONLINE,
        funds: FundsCheck | None = None,
        market_data: bool = True,
        first_trade_id: int = 1,
    ) -> None:
        self._state = BookState(
            rules,
            order_ids,
            execution_ids,
            status=status,
            funds=funds,
            first_trade_id=first_trade_id,
        )
        self.market_data = market_data
        """Whether commands that change the book end with a ``BookChanged`` (L2 delta)."""

    def handle(self, command: Command) -> list[Event]:
        """Carry out one command; the events it caused, in order."""
        state = self._state
        events: list[Event] = []
        state.events = events
        now = command.timestamp
        if now >= state.next_deadline:
            advance(state, now)
        _HANDLERS[type(command)](state, command)
        if state.trade_prices:
            fire_triggers(state, now)
        touched = state.book.touched
        if touched:
            if not self.market_data:
                touched.clear()
            elif len(touched) == 1:  # OrderBook.take_touched's common case, inlined
                book_side, price = touched[0]
                touched.clear()
                level = book_side.levels.get(price)
                quantity = 0 if level is None else level.quantity
                events.append(BookChanged(((book_side.side, price, quantity),), now))
            else:
                events.append(BookChanged(state.book.take_touched(), now))
        return events

    # --- views ------------------------------------------------------------------------------

    @property
    def book(self) -> OrderBook:
        return self._state.book

    @property
    def rules(self) -> BookRules:
        return self._state.rules

    @property
    def status(self) -> MarketStatus:
        return self._state.status

    @property
    def last_price(self) -> int | None:
        return self._state.last_price

    @property
    def index_price(self) -> int | None:
        return self._state.index_price

    @property
    def next_trade_id(self) -> int:
        return self._state.next_trade_id

    @property
    def next_deadline(self) -> int:
        """When the next GTD expiry or dead man's switch falls due (nanoseconds; a far-future
        sentinel when nothing is timed): the venue sends ``AdvanceTime`` then."""
        return self._state.next_deadline

    def order(self, order_id: str) -> Order | None:
        """An open order by id (closed orders are forgotten)."""
        return self._state.orders.get(order_id)

    def has_order(self, order_id: str) -> bool:
        """Whether the order is open on this book."""
        return order_id in self._state.orders

    def open_orders(self, account: str | None = None) -> list[Order]:
        """Open orders (of one account), oldest first."""
        if account is None:
            return list(self._state.orders.values())
        return self._state.orders_of(account)

    def depth(self, side: Side, levels: int | None = None) -> list[tuple[int, int]]:
        """L2: ``(price, quantity shown)`` per level, best first."""
        return self._state.book.depth(side, levels)

    def orders_by_level(
        self, side: Side, levels: int | None = None
    ) -> list[tuple[int, list[Order]]]:
        """L3: each level's resting orders in queue order, best level first."""
        return self._state.book.orders_by_level(side, levels)

    def dead_man_switch(self, account: str) -> int | None:
        """When the account's dead man's switch fires, if armed."""
        return self._state.dead_man_switches.get(account)
