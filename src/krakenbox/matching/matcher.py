"""Matching an arriving (taker) order against the resting orders of the other side.

Price-time priority: the best price level first, and within a level the oldest order first.
Every match trades at the resting (maker) order's price. Along the way:

* self-trade prevention, by the taker's mode, when the maker belongs to the same account;
* an iceberg maker whose shown quantity runs out is refilled from its hidden rest and moves to
  the back of its level (so the taker meets the other orders at that price first);
* a market buy sized in quote (viqc) buys whole lots while its budget covers the price.

The caller decides the price limit (a limit order's price, a market order's protection band or
nothing) and what happens to the taker's remainder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.domain.events import IcebergRefilled, OrderCanceled, TradeExecuted
from krakenbox.domain.orders import CancelReason, SelfTradePrevention, Side

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order
    from krakenbox.matching.book import BookSide, Level
    from krakenbox.matching.state import BookState

_BUY = Side.BUY
_CANCEL_NEWEST = SelfTradePrevention.CANCEL_NEWEST
_CANCEL_OLDEST = SelfTradePrevention.CANCEL_OLDEST
_SELF_TRADE = CancelReason.SELF_TRADE


def take(state: BookState, taker: Order, limit: int | None, now: int) -> None:
    """Match ``taker`` against the book while it has something left and the best opposite price
    is within ``limit`` (None: any price). Leaves the remainder to the caller; the taker may
    come out closed (filled, or canceled by self-trade prevention)."""
    is_buy = taker.side is _BUY
    book = state.book
    book_side = book.asks if is_buy else book.bids
    keys = book_side.keys
    levels = book_side.levels
    touched = book.touched
    while keys and taker.status.is_open:
        price = -keys[-1] if is_buy else keys[-1]
        if limit is not None and (price > limit if is_buy else price < limit):
            return
        level = levels[price]
        touched.append((book_side, price))
        if not _take_level(state, taker, book_side, level, now):
            return


def _take_level(
    state: BookState, taker: Order, book_side: BookSide, level: Level, now: int
) -> bool:
    """Match at one level until the level or the taker is done; whether to go on to the next
    level."""
    events = state.events
    trade_prices = state.trade_prices
    price = level.price
    taker_id = taker.order_id
    account = taker.account
    in_quote = taker.request.quantity_in_quote
    taker_side = taker.side
    while True:
        maker = level.head()
        if maker.account == account:
            if _prevent_self_trade(state, taker, maker, book_side, level, now):
                return False
            if not level.orders:
                return True
            continue
        if in_quote:
            quantity = min(taker.remaining // price, maker.visible)
            if quantity <= 0:
                return False
        else:
            quantity = min(taker.remaining, maker.visible)
        trade_id = state.next_trade_id
        state.next_trade_id = trade_id + 1
        trade = TradeExecuted(
            trade_id,
            state.execution_ids.next_id(),
            price,
            quantity,
            taker_side,
            maker.order_id,
            taker_id,
            maker.account,
            account,
            now,
        )
        events.append(trade)
        maker.apply_trade(trade)
        taker.apply_trade(trade)
        level.quantity -= quantity
        trade_prices.append(price)
        if maker.visible == 0:
            _maker_exhausted(state, maker, book_side, level, now)
        if not taker.status.is_open:
            state.forget(taker)  # filled
            return False
        if not level.orders:
            return True


def _maker_exhausted(
    state: BookState, maker: Order, book_side: BookSide, level: Level, now: int
) -> None:
    """A maker shows nothing more: refill an iceberg from its hidden rest, or file it away."""
    if maker.status.is_open:
        display: int = maker.display_quantity  # type: ignore[assignment]  # only icebergs hide
        refill = IcebergRefilled(maker.order_id, min(display, maker.remaining), now)
        state.events.append(refill)
        maker.apply_refill(refill)
        state.book.requeue(maker, 0)
        return
    level.discard(maker.order_id)
    if not level.orders:
        book_side.drop_level(level.price)
    state.forget(maker)


def _prevent_self_trade(
    state: BookState, taker: Order, maker: Order, book_side: BookSide, level: Level, now: int
) -> bool:
    """Apply the taker's self-trade prevention mode; whether the taker was canceled."""
    mode = taker.request.self_trade_prevention
    if mode is not _CANCEL_NEWEST:
        level.discard(maker.order_id)
        level.quantity -= maker.visible
        if not level.orders:
            book_side.drop_level(level.price)
        canceled = OrderCanceled(maker.order_id, _SELF_TRADE, now)
        maker.apply_canceled(canceled)
        state.events.append(canceled)
        state.forget(maker)
    if mode is not _CANCEL_OLDEST:
        state.close(taker, OrderCanceled(taker.order_id, _SELF_TRADE, now))
        return True
    return False


def can_fill(state: BookState, taker: Order, limit: int | None) -> bool:
    """Whether ``taker`` would trade its whole remainder on arrival (the fill-or-kill check):
    hidden iceberg quantity counts (it refills at the same price), and a resting order of the
    same account stops the count unless self-trade prevention would cancel it instead."""
    need = taker.remaining
    is_buy = taker.side is _BUY
    book_side = state.book.asks if is_buy else state.book.bids
    skip_own = taker.request.self_trade_prevention is _CANCEL_OLDEST
    account = taker.account
    for level in book_side.levels_best_first():
        price = level.price
        if limit is not None and (price > limit if is_buy else price < limit):
            return False
        for maker in level.orders.values():
            if maker.account == account:
                if skip_own:
                    continue
                return False
            need -= maker.remaining
            if need <= 0:
                return True
    return False
