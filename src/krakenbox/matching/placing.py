"""Placing orders: validate → funds → accept → (arm a trigger | match → rest or cancel the rest),
then fire whatever triggers the trades reached.

The flow of a new order, and where each rule sits:

1. :func:`~krakenbox.matching.validation.check_submit` — market status, arguments, price grid,
   ``ordermin``/``costmin``;
2. state checks — index price available, client order id unique among open orders, the
   account's funds (the :class:`~krakenbox.matching.state.FundsCheck` hook), open-order limit;
3. ``OrderAccepted``: the order gets its id;
4. a conditional order is armed (and fires at once if its reference price is already there);
   any other order *works*: post-only cancels if it would take, fill-or-kill cancels unless it
   can fill in full, then it matches within its limit (a limit order's price, a market order's
   protection band) and its remainder rests (GTC/GTD limit) or is canceled (market, IOC);
5. trades moved the last price: triggers it reached fire, in the order they were armed, and
   the fired orders work in turn (their trades may fire more). A fired order asks the funds
   check again (``check_triggered``): one the account can no longer afford is canceled
   (``INSUFFICIENT_FUNDS``) instead of trading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from krakenbox.domain.events import (
    OrderAccepted,
    OrderCanceled,
    OrderRejected,
    OrderRested,
    OrderTriggered,
    RejectReason,
)
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import (
    LIMIT_TYPES,
    PARTS_PER_MILLION,
    CancelReason,
    Order,
    Side,
    TimeInForce,
    TriggerReference,
)
from krakenbox.matching.matcher import can_fill, take
from krakenbox.matching.triggers import limit_after_trigger
from krakenbox.matching.validation import check_submit

if TYPE_CHECKING:
    from krakenbox.domain.commands import SubmitOrder
    from krakenbox.matching.state import BookState
    from krakenbox.matching.triggers import Fired

_BUY = Side.BUY
_GTC = TimeInForce.GTC
_GTD = TimeInForce.GTD
_FOK = TimeInForce.FOK
_INDEX = TriggerReference.INDEX
_TRIGGERS_PAUSED = frozenset({MarketStatus.CANCEL_ONLY, MarketStatus.POST_ONLY})


def submit(state: BookState, command: SubmitOrder) -> None:
    """Handle a SubmitOrder."""
    reason = check_submit(state.rules, state.status, command)
    if reason is None:
        # The state checks: index price, client order id, funds, open-order limit.
        if command.trigger_reference is _INDEX and _index_unavailable(state, command):
            reason = RejectReason.INDEX_UNAVAILABLE
        else:
            client_order_id = command.origin.client_order_id
            if (
                client_order_id is not None
                and (command.account, client_order_id) in state.by_client_id
            ):
                reason = RejectReason.DUPLICATE_CLIENT_ORDER_ID
            else:
                funds = state.funds
                if funds is not None:
                    reason = funds.check_order(command, None)
                if reason is None:
                    maximum = command.maximum_open_orders
                    if maximum is None:
                        maximum = state.rules.maximum_open_orders
                    if maximum is not None and state.open_count(command.account) >= maximum:
                        reason = RejectReason.TOO_MANY_OPEN_ORDERS
    if reason is not None:
        state.events.append(OrderRejected(command, reason, command.timestamp))
        return
    place(state, command, state.order_ids.next_id(), None)


def _index_unavailable(state: BookState, command: SubmitOrder) -> bool:
    if not command.order_type.is_conditional:
        return False  # the reference only matters to conditional orders
    return not state.rules.has_index or state.index_price is None


def place(state: BookState, request: SubmitOrder, order_id: str, replaces: str | None) -> Order:
    """Accept a validated order under ``order_id`` and arm or work it."""
    now = request.timestamp
    accepted = OrderAccepted(order_id, request, now, replaces)
    state.events.append(accepted)
    order = Order(accepted)
    state.register(order)
    if order.triggered is None:
        work(state, order, now)
    else:
        arm(state, order, now)
    return order


def work(state: BookState, order: Order, now: int) -> None:
    """Trade a live (non-conditional or triggered) order on arrival, then rest or cancel what
    is left."""
    request = order.request
    price = order.price
    time_in_force = request.time_in_force
    if price is not None:
        if order.side is _BUY:  # _is_passive, inlined: this runs for every order
            keys = state.book.asks.keys
            passive = not keys or price < -keys[-1]
        else:
            keys = state.book.bids.keys
            passive = not keys or price > keys[-1]
        if passive:
            if time_in_force is _GTC or time_in_force is _GTD:
                # rest(), inlined: most orders rest on arrival.
                remaining = order.quantity - order.filled
                display = order.display_quantity
                visible = remaining if display is None or display > remaining else display
                rested = OrderRested(order.order_id, order.side, price, visible, now)
                state.events.append(rested)
                order.apply_rested(rested)
                state.book.add(order)
            else:
                _cancel(state, order, now, _limit_remainder_reason(time_in_force))
            return
    if request.post_only:
        _cancel(state, order, now, CancelReason.POST_ONLY)
        return
    limit = price if price is not None else _protection_limit(state, order)
    if time_in_force is _FOK and not can_fill(state, order, limit):
        _cancel(state, order, now, CancelReason.FILL_OR_KILL)
        return
    take(state, order, limit, now)
    if not order.status.is_open:
        return
    if price is None:
        stopped_by_band = limit is not None and _has_liquidity_beyond(state, order, limit)
        reason = CancelReason.MARKET_PROTECTION if stopped_by_band else CancelReason.NO_LIQUIDITY
        _cancel(state, order, now, reason)
    elif time_in_force is _GTC or time_in_force is _GTD:
        rest(state, order, now)
    else:
        _cancel(state, order, now, _limit_remainder_reason(time_in_force))


def _limit_remainder_reason(time_in_force: TimeInForce) -> CancelReason:
    return CancelReason.FILL_OR_KILL if time_in_force is _FOK else CancelReason.IMMEDIATE_OR_CANCEL


def _has_liquidity_beyond(state: BookState, order: Order, limit: int) -> bool:
    best = state.book.side(order.side.opposite).best_price()
    if best is None:
        return False
    return best > limit if order.side is _BUY else best < limit


def _cancel(state: BookState, order: Order, now: int, reason: CancelReason) -> None:
    state.close(order, OrderCanceled(order.order_id, reason, now))


def _protection_limit(state: BookState, order: Order) -> int | None:
    """The worst price a market order may trade at, or None (no protection)."""
    band = state.rules.market_protection
    if band is None or not order.request.market_price_protection:
        return None
    best = state.book.side(order.side.opposite).best_price()
    if best is None:
        return None
    distance = best * band // PARTS_PER_MILLION
    return best + distance if order.side is _BUY else best - distance


def rest(state: BookState, order: Order, now: int) -> None:
    """Put what is left of ``order`` on the book (a limit order: counted in lots)."""
    remaining = order.quantity - order.filled
    display = order.display_quantity
    visible = remaining if display is None or display > remaining else display
    price: int = order.price  # type: ignore[assignment]  # only limit orders rest
    rested = OrderRested(order.order_id, order.side, price, visible, now)
    state.events.append(rested)
    order.apply_rested(rested)
    state.book.add(order)


def arm(state: BookState, order: Order, now: int) -> None:
    """Arm a conditional order on its reference price; it fires at once if the price is
    already there."""
    triggers = state.triggers_for(order)
    reference = state.index_price if triggers is state.index_triggers else state.last_price
    triggers.arm(order, reference)
    check_armed(state, order, now)


def check_armed(state: BookState, order: Order, now: int) -> None:
    """Fire ``order`` now if its reference price already reaches its (new) trigger."""
    triggers = state.triggers_for(order)
    reference = state.index_price if triggers is state.index_triggers else state.last_price
    if reference is not None and state.status not in _TRIGGERS_PAUSED:
        fired = triggers.observe(reference)
        if fired:
            run_fired(state, fired, now)


def fire_triggers(state: BookState, now: int) -> None:
    """Fire the last-price triggers this command's trades reached, and keep going while the
    fired orders' own trades reach more."""
    prices = state.trade_prices
    while prices:
        state.last_price = prices[-1]
        triggers = state.last_triggers
        if not len(triggers) or state.status in _TRIGGERS_PAUSED:
            prices.clear()
            return
        fired: list[Fired] = []
        for price in prices:
            fired.extend(triggers.observe(price))
        prices.clear()
        if len(fired) > 1:
            fired.sort(key=lambda entry: entry.sequence)
        run_fired(state, fired, now)


def fire_index_triggers(state: BookState, now: int) -> None:
    """The index price moved: fire the index triggers it reached."""
    price = state.index_price
    if price is None or not len(state.index_triggers) or state.status in _TRIGGERS_PAUSED:
        return
    run_fired(state, state.index_triggers.observe(price), now)


def run_fired(state: BookState, fired: list[Fired], now: int) -> None:
    funds = state.funds
    for entry in fired:
        order = entry.order
        if not order.status.is_open:
            continue
        limit_price = _triggered_limit(state, order, entry.trigger_price)
        # The order is live now: the accounts look again at what it needs (a market buy: the
        # asks it would take now, not its trigger), before it can trade.
        reason = None
        if funds is not None:
            reason = funds.check_triggered(order, limit_price, state.events)
        event = OrderTriggered(
            order.order_id, entry.trigger_price, entry.reference_price, limit_price, now
        )
        state.events.append(event)
        order.apply_triggered(event)
        if reason is None:
            work(state, order, now)
        else:
            _cancel(state, order, now, CancelReason.INSUFFICIENT_FUNDS)


def _triggered_limit(state: BookState, order: Order, trigger_price: int) -> int | None:
    """The limit price a fired order trades with (None: it becomes a market order)."""
    if order.order_type not in LIMIT_TYPES:
        return None
    offset = order.request.limit_offset
    if offset is None:
        return order.price
    return limit_after_trigger(order.side, trigger_price, offset, state.rules.tick)
