"""Events: what an engine did, in the past tense. Gateways render them; the journal keeps them;
applying them to :class:`~krakenbox.domain.orders.Order` objects rebuilds every order.

One command gives zero or more events, in the order they happened. For one order the stream is
``OrderAccepted``, then any of ``OrderTriggered``, ``TradeExecuted``, ``OrderRested``,
``IcebergRefilled``, ``OrderAmended``, and at most one of ``OrderCanceled`` / ``OrderExpired``
(or a ``TradeExecuted`` that fills it). A rejected command gives one ``OrderRejected`` and
changes nothing. After any command that changed what the book shows, ``BookChanged`` carries
the new size of every price level it touched (the L2 delta); the order-by-order (L3) delta is
the order events themselves: ``OrderRested`` adds, ``TradeExecuted`` (maker side) and
``OrderAmended`` modify, ``IcebergRefilled`` moves an order to the back of its level,
``OrderCanceled`` / ``OrderExpired`` of a resting order delete.

Times are nanoseconds since the epoch (the command's timestamp). Numbers are integers in the
instrument's units.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from krakenbox.domain.commands import (
    AmendOrder,
    CancelAllAfter,
    CancelOrder,
    EditOrder,
    SubmitOrder,
)
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import CancelReason, PriceOffset, Side
from krakenbox.domain.records import fast_init as _fast_init


class RejectReason(enum.Enum):
    """Why a command was refused. Each member maps to exactly one Kraken error string (the
    mapping lives in ``kraken/``; the intended string is in the comment)."""

    UNKNOWN_PAIR = "unknown pair"  # EQuery:Unknown asset pair
    INVALID_ARGUMENTS = "invalid arguments"  # EGeneral:Invalid arguments
    INVALID_PRICE = "invalid price"  # EOrder:Invalid price
    TICK_SIZE = "tick size"  # EOrder:Tick size check failed
    INVALID_QUANTITY = "invalid quantity"  # EGeneral:Invalid arguments:volume
    INVALID_DISPLAY_QUANTITY = "invalid display quantity"  # EGeneral:Invalid arguments:displayvol
    INVALID_EXPIRE_TIME = "invalid expire time"  # EGeneral:Invalid arguments:expiretm
    ORDER_MINIMUM = "order minimum"  # EOrder:Order minimum not met
    COST_MINIMUM = "cost minimum"  # EOrder:Cost minimum not met
    INSUFFICIENT_FUNDS = "insufficient funds"  # EOrder:Insufficient funds
    MARKET_CANCEL_ONLY = "market cancel only"  # EService:Market in cancel_only mode
    MARKET_POST_ONLY = "market post only"  # EService:Market in post_only mode
    MARKET_LIMIT_ONLY = "market limit only"  # EService:Market in limit_only mode
    MARKET_REDUCE_ONLY = "market reduce only"  # EService:Market in reduce_only mode (DERIVED)
    MARKET_UNAVAILABLE = "market unavailable"  # EService:Unavailable (maintenance, delisted)
    TOO_MANY_OPEN_ORDERS = "too many open orders"  # EOrder:Orders limit exceeded
    INDEX_UNAVAILABLE = "index unavailable"  # EGeneral:Invalid arguments:Index unavailable
    DUPLICATE_CLIENT_ORDER_ID = "duplicate client order id"  # EOrder:Invalid order (UNVERIFIED)
    UNKNOWN_ORDER = "unknown order"  # EOrder:Unknown order
    NO_AMENDABLE_PARAMETERS = "no amendable parameters"  # EOrder:No amendable parameters
    NOT_AMENDABLE = "not amendable"  # EOrder:Invalid order (field not valid for this order)
    POST_ONLY_WOULD_TAKE = "post only would take"  # EOrder:Post only order (UNVERIFIED text)


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderAccepted:
    """The engine took an order and gave it an id (status NEW). ``replaces`` is the id of the
    order an EditOrder replaced."""

    order_id: str
    request: SubmitOrder
    timestamp: int
    replaces: str | None = None


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderRejected:
    """A command was refused; nothing changed."""

    command: SubmitOrder | AmendOrder | EditOrder | CancelOrder | CancelAllAfter
    reason: RejectReason
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderRested:
    """An order went on the book (at the back of its price level), showing
    ``visible_quantity``. L3: add."""

    order_id: str
    side: Side
    price: int
    visible_quantity: int
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class TradeExecuted:
    """A match: the taker traded ``quantity`` lots at the maker's ``price``. Applies to both
    orders. ``trade_id`` counts this book's trades (1, 2, 3, ...: Kraken's public trade id);
    ``execution_id`` is the trade's Kraken-style id (``T...``)."""

    trade_id: int
    execution_id: str
    price: int
    quantity: int
    taker_side: Side
    maker_order_id: str
    taker_order_id: str
    maker_account: str
    taker_account: str
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class IcebergRefilled:
    """An iceberg's shown quantity ran out and was refilled from the hidden rest; the order
    moved to the back of its price level."""

    order_id: str
    visible_quantity: int
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderAmended:
    """An order was changed in place. The fields are the order's values after the amend;
    ``priority_kept`` says whether it kept its place in the queue (quantity down only)."""

    order_id: str
    quantity: int
    price: int | None
    trigger_price: int | None
    trailing_offset: PriceOffset | None
    display_quantity: int | None
    visible_quantity: int
    priority_kept: bool
    client_order_id: str | None
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderTriggered:
    """A conditional order's trigger fired: from now on it trades as a market order (or as a
    limit order at ``limit_price``), keeping its id. ``trigger_price`` is where the trigger
    stood, ``reference_price`` the price that crossed it."""

    order_id: str
    trigger_price: int
    reference_price: int
    limit_price: int | None
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderCanceled:
    """An order was canceled (by its owner or by a rule, ``reason`` says which)."""

    order_id: str
    reason: CancelReason
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class OrderExpired:
    """A GTD order reached its expiry time."""

    order_id: str
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class CancelAllAfterSet:
    """A dead man's switch was armed (``trigger_time``) or disarmed (None)."""

    command: CancelAllAfter
    trigger_time: int | None
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class IndexPriceUpdated:
    price: int
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class MarketStatusChanged:
    status: MarketStatus
    timestamp: int


@_fast_init
@dataclass(frozen=True, slots=True)
class BookChanged:
    """The L2 delta of one command: ``(side, price, visible quantity now)`` for every level
    whose size changed, in the order first touched; quantity 0 means the level is gone."""

    levels: tuple[tuple[Side, int, int], ...]
    timestamp: int


OrderEvent = (
    OrderAccepted
    | OrderRested
    | TradeExecuted
    | IcebergRefilled
    | OrderAmended
    | OrderTriggered
    | OrderCanceled
    | OrderExpired
)
Event = (
    OrderEvent
    | OrderRejected
    | CancelAllAfterSet
    | IndexPriceUpdated
    | MarketStatusChanged
    | BookChanged
)
