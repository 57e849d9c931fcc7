"""Checks a new order must pass before the engine gives it an id: pure functions of the order,
the book's rules and the market's status.

Order of the checks follows Kraken's (spot REST digest §9.1, DERIVED from its error list):
market status → arguments → price and tick → ``ordermin`` → ``costmin``. The engine then checks
what needs its state (index price available, client order id unique, funds, open-order limit).
"""

from __future__ import annotations

from typing import Final

from krakenbox.domain.commands import SubmitOrder
from krakenbox.domain.events import RejectReason
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import OrderType, Side, TimeInForce
from krakenbox.matching.rules import ICEBERG_DISPLAY_DIVISOR, BookRules

_ONLINE = MarketStatus.ONLINE
_LIMIT = OrderType.LIMIT
_MARKET = OrderType.MARKET
_GTD = TimeInForce.GTD
_STATIC_TRIGGER_TYPES: Final = frozenset(
    {
        OrderType.STOP_LOSS,
        OrderType.STOP_LOSS_LIMIT,
        OrderType.TAKE_PROFIT,
        OrderType.TAKE_PROFIT_LIMIT,
    }
)
_CLOSED_STATUSES: Final = frozenset(
    {MarketStatus.MAINTENANCE, MarketStatus.DELISTED, MarketStatus.WORK_IN_PROGRESS}
)
_MARKET_TYPES: Final = frozenset(
    {OrderType.MARKET, OrderType.STOP_LOSS, OrderType.TAKE_PROFIT, OrderType.TRAILING_STOP}
)


def check_submit(rules: BookRules, status: MarketStatus, order: SubmitOrder) -> RejectReason | None:
    """Why ``order`` cannot be accepted as it stands, or None."""
    if status is not _ONLINE:
        reason = _check_status(status, order)
        if reason is not None:
            return reason
    order_type = order.order_type
    quantity = order.quantity
    if quantity <= 0 or (rules.maximum_quantity is not None and quantity > rules.maximum_quantity):
        return RejectReason.INVALID_QUANTITY
    reason = _check_limit(rules, order) if order_type is _LIMIT else _check_other(rules, order)
    if reason is not None:
        return reason
    if order.time_in_force is _GTD:
        if order.expire_time is None or order.expire_time <= order.timestamp:
            return RejectReason.INVALID_EXPIRE_TIME
    elif order.expire_time is not None:
        return RejectReason.INVALID_ARGUMENTS
    if order.quantity_in_quote:
        return RejectReason.COST_MINIMUM if quantity < rules.minimum_notional else None
    if quantity < rules.minimum_quantity:
        return RejectReason.ORDER_MINIMUM
    price = order.price if order.price is not None else order.trigger_price
    if price is not None and price * quantity < rules.minimum_notional:
        return RejectReason.COST_MINIMUM
    return None


def _check_status(status: MarketStatus, order: SubmitOrder) -> RejectReason | None:
    if status is MarketStatus.CANCEL_ONLY:
        return RejectReason.MARKET_CANCEL_ONLY
    if status is MarketStatus.POST_ONLY:
        if order.order_type is not _LIMIT or not order.post_only:
            return RejectReason.MARKET_POST_ONLY
    elif status is MarketStatus.LIMIT_ONLY:
        if order.order_type in _MARKET_TYPES:
            return RejectReason.MARKET_LIMIT_ONLY
    elif status is MarketStatus.REDUCE_ONLY:
        return RejectReason.MARKET_REDUCE_ONLY
    elif status in _CLOSED_STATUSES:
        return RejectReason.MARKET_UNAVAILABLE
    return None


def _check_limit(rules: BookRules, order: SubmitOrder) -> RejectReason | None:
    price = order.price
    if price is None or order.trigger_price is not None or order.trailing_offset is not None:
        return RejectReason.INVALID_ARGUMENTS
    if order.limit_offset is not None or order.quantity_in_quote:
        return RejectReason.INVALID_ARGUMENTS
    if price <= 0:
        return RejectReason.INVALID_PRICE
    if price % rules.tick:
        return RejectReason.TICK_SIZE
    display = order.display_quantity
    if display is not None and not valid_display(rules, display, order.quantity):
        return RejectReason.INVALID_DISPLAY_QUANTITY
    return None


def valid_display(rules: BookRules, display: int, quantity: int) -> bool:
    """An iceberg's shown quantity: at most the quantity, at least 1/15 of it and ``ordermin``."""
    return (
        0 < display <= quantity
        and display * ICEBERG_DISPLAY_DIVISOR >= quantity
        and display >= rules.minimum_quantity
    )


def _check_other(rules: BookRules, order: SubmitOrder) -> RejectReason | None:
    order_type = order.order_type
    if order.display_quantity is not None or order.post_only:
        return RejectReason.INVALID_ARGUMENTS  # icebergs and post-only are limit orders only
    if order.quantity_in_quote and (order_type is not _MARKET or order.side is not Side.BUY):
        return RejectReason.INVALID_ARGUMENTS  # viqc: market buys only
    if order.quantity_in_quote and order.time_in_force is TimeInForce.FOK:
        return RejectReason.INVALID_ARGUMENTS
    if order_type is _MARKET:
        if order.price is not None or order.trigger_price is not None:
            return RejectReason.INVALID_ARGUMENTS
        if order.trailing_offset is not None or order.limit_offset is not None:
            return RejectReason.INVALID_ARGUMENTS
        return None
    if order_type in _STATIC_TRIGGER_TYPES:
        reason = _check_static_trigger(rules, order)
    else:
        reason = _check_trailing(order)
    if reason is not None:
        return reason
    if order_type.has_limit_price and order_type is not OrderType.TRAILING_STOP_LIMIT:
        price = order.price
        if price is None:
            return RejectReason.INVALID_ARGUMENTS
        if price <= 0:
            return RejectReason.INVALID_PRICE
        if price % rules.tick:
            return RejectReason.TICK_SIZE
    elif order.price is not None:
        return RejectReason.INVALID_ARGUMENTS
    return None


def _check_static_trigger(rules: BookRules, order: SubmitOrder) -> RejectReason | None:
    trigger = order.trigger_price
    if trigger is None or order.trailing_offset is not None or order.limit_offset is not None:
        return RejectReason.INVALID_ARGUMENTS
    if trigger <= 0:
        return RejectReason.INVALID_PRICE
    if trigger % rules.tick:
        return RejectReason.TICK_SIZE
    return None


def _check_trailing(order: SubmitOrder) -> RejectReason | None:
    offset = order.trailing_offset
    if offset is None or order.trigger_price is not None or offset.amount <= 0:
        return RejectReason.INVALID_ARGUMENTS
    has_limit_offset = order.limit_offset is not None
    if has_limit_offset != (order.order_type is OrderType.TRAILING_STOP_LIMIT):
        return RejectReason.INVALID_ARGUMENTS
    return None
