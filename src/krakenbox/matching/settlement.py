"""Settlement: what a book's events do to the accounts — holds, trades, fees, ledger entries and
trade records — and the funds check the book asks before it accepts an order.

Holds follow one rule: an open order holds :func:`Market.requirement` of what is left of it
(its remaining lots at its reservation price, fee included when the fee is paid in the asset it
spends), recomputed after every event of the order. A trade debits what it costs: the cost is
price × quantity truncated to the quote asset's ledger units (one number for buyer and seller),
the fee is truncated too. Requirements are rounded up. With these roundings what a trade costs
never exceeds the hold it releases, so available never goes negative (docs/accounts.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from krakenbox.core.units import power_of_ten
from krakenbox.domain.account_fees import PARTS_PER_MILLION, FeeTable, fee_in_quote
from krakenbox.domain.accounts import FEE_ACCOUNT, VOLUME_WINDOW
from krakenbox.domain.events import (
    BookChanged,
    OrderAccepted,
    OrderAmended,
    OrderCanceled,
    OrderExpired,
    OrderRested,
    OrderTriggered,
    TradeExecuted,
)
from krakenbox.domain.order_terms import OrderType, Side

if TYPE_CHECKING:
    from collections.abc import Callable

    from krakenbox.domain.accounts import Account, Accounts
    from krakenbox.domain.events import Event
    from krakenbox.domain.instruments import Instrument

_BUY = Side.BUY
_TYPE_NAMES = {order_type: order_type.value for order_type in OrderType}


class Market:
    """One instrument's conversions between book units and ledger units."""

    __slots__ = (
        "base",
        "base_scale",
        "counts_volume",
        "fees",
        "instrument",
        "pair",
        "quote",
        "quote_divisor",
        "quote_multiplier",
    )

    def __init__(self, instrument: Instrument, fees: FeeTable, volume_currency: str) -> None:
        self.instrument = instrument
        self.pair = instrument.key
        self.base = instrument.base.id
        self.quote = instrument.quote.id
        self.fees = fees
        excess = instrument.base.decimals - instrument.quantity_decimals
        if excess < 0:
            raise ValueError(f"{instrument.key}: lots finer than the base asset's ledger units")
        self.base_scale = power_of_ten(excess)
        shift = instrument.quote.decimals - instrument.notional_decimals
        self.quote_multiplier = power_of_ten(max(shift, 0))
        self.quote_divisor = power_of_ten(max(-shift, 0))
        self.counts_volume = self.quote == volume_currency

    def quote_floor(self, notional: int, rate: int = 0) -> int:
        """``notional × rate / 10**6`` (rate 0: the notional itself) in quote ledger units,
        truncated."""
        if rate:
            return (
                notional * rate * self.quote_multiplier // (self.quote_divisor * PARTS_PER_MILLION)
            )
        return notional * self.quote_multiplier // self.quote_divisor

    def requirement(self, reservation: Reservation) -> int:
        """What an open order holds: its remainder (and fee, when paid in what it spends)."""
        remaining = reservation.remaining
        if remaining <= 0:
            return 0
        factor = PARTS_PER_MILLION + reservation.hold_rate
        if reservation.side is _BUY:
            notional = remaining if reservation.in_quote else remaining * reservation.price
            numerator = notional * self.quote_multiplier
            denominator = self.quote_divisor
        else:
            numerator = remaining * self.base_scale
            denominator = 1
        if reservation.fee_in_quote is (reservation.side is _BUY):
            numerator *= factor
            denominator *= PARTS_PER_MILLION
        return -(-numerator // denominator)


class Reservation:
    """What the accounts remember of one open order."""

    __slots__ = (
        "account",
        "amount",
        "asset",
        "fee_in_quote",
        "filled",
        "hold_rate",
        "in_quote",
        "needed",
        "order_type",
        "price",
        "remaining",
        "side",
    )

    def __init__(
        self,
        account: Account,
        side: Side,
        order_type: OrderType,
        price: int,
        remaining: int,
        in_quote: bool,
        fee_in_quote: bool,
        hold_rate: int,
        asset: str,
    ) -> None:
        self.account = account
        self.side = side
        self.order_type = order_type
        self.price = price
        """The price the hold is computed at (limit, trigger or estimate), price units."""
        self.remaining = remaining
        """Lots left, or for a buy sized in quote (viqc) the notional budget left."""
        self.filled = 0
        self.in_quote = in_quote
        self.fee_in_quote = fee_in_quote
        self.hold_rate = hold_rate
        """The fee rate the hold reserves (the taker rate at acceptance); no fill pays more."""
        self.asset = asset
        self.amount = 0
        """What the order holds now, in ledger units of ``asset``."""
        self.needed = -1
        """What the funds check found the order needs (its requirement when accepted; -1:
        not computed)."""


class Settlement:
    """Applies one instrument's events to the accounts."""

    __slots__ = (
        "accounts",
        "checked",
        "fee_account",
        "handlers",
        "is_open",
        "ledger_ids",
        "market",
        "repriced",
        "reservations",
        "settled",
        "settling",
        "unsettled",
    )

    def __init__(
        self, market: Market, accounts: Accounts, is_open: Callable[[str], bool] | None = None
    ) -> None:
        self.market = market
        self.is_open: Callable[[str], bool] = is_open or _always_open
        """Whether the book still has the order open (a market buy sized in quote can finish
        with budget left and no event that says so)."""
        self.unsettled: list[str] = []
        self.handlers: dict[type[Any], Callable[[Any], None]] = {
            TradeExecuted: self._trade,
            OrderAccepted: self._accept,
            OrderCanceled: self._closed,
            OrderExpired: self._closed,
            OrderAmended: self._amend,
            OrderTriggered: self._triggered,
        }
        """What each kind of book event does to the accounts (the rest do nothing)."""
        self.accounts = accounts
        self.fee_account = accounts.get(FEE_ACCOUNT)
        self.ledger_ids = accounts.ledger_ids
        self.reservations: dict[str, Reservation] = {}
        self.checked: dict[int, Reservation] = {}
        """Reservations the funds check computed, by ``id(request)``, taken when the order is
        accepted within the same command (a market buy's carries the price the check walked
        the book for)."""
        self.repriced: dict[str, int] = {}
        """Fired orders' new reservation prices, by order id, from the funds check at the
        trigger, taken by the ``OrderTriggered`` that follows it in the same command."""
        self.settling: list[Event] | None = None
        self.settled = 0
        """A command's event list applied part way (``catch_up``), and how far."""

    def apply(self, events: list[Event]) -> None:
        """Apply a command's events (the part ``catch_up`` has not applied yet)."""
        get = self.handlers.get
        if self.settling is not None:
            start = self.settled if self.settling is events else 0
            self.settling = None
            self.settled = 0
            events = events[start:]
        checked = self.checked
        reservations = self.reservations
        for event in events:
            kind = type(event)
            if kind is OrderAccepted:
                # _accept's common case, inlined: the funds check computed the reservation
                # and what it holds.
                reservation = checked.pop(id(event.request), None)  # type: ignore[union-attr]
                if reservation is not None and reservation.needed >= 0 and not reservation.amount:
                    reservations[event.order_id] = reservation  # type: ignore[union-attr]
                    amount = reservation.needed
                    if amount:
                        holds = reservation.account.holds
                        holds[reservation.asset] = holds.get(reservation.asset, 0) + amount
                        reservation.amount = amount
                else:
                    self._accept(event, reservation)  # type: ignore[arg-type]
            elif kind is OrderCanceled:
                # _closed, inlined: every cancel comes through here.
                reservation = reservations.pop(event.order_id, None)  # type: ignore[union-attr]
                if reservation is not None and reservation.amount:
                    holds = reservation.account.holds
                    holds[reservation.asset] -= reservation.amount
                    reservation.amount = 0
            elif kind is not BookChanged and kind is not OrderRested:  # nothing to settle
                handler = get(kind)
                if handler is not None:
                    handler(event)
        if checked:
            checked.clear()
        if self.unsettled:
            for order_id in self.unsettled:
                if not self.is_open(order_id):
                    self._release(order_id)
            self.unsettled.clear()

    def catch_up(self, events: list[Event]) -> None:
        """Apply the events of the command under way so far (the funds check at a trigger
        needs the accounts as they stand at that point); ``apply`` does the rest later."""
        if self.settling is not events:
            self.settling = events
            self.settled = 0
        get = self.handlers.get
        for event in events[self.settled :]:
            handler = get(type(event))
            if handler is not None:
                handler(event)
        self.settled = len(events)

    # --- reservations --------------------------------------------------------------------------

    def reservation_for(
        self,
        account: Account,
        request_side: Side,
        order_type: OrderType,
        price: int,
        quantity: int,
        *,
        in_quote: bool,
        fee_in_quote: bool,
        now: int,
    ) -> Reservation:
        market = self.market
        window = account.volume_window
        if window and window[0][0] <= now - VOLUME_WINDOW:
            account.expire_volume(now)
        return Reservation(
            account,
            request_side,
            order_type,
            price,
            quantity,
            in_quote=in_quote,
            fee_in_quote=fee_in_quote,
            hold_rate=market.fees.taker_rate(account.volume),
            asset=market.quote if request_side is _BUY else market.base,
        )

    def _set_hold(self, reservation: Reservation) -> None:
        amount = self.market.requirement(reservation)
        difference = amount - reservation.amount
        if difference:
            holds = reservation.account.holds
            holds[reservation.asset] = holds.get(reservation.asset, 0) + difference
            reservation.amount = amount

    def _accept(self, event: OrderAccepted, checked: Reservation | None = None) -> None:
        """Reserve what a newly accepted order holds (``checked``: the reservation the funds
        check computed for it, already taken out of ``self.checked``)."""
        request = event.request
        reservation = checked if checked is not None else self.checked.pop(id(request), None)
        if reservation is None:
            price = request.price if request.order_type.has_limit_price else None
            reservation = self.reservation_for(
                self.accounts.get(request.account),
                request.side,
                request.order_type,
                price or request.trigger_price or 0,
                request.quantity,
                in_quote=request.quantity_in_quote,
                fee_in_quote=fee_in_quote(request.side, request.fee_preference),
                now=event.timestamp,
            )
        self.reservations[event.order_id] = reservation
        amount = reservation.needed
        if amount < 0 or reservation.amount:
            self._set_hold(reservation)
        elif amount:  # _set_hold with the requirement the funds check computed
            holds = reservation.account.holds
            holds[reservation.asset] = holds.get(reservation.asset, 0) + amount
            reservation.amount = amount

    def _closed(self, event: OrderCanceled | OrderExpired) -> None:
        # _release, inlined: every cancel comes through here.
        reservation = self.reservations.pop(event.order_id, None)
        if reservation is not None and reservation.amount:
            holds = reservation.account.holds
            holds[reservation.asset] -= reservation.amount
            reservation.amount = 0

    def _release(self, order_id: str) -> None:
        reservation = self.reservations.pop(order_id, None)
        if reservation is not None and reservation.amount:
            holds = reservation.account.holds
            holds[reservation.asset] -= reservation.amount
            reservation.amount = 0

    def _amend(self, event: OrderAmended) -> None:
        reservation = self.reservations[event.order_id]
        reservation.remaining = event.quantity - reservation.filled
        if event.price is not None:
            reservation.price = event.price
        self._set_hold(reservation)

    def _triggered(self, event: OrderTriggered) -> None:
        reservation = self.reservations[event.order_id]
        price = self.repriced.pop(event.order_id, event.limit_price)
        if price is not None:
            reservation.price = price
            self._set_hold(reservation)

    # --- trades --------------------------------------------------------------------------------

    def _trade(self, event: TradeExecuted) -> None:
        market = self.market
        notional = event.price * event.quantity
        cost = market.quote_floor(notional)
        base_amount = event.quantity * market.base_scale
        self._settle(event, event.maker_order_id, True, notional, cost, base_amount)
        self._settle(event, event.taker_order_id, False, notional, cost, base_amount)

    def _settle(
        self,
        event: TradeExecuted,
        order_id: str,
        maker: bool,
        notional: int,
        cost: int,
        base_amount: int,
    ) -> None:
        market = self.market
        reservation = self.reservations[order_id]
        account = reservation.account
        timestamp = event.timestamp
        window = account.volume_window
        if window and window[0][0] <= timestamp - VOLUME_WINDOW:
            account.expire_volume(timestamp)
        fees = market.fees
        rate = fees.maker_rate(account.volume) if maker else fees.taker_rate(account.volume)
        hold_rate = reservation.hold_rate
        if rate > hold_rate:
            rate = hold_rate
        side = reservation.side
        quote = market.quote
        base = market.base
        if reservation.fee_in_quote:
            quote_fee = fee = market.quote_floor(notional, rate)
            base_fee = 0
            fee_asset = quote
        else:
            quote_fee = 0
            base_fee = fee = base_amount * rate // PARTS_PER_MILLION
            fee_asset = base
        if side is _BUY:
            quote_amount, base_change = -cost, base_amount
        else:
            quote_amount, base_change = cost, -base_amount
        # Accounts.book, twice, inlined: the quote entry, then the base entry, and the trade
        # record, all three as one row (domain.ledger.TradeRow) that the account's ledger and
        # trade history turn into records, with their ledger ids, when read.
        balances = account.balances
        quote_balance = balances.get(quote, 0) + quote_amount - quote_fee
        balances[quote] = quote_balance
        base_balance = balances.get(base, 0) + base_change - base_fee
        balances[base] = base_balance
        if fee:
            fee_balances = self.fee_account.balances
            fee_balances[fee_asset] = fee_balances.get(fee_asset, 0) + fee
        if market.counts_volume:
            # Account.add_volume, inlined; its expiry is done: the window was expired to this
            # timestamp above.
            window.append((timestamp, cost))
            account.volume += cost
        quantity = event.quantity
        row = (
            event.execution_id,
            order_id,
            timestamp,
            self.ledger_ids.reserve(2),
            quote,
            quote_amount,
            quote_fee,
            quote_balance,
            base,
            base_change,
            base_fee,
            base_balance,
            market.pair,
            side is _BUY,
            _TYPE_NAMES[reservation.order_type],
            event.price,
            quantity,
            notional,
            fee,
            fee_asset,
            maker,
            event.trade_id,
        )
        ledger_rows = account.ledger.rows
        ledger_rows.append(row)
        ledger_rows.append(None)  # the base entry (Ledger builds it from the row before)
        account.trades.rows.append(row)
        reservation.filled += quantity
        if reservation.in_quote:
            reservation.remaining -= notional
            self.unsettled.append(order_id)
        else:
            remaining = reservation.remaining = reservation.remaining - quantity
            if remaining <= 0:
                self._release(order_id)
                return
        self._set_hold(reservation)


def _always_open(order_id: str) -> bool:
    return True
