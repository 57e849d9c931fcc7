"""The terms of an order: sides, types, time in force, triggers and offsets, self-trade
prevention, fee preference, where it came from, and why it may be canceled. Plain values; the
order's state and status table are in :mod:`krakenbox.domain.orders`, which re-exports these."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from krakenbox.domain.records import fast_init

PARTS_PER_MILLION: Final = 1_000_000


class Side(enum.Enum):
    BUY = "buy"
    SELL = "sell"

    @property
    def opposite(self) -> Side:
        return Side.SELL if self is Side.BUY else Side.BUY


class OrderType(enum.Enum):
    """Kraken's execution models (REST ``ordertype`` spellings). An iceberg is a LIMIT order
    with a display quantity (as FIX models it with DisplayQty)."""

    MARKET = "market"
    LIMIT = "limit"
    STOP_LOSS = "stop-loss"
    STOP_LOSS_LIMIT = "stop-loss-limit"
    TAKE_PROFIT = "take-profit"
    TAKE_PROFIT_LIMIT = "take-profit-limit"
    TRAILING_STOP = "trailing-stop"
    TRAILING_STOP_LIMIT = "trailing-stop-limit"

    # Members are singletons: identity hashing is correct and runs in C (Enum hashes the name
    # in Python), and order types are looked up in sets on every order.
    __hash__ = object.__hash__

    @property
    def is_conditional(self) -> bool:
        """Waits for a trigger before it can trade."""
        return self is not OrderType.LIMIT and self is not OrderType.MARKET

    @property
    def has_limit_price(self) -> bool:
        """Trades (once live) as a limit order."""
        return self in LIMIT_TYPES

    @property
    def is_trailing(self) -> bool:
        return self in (OrderType.TRAILING_STOP, OrderType.TRAILING_STOP_LIMIT)

    @property
    def is_stop_loss(self) -> bool:
        """Fires from the unfavourable side (stop-loss and trailing stops)."""
        return self in (
            OrderType.STOP_LOSS,
            OrderType.STOP_LOSS_LIMIT,
            OrderType.TRAILING_STOP,
            OrderType.TRAILING_STOP_LIMIT,
        )


LIMIT_TYPES: Final = frozenset(
    {
        OrderType.LIMIT,
        OrderType.STOP_LOSS_LIMIT,
        OrderType.TAKE_PROFIT_LIMIT,
        OrderType.TRAILING_STOP_LIMIT,
    }
)


class TimeInForce(enum.Enum):
    GTC = "GTC"
    """Good till canceled (the default)."""
    IOC = "IOC"
    """Immediate or cancel: what does not trade on arrival is canceled."""
    GTD = "GTD"
    """Good till date: expires at ``expire_time`` on the engine's clock."""
    FOK = "FOK"
    """Fill or kill: trades in full on arrival or not at all (FIX 59=4; REST/WS do not offer it)."""


class TriggerReference(enum.Enum):
    """The price a conditional order watches (REST ``trigger``, FIX 388 DiscretionInst)."""

    LAST = "last"
    """The last trade price on this book."""
    INDEX = "index"
    """The pair's index price, fed to the engine by command."""


class OffsetUnit(enum.Enum):
    """How a :class:`PriceOffset` is counted (WS ``price_type``)."""

    ABSOLUTE = "quote"
    """In price units."""
    PERCENT = "pct"
    """In parts per million of the reference price (1% = 10_000; Kraken shows 4 decimals)."""


@dataclass(frozen=True, slots=True)
class PriceOffset:
    """A distance from a reference price: a trailing stop's distance from its peak, or a
    trailing-stop-limit's limit relative to its trigger (signed; positive = above)."""

    amount: int
    unit: OffsetUnit = OffsetUnit.ABSOLUTE

    def distance(self, reference: int) -> int:
        """The offset in price units at ``reference`` (percentages truncate toward zero)."""
        if self.unit is OffsetUnit.ABSOLUTE:
            return self.amount
        magnitude = abs(reference * self.amount) // PARTS_PER_MILLION
        return magnitude if self.amount >= 0 else -magnitude


class SelfTradePrevention(enum.Enum):
    """What happens when an arriving order would trade with a resting order of its own account
    (REST ``stptype``, WS ``stp_type``, FIX 7928). The arriving order's mode decides."""

    CANCEL_NEWEST = "cancel-newest"
    """The arriving order's remainder is canceled; the resting order stays (the default)."""
    CANCEL_OLDEST = "cancel-oldest"
    """The resting order is canceled and the arriving order goes on matching."""
    CANCEL_BOTH = "cancel-both"
    """Both are canceled."""


class FeePreference(enum.Enum):
    """Which currency fees are taken in (``oflags`` fcib/fciq, FIX 18 f/q)."""

    BASE = "fcib"
    QUOTE = "fciq"


class Interface(enum.Enum):
    """Which door an order came in through."""

    FIX = "fix"
    REST = "rest"
    WEBSOCKET = "websocket"
    INTERNAL = "internal"
    """The venue itself: simulators, tests, administrative commands."""


@fast_init
@dataclass(frozen=True, slots=True)
class Origin:
    """Where an order came from and what the client called it: gateways use it to enforce
    Kraken's cancel scope (FIX cancels only its own session's orders) and to echo ids."""

    interface: Interface = Interface.INTERNAL
    session_id: str | None = None
    """The FIX session (or WebSocket connection) that placed the order."""
    client_order_id: str | None = None
    """ClOrdID (FIX 11) or ``cl_ord_id`` (REST/WS)."""
    user_reference: int | None = None
    """``userref`` / ``order_userref``: a non-unique client tag."""


INTERNAL: Final = Origin()


class CancelReason(enum.Enum):
    """Why an order left the book without filling. The comment after each member is the reason
    text Kraken shows (REST ``reason``, WS ``cancel_reason``) where known; the mapping itself
    lives in ``kraken/``."""

    USER_REQUESTED = "user requested"  # "User requested"
    MASS_CANCEL = "mass cancel"  # "User requested" (CancelAll, FIX 35=q)
    DEAD_MAN_SWITCH = "dead man's switch"  # "User requested"? UNVERIFIED (CancelAllOrdersAfter)
    DISCONNECT = "disconnect"  # FIX cancel on disconnect; text UNVERIFIED
    SELF_TRADE = "self trade"  # "Cannot trade with self" (support article on STP)
    POST_ONLY = "post only"  # "Post only order"
    IMMEDIATE_OR_CANCEL = "immediate or cancel"  # IOC remainder; text UNVERIFIED
    FILL_OR_KILL = "fill or kill"  # FOK could not fill in full; text UNVERIFIED
    NO_LIQUIDITY = "no liquidity"  # market order remainder, book exhausted; text UNVERIFIED
    MARKET_PROTECTION = "market price protection"  # market remainder beyond the price band
    REPLACED = "replaced"  # EditOrder canceled it for its replacement: "Order replaced"
    AMENDED_BELOW_FILLED = "amended below filled"  # amend to a quantity at or below filled
    INSUFFICIENT_FUNDS = "insufficient funds"  # "Insufficient funds" (a fired order unfunded)
