"""The order model: what an order is, the states it goes through, and how events change it.

Numbers are integers (DESIGN.md): prices in the instrument's price units, quantities in lots,
quote amounts in price units × lots. The units themselves are the instrument's business.

An :class:`Order` is mutable, but only by applying events (:meth:`Order.apply`, or the typed
``apply_*`` methods the engine's hot path calls directly); the matching engine owns the live
ones, and anyone holding the event stream (the venue, a gateway, a test) can rebuild the same
order by applying the same events.

Status table (every move an order can make; :data:`TRANSITIONS` is the table, anything else
raises :class:`IllegalTransition`)::

    (created by OrderAccepted) ----------------------------------------> NEW
    NEW, PARTIALLY_FILLED --REST / AMEND / TRIGGER / REFILL-------------> unchanged
    NEW, PARTIALLY_FILLED --FILL (some quantity left)-------------------> PARTIALLY_FILLED
    NEW, PARTIALLY_FILLED --FILL (nothing left)-------------------------> FILLED
    NEW, PARTIALLY_FILLED --CANCEL--------------------------------------> CANCELED
    NEW, PARTIALLY_FILLED --EXPIRE--------------------------------------> EXPIRED

A conditional order (stop-loss, take-profit, trailing) has a second, independent flag,
``triggered``: False while it waits for its trigger (still NEW: Kraken reports such orders as
open), True once it fired (it then behaves as a market or limit order, keeping its id).
Kraken's WebSocket ``pending_new`` is how a gateway renders the acceptance itself; scheduled
orders (``starttm``/EffectiveTime), which would really wait in a pending state, are not
modelled yet.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final

from krakenbox.domain.order_terms import (
    INTERNAL,
    LIMIT_TYPES,
    PARTS_PER_MILLION,
    CancelReason,
    FeePreference,
    Interface,
    OffsetUnit,
    OrderType,
    Origin,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from krakenbox.domain.commands import SubmitOrder
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


class OrderStatus(enum.Enum):
    """Kraken's order statuses (WS ``order_status``; REST ``open`` = NEW or PARTIALLY_FILLED)."""

    NEW = "new"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELED = "canceled"
    EXPIRED = "expired"

    # Members are singletons: identity hashing is correct and, unlike Enum's hash of the name,
    # runs in C (the status table is looked up on every order event).
    __hash__ = object.__hash__

    @property
    def is_open(self) -> bool:
        return self is OrderStatus.NEW or self is OrderStatus.PARTIALLY_FILLED


class Action(enum.Enum):
    """What an event does to an order, for the status table."""

    REST = "rest"
    AMEND = "amend"
    TRIGGER = "trigger"
    REFILL = "refill"
    PARTIAL_FILL = "partial fill"
    FULL_FILL = "full fill"
    CANCEL = "cancel"
    EXPIRE = "expire"

    __hash__ = object.__hash__


class IllegalTransition(RuntimeError):
    """An event does not apply to the order in its current status (a bug, not client input)."""


_NEW, _PARTIAL = OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED
TRANSITIONS: Final[dict[tuple[OrderStatus, Action], OrderStatus]] = {
    **{(status, Action.REST): status for status in (_NEW, _PARTIAL)},
    **{(status, Action.AMEND): status for status in (_NEW, _PARTIAL)},
    **{(status, Action.TRIGGER): status for status in (_NEW, _PARTIAL)},
    **{(status, Action.REFILL): status for status in (_NEW, _PARTIAL)},
    **{(status, Action.PARTIAL_FILL): _PARTIAL for status in (_NEW, _PARTIAL)},
    **{(status, Action.FULL_FILL): OrderStatus.FILLED for status in (_NEW, _PARTIAL)},
    **{(status, Action.CANCEL): OrderStatus.CANCELED for status in (_NEW, _PARTIAL)},
    **{(status, Action.EXPIRE): OrderStatus.EXPIRED for status in (_NEW, _PARTIAL)},
}


def next_status(current: OrderStatus, action: Action) -> OrderStatus:
    """The status after ``action``; raises :class:`IllegalTransition` if the table forbids it."""
    try:
        return TRANSITIONS[current, action]
    except KeyError:
        raise IllegalTransition(f"{action.value} on a {current.value} order") from None


_REST, _AMEND, _TRIGGER, _REFILL = Action.REST, Action.AMEND, Action.TRIGGER, Action.REFILL
_PARTIAL_FILL, _FULL_FILL = Action.PARTIAL_FILL, Action.FULL_FILL
_CANCEL, _EXPIRE = Action.CANCEL, Action.EXPIRE
_FILLED, _CANCELED = OrderStatus.FILLED, OrderStatus.CANCELED
_LIMIT, _MARKET = OrderType.LIMIT, OrderType.MARKET


def _check_open_moves() -> None:
    """``Order``'s ``apply_*`` methods spell the table out for open orders: check they agree."""
    for status in (_NEW, _PARTIAL):
        for action in (_REST, _AMEND, _TRIGGER, _REFILL):
            assert TRANSITIONS[status, action] is status
        assert TRANSITIONS[status, _PARTIAL_FILL] is _PARTIAL
        assert TRANSITIONS[status, _FULL_FILL] is _FILLED
        assert TRANSITIONS[status, _CANCEL] is _CANCELED


_check_open_moves()


class Order:
    """One order's current state. Create it from its :class:`OrderAccepted` event; change it
    only with :meth:`apply` (or the typed ``apply_*`` methods).

    ``quantity`` is the current total (amends change it); ``filled`` and ``cost`` are the
    cumulative base lots and quote amount traded. For a market buy sized in quote (``viqc``)
    ``quantity`` is the quote budget and the order's remainder is counted in quote.
    ``visible`` is what the order shows on the book right now (0 when not resting).
    """

    __slots__ = (
        "accepted_at",
        "account",
        "client_order_id",
        "cost",
        "display_quantity",
        "filled",
        "order_id",
        "order_type",
        "price",
        "quantity",
        "request",
        "resting",
        "side",
        "status",
        "trailing_offset",
        "trigger_price",
        "triggered",
        "updated_at",
        "visible",
    )

    def __init__(self, event: OrderAccepted) -> None:
        request = event.request
        order_type = request.order_type
        self.order_id: str = event.order_id
        self.request: SubmitOrder = request
        self.account: str = request.account
        self.client_order_id: str | None = request.origin.client_order_id
        self.side: Side = request.side
        self.order_type: OrderType = order_type
        self.price: int | None = request.price
        self.trigger_price: int | None = request.trigger_price
        self.trailing_offset: PriceOffset | None = request.trailing_offset
        self.quantity: int = request.quantity
        self.display_quantity: int | None = request.display_quantity
        self.filled: int = 0
        self.cost: int = 0
        self.visible: int = 0
        self.resting: bool = False
        self.status: OrderStatus = _NEW
        # OrderType.is_conditional, inlined (an order is made for every order accepted)
        self.triggered: bool | None = (
            None if order_type is _LIMIT or order_type is _MARKET else False
        )
        self.accepted_at: int = event.timestamp
        self.updated_at: int = event.timestamp

    @property
    def is_open(self) -> bool:
        return self.status is _NEW or self.status is _PARTIAL

    @property
    def sized_in_quote(self) -> bool:
        return self.request.quantity_in_quote

    @property
    def remaining(self) -> int:
        """What is left to trade: base lots, or quote for an order sized in quote."""
        return self.quantity - (self.cost if self.request.quantity_in_quote else self.filled)

    @property
    def hidden(self) -> int:
        """Iceberg quantity not shown on the book."""
        return self.remaining - self.visible if self.resting else 0

    @property
    def average_price_fraction(self) -> tuple[int, int]:
        """Average execution price as (cost, filled): divide at the edge, at the precision the
        edge needs."""
        return self.cost, self.filled

    def __repr__(self) -> str:
        return (
            f"Order({self.order_id} {self.side.value} {self.order_type.value} "
            f"{self.filled}/{self.quantity} @ {self.price} {self.status.value})"
        )

    # --- applying events ------------------------------------------------------------------

    def apply(self, event: Any) -> None:
        """Apply any order event that concerns this order."""
        _handler(type(event))(self, event)

    # The status moves below are TRANSITIONS, spelled out for an open order (the engine applies
    # several events to every order); any other status goes to next_status, which raises.

    def apply_rested(self, event: OrderRested) -> None:
        status = self.status
        if status is not _NEW and status is not _PARTIAL:
            self.status = next_status(status, _REST)
        self.price = event.price
        self.visible = event.visible_quantity
        self.resting = True
        self.updated_at = event.timestamp

    def apply_trade(self, event: TradeExecuted) -> None:
        quantity = event.quantity
        price = event.price
        filled = self.filled = self.filled + quantity
        cost = self.cost = self.cost + quantity * price
        if event.maker_order_id == self.order_id:
            self.visible -= quantity
        if self.request.quantity_in_quote:
            left = self.quantity - cost
            if left < price:
                left = 0  # the budget cannot buy another lot at this price: done
        else:
            left = self.quantity - filled
        status = self.status
        if status is not _NEW and status is not _PARTIAL:
            self.status = next_status(status, _PARTIAL_FILL if left > 0 else _FULL_FILL)
        if left > 0:
            self.status = _PARTIAL
        else:
            self.status = _FILLED
            self.resting = False
            self.visible = 0
        self.updated_at = event.timestamp

    def apply_refill(self, event: IcebergRefilled) -> None:
        status = self.status
        if status is not _NEW and status is not _PARTIAL:
            self.status = next_status(status, _REFILL)
        self.visible = event.visible_quantity
        self.updated_at = event.timestamp

    def apply_amended(self, event: OrderAmended) -> None:
        status = self.status
        if status is not _NEW and status is not _PARTIAL:
            self.status = next_status(status, _AMEND)
        self.quantity = event.quantity
        self.price = event.price
        self.trigger_price = event.trigger_price
        self.trailing_offset = event.trailing_offset
        self.display_quantity = event.display_quantity
        self.client_order_id = event.client_order_id
        if self.resting:
            # An amend that crosses the book shows nothing: the order leaves the book, trades
            # as a taker, and rests again (OrderRested) only if something is left.
            self.visible = event.visible_quantity
            self.resting = event.visible_quantity > 0
        self.updated_at = event.timestamp

    def apply_triggered(self, event: OrderTriggered) -> None:
        status = self.status
        if status is not _NEW and status is not _PARTIAL:
            self.status = next_status(status, _TRIGGER)
        self.triggered = True
        self.trigger_price = event.trigger_price
        self.price = event.limit_price
        self.updated_at = event.timestamp

    def apply_canceled(self, event: OrderCanceled) -> None:
        status = self.status
        self.status = (
            _CANCELED if status is _NEW or status is _PARTIAL else next_status(status, _CANCEL)
        )
        self.resting = False
        self.visible = 0
        self.updated_at = event.timestamp

    def apply_expired(self, event: OrderExpired) -> None:
        self.status = next_status(self.status, _EXPIRE)
        self._close(event.timestamp)

    def _close(self, timestamp: int) -> None:
        self.resting = False
        self.visible = 0
        self.updated_at = timestamp


_HANDLERS: dict[type[Any], Callable[[Order, Any], None]] = {}


def _handler(event_type: type[Any]) -> Callable[[Order, Any], None]:
    """The ``apply_*`` method for an event type (the table is built on first use, because the
    events module imports this one)."""
    try:
        return _HANDLERS[event_type]
    except KeyError:
        pass
    from krakenbox.domain import events

    _HANDLERS.update(
        {
            events.OrderRested: Order.apply_rested,
            events.TradeExecuted: Order.apply_trade,
            events.IcebergRefilled: Order.apply_refill,
            events.OrderAmended: Order.apply_amended,
            events.OrderTriggered: Order.apply_triggered,
            events.OrderCanceled: Order.apply_canceled,
            events.OrderExpired: Order.apply_expired,
        }
    )
    if event_type not in _HANDLERS:
        raise TypeError(f"{event_type.__name__} does not change an order")
    return _HANDLERS[event_type]


__all__ = [
    "INTERNAL",
    "LIMIT_TYPES",
    "PARTS_PER_MILLION",
    "TRANSITIONS",
    "Action",
    "CancelReason",
    "FeePreference",
    "IllegalTransition",
    "Interface",
    "OffsetUnit",
    "Order",
    "OrderStatus",
    "OrderType",
    "Origin",
    "PriceOffset",
    "SelfTradePrevention",
    "Side",
    "TimeInForce",
    "TriggerReference",
    "next_status",
]
