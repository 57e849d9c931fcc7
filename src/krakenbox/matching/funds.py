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

from krakenbox.domain.account_fees import fee_in_quote
from krakenbox.domain.events import RejectReason
from krakenbox.domain.order_terms import OrderType, Side

if TYPE_CHECKING:
    from krakenbox.domain.commands import SubmitOrder
    from krakenbox.domain.orders import Order
    from krakenbox.matching.book import OrderBook
    from krakenbox.matching.settlement import Settlement

_INSUFFICIENT = RejectReason.INSUFFICIENT_FUNDS
_MARKET = OrderType.MARKET


class AccountFunds:
    """The funds check of one book, backed by the accounts."""

    __slots__ = ("book", "settlement")

    def __init__(self, settlement: Settlement, book: OrderBook | None = None) -> None:
        self.settlement = settlement
        self.book = book
        """The book whose asks price a market buy (set once the book exists)."""

    def check_order(self, request: SubmitOrder, replacing: Order | None) -> RejectReason | None:
        settlement = self.settlement
        account = settlement.accounts.find(request.account)
        if account is None:
            return _INSUFFICIENT
        price = request.price if request.order_type.has_limit_price else None
        side = request.side
        if side is Side.BUY and price is None and not request.quantity_in_quote:
            if request.order_type is _MARKET:
                price = self._walk(request.account, request.quantity)
            else:
                price = request.trigger_price or 0
        reservation = settlement.reservation_for(
            account,
            side,
            request.order_type,
            price or 0,
            request.quantity,
            in_quote=request.quantity_in_quote,
            fee_in_quote=fee_in_quote(side, request.fee_preference),
            now=request.timestamp,
        )
        needed = settlement.market.requirement(reservation)
        reservation.needed = needed
        settlement.checked[id(request)] = reservation
        asset = reservation.asset
        available = account.balances.get(asset, 0) - account.holds.get(asset, 0)
        if replacing is not None:
            old = settlement.reservations.get(replacing.order_id)
            if old is not None and old.asset == reservation.asset:
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
