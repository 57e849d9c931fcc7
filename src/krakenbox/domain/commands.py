"""Commands: what a gateway (or the venue itself) asks an engine to do, in the imperative.

A gateway parses its wire format into one of these, the sequencer stamps ``timestamp`` from the
venue's clock (nanoseconds since the epoch, UTC) and hands it to the engine of the instrument;
the engine answers with events (:mod:`krakenbox.domain.events`). Numbers are integers in the
instrument's units (price units, lots). The engine never reads a clock: a command's timestamp
*is* the time, and :class:`AdvanceTime` moves it when nothing else arrives.

``account`` is the owner on whose behalf the command acts; commands that find orders
(amend, edit, cancel) only find that account's orders, and when ``session_id`` is given only
those placed by that session (FIX's cancel scope, enforced by the gateway setting it).
"""

from __future__ import annotations

from dataclasses import dataclass

from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import (
    INTERNAL,
    CancelReason,
    FeePreference,
    OrderType,
    Origin,
    PriceOffset,
    SelfTradePrevention,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.domain.records import fast_init


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitOrder:
    """Place a new order (REST AddOrder, WS add_order, FIX NewOrderSingle).

    Which prices an order type needs: ``price`` is the limit price of LIMIT and the ``*-limit``
    types (a trailing-stop-limit takes ``limit_offset`` instead, relative to the trigger);
    ``trigger_price`` is the trigger of stop-loss and take-profit types; trailing types take
    ``trailing_offset``, the distance from the best price seen since placement.
    """

    account: str
    side: Side
    order_type: OrderType
    quantity: int
    """Lots; with ``quantity_in_quote`` (viqc, market buys only) a quote amount in price units ×
    lots."""
    timestamp: int
    price: int | None = None
    trigger_price: int | None = None
    trailing_offset: PriceOffset | None = None
    limit_offset: PriceOffset | None = None
    trigger_reference: TriggerReference = TriggerReference.LAST
    time_in_force: TimeInForce = TimeInForce.GTC
    expire_time: int | None = None
    """GTD expiry, nanoseconds since the epoch."""
    display_quantity: int | None = None
    """Iceberg: the quantity shown on the book (the rest is hidden and refills it)."""
    post_only: bool = False
    fee_preference: FeePreference | None = None
    """None: Kraken's default (quote on buys, base on sells)."""
    market_price_protection: bool = True
    """False is Kraken's ``nompp`` flag."""
    quantity_in_quote: bool = False
    """Kraken's ``viqc`` flag."""
    self_trade_prevention: SelfTradePrevention = SelfTradePrevention.CANCEL_NEWEST
    origin: Origin = INTERNAL
    maximum_open_orders: int | None = None
    """The account's open-order limit on this book (Kraken's per-tier limit), stamped by the
    venue when the command enters (so the journal replays it as decided); None: the book's own
    rule."""


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class AmendOrder:
    """Change an open order in place, keeping its ids (REST AmendOrder, WS amend_order, FIX
    OrderCancelReplaceRequest). ``None`` leaves a field as it is. Queue priority is kept when
    only the quantity goes down (see docs/matching.md)."""

    account: str
    timestamp: int
    order_id: str | None = None
    client_order_id: str | None = None
    quantity: int | None = None
    """New total quantity (filled included); at or below the filled quantity the rest is
    canceled."""
    display_quantity: int | None = None
    price: int | None = None
    trigger_price: int | None = None
    trailing_offset: PriceOffset | None = None
    post_only: bool = False
    """Reject the amend if the new limit price would take liquidity."""
    new_client_order_id: str | None = None
    """FIX: the ClOrdID of the amend request becomes the order's latest ClOrdID."""
    session_id: str | None = None


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class EditOrder:
    """Cancel an order and place its replacement under a new id (legacy REST EditOrder, WS
    edit_order): queue position is lost, fills stay with the old order, and the replacement's
    quantity is the new total less what the old order filled. Not for conditional order types.
    ``None`` keeps the old value."""

    account: str
    order_id: str
    timestamp: int
    quantity: int | None = None
    display_quantity: int | None = None
    price: int | None = None
    post_only: bool | None = None
    user_reference: int | None = None
    """The replacement's ``userref`` (Kraken does not carry the old one over)."""
    origin: Origin | None = None
    """The replacement's origin; None keeps the old order's interface and session, without its
    client order id or user reference."""
    session_id: str | None = None


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CancelOrder:
    """Cancel one order by id or client order id, or every open order with a ``userref``."""

    account: str
    timestamp: int
    order_id: str | None = None
    client_order_id: str | None = None
    user_reference: int | None = None
    session_id: str | None = None


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CancelAll:
    """Cancel every open order of an account on this book (REST CancelAll, WS cancel_all)."""

    account: str
    timestamp: int


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class MassCancel:
    """Cancel open orders by scope: the whole account (``session_id`` None) or the orders one
    session placed (FIX 35=q 530=1/6; cancel on disconnect with ``reason`` DISCONNECT)."""

    account: str
    timestamp: int
    session_id: str | None = None
    reason: CancelReason = CancelReason.MASS_CANCEL


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class CancelAllAfter:
    """Arm, re-arm or (``timeout`` 0) disarm the account's dead man's switch: when the engine's
    time reaches ``timestamp + timeout`` every open order of the account is canceled."""

    account: str
    timeout: int
    """Nanoseconds."""
    timestamp: int


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class AdvanceTime:
    """Move the engine's time: GTD orders and dead man's switches due by then fire. Every other
    command advances time too, before it acts."""

    timestamp: int


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateIndexPrice:
    """The pair's index price moved (the reference of ``trigger=index`` orders)."""

    price: int
    timestamp: int


@fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeMarketStatus:
    """The book's trading state changes (online, cancel_only, post_only, limit_only, ...)."""

    status: MarketStatus
    timestamp: int


Command = (
    SubmitOrder
    | AmendOrder
    | EditOrder
    | CancelOrder
    | CancelAll
    | MassCancel
    | CancelAllAfter
    | AdvanceTime
    | UpdateIndexPrice
    | ChangeMarketStatus
)
