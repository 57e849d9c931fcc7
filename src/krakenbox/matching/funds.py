"""The accounts' answer to a book before it accepts or amends an order
(:class:`~krakenbox.matching.state.FundsCheck`): can the account hold what the order would
reserve, out of what is available to it?

A market buy has no limit price: its hold is priced by walking the opposite side of the book
(the account's own orders skipped) to the price its whole quantity would reach, or the worst
price on the book when the book is too thin. The walk happens here, before matching, and the
estimate is handed to the settlement when the order is accepted in the same command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.domain.accounts import VOLUME_WINDOW
from krakenbox.domain.events import RejectReason
from krakenbox.domain.order_terms import (
    LIMIT_TYPES,
    FeePreference,
    OrderType,
    Side,
    TriggerReference,
)
from krakenbox.matching.settlement import Reservation
from krakenbox.matching.triggers import limit_after_trigger, trailing_trigger

if TYPE_CHECKING:
    from krakenbox.domain.commands import SubmitOrder
    from krakenbox.domain.events import Event
    from krakenbox.domain.orders import Order
    from krakenbox.matching.book import OrderBook
    from krakenbox.matching.engine import SpotBook
    from krakenbox.matching.settlement import Settlement

_INSUFFICIENT = RejectReason.INSUFFICIENT_FUNDS
_MARKET = OrderType.MARKET
_TRAILING_STOP_LIMIT = OrderType.TRAILING_STOP_LIMIT
_FEE_IN_QUOTE = FeePreference.QUOTE
_BUY = Side.BUY
_INDEX = TriggerReference.INDEX


class AccountFunds:
    """The funds check of one book, backed by the accounts."""

    __slots__ = ("book", "prices", "settlement")

    def __init__(self, settlement: Settlement, book: OrderBook | None = None) -> None:
        self.settlement = settlement
        self.book = book
        """The book whose asks price a market buy (set once the book exists)."""
        self.prices: SpotBook | None = None
        """The book's engine: its last and index prices and tick, which price a trailing
        stop's hold (set once it exists)."""

    def check_order(self, request: SubmitOrder, replacing: Order | None) -> RejectReason | None:
        settlement = self.settlement
        account = settlement.accounts.find(request.account)
        if account is None:
            return _INSUFFICIENT
        order_type = request.order_type
        side = request.side
        in_quote = request.quantity_in_quote
        price = request.price if order_type in LIMIT_TYPES else None
        if side is _BUY:
            if price is None and not in_quote:
                if order_type is _MARKET:
                    price = self._walk(request.account, request.quantity)
                else:
                    price = request.trigger_price or self._trailing_estimate(request) or 0
            elif order_type is _TRAILING_STOP_LIMIT:
                price = self._trailing_estimate(request)
        # Settlement.reservation_for, inlined: every order comes through here.
        now = request.timestamp
        window = account.volume_window
        if window and window[0][0] <= now - VOLUME_WINDOW:
            account.expire_volume(now)
        market = settlement.market
        preference = request.fee_preference
        asset = market.quote if side is _BUY else market.base
        reservation = Reservation(
            account,
            side,
            order_type,
            price or 0,
            request.quantity,
            in_quote,
            side is _BUY if preference is None else preference is _FEE_IN_QUOTE,
            market.fees.taker_rate(account.volume),
            asset,
        )
        needed = market.requirement(reservation)
        reservation.needed = needed
        settlement.checked[id(request)] = reservation
        available = account.balances.get(asset, 0) - account.holds.get(asset, 0)
        if replacing is not None:
            old = settlement.reservations.get(replacing.order_id)
            if old is not None and old.asset == asset:
                available += old.amount
        return None if needed <= available else _INSUFFICIENT

    def check_amend(self, order: Order, quantity: int, price: int | None) -> RejectReason | None:
        settlement = self.settlement
        reservation = settlement.reservations.get(order.order_id)
        if reservation is None:
            return None
        previous = reservation.remaining, reservation.price
        reservation.remaining = quantity - reservation.filled
        if price is not None:
            reservation.price = price
        needed = settlement.market.requirement(reservation)
        reservation.remaining, reservation.price = previous
        available = reservation.account.available(reservation.asset) + reservation.amount
        return None if needed <= available else _INSUFFICIENT

    def check_triggered(
        self, order: Order, limit_price: int | None, events: list[Event]
    ) -> RejectReason | None:
        settlement = self.settlement
        # First settle this command's events so far: an order that fires as it is placed has
        # its OrderAccepted (and so its reservation) among them, and trades that fired it
        # moved money this check must see.
        settlement.catch_up(events)
        reservation = settlement.reservations.get(order.order_id)
        if reservation is None or reservation.side is not _BUY or reservation.in_quote:
            return None  # a sell holds base lots, whatever the price
        if limit_price is None:
            price = self._walk(order.account, reservation.remaining)
        else:
            price = limit_price
        previous = reservation.price
        reservation.price = price
        needed = settlement.market.requirement(reservation)
        reservation.price = previous
        available = reservation.account.available(reservation.asset) + reservation.amount
        if needed > available:
            settlement.repriced[order.order_id] = previous  # the hold stays until the cancel
            return _INSUFFICIENT
        settlement.repriced[order.order_id] = price
        return None

    def _trailing_estimate(self, request: SubmitOrder) -> int | None:
        """A buy trailing stop's trigger (or, for a trailing-stop-limit, its limit) at the
        reference price now; None without a reference price (nothing to hold until it
        fires, when ``check_triggered`` decides)."""
        prices = self.prices
        offset = request.trailing_offset
        if prices is None or offset is None:
            return None
        is_index = request.trigger_reference is _INDEX
        reference = prices.index_price if is_index else prices.last_price
        if reference is None:
            return None
        trigger = trailing_trigger(_BUY, reference, offset)
        limit_offset = request.limit_offset
        if limit_offset is None:
            return trigger
        return limit_after_trigger(_BUY, trigger, limit_offset, prices.rules.tick)

    def _walk(self, account: str, quantity: int) -> int:
        """The highest ask a market buy of ``quantity`` lots could reach (0: empty book)."""
        price = 0
        left = quantity
        if self.book is None:
            return price
        for level in self.book.side(Side.SELL).levels_best_first():
            for resting in level.orders.values():
                if resting.account == account:
                    continue
                price = level.price
                left -= resting.remaining
                if left <= 0:
                    return price
        return price
