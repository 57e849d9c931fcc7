"""Changing open orders: amend in place (same ids) and edit (cancel and replace, new id).

Queue priority on amend (Kraken: "kept where possible"; its Exchange Trading Rules: "if the
limit price is amended the order is placed at the back of the new price queue"): an order keeps
its place when its price is unchanged and neither its quantity nor what it shows goes up. A
quantity increase or a larger shown quantity sends it to the back of its level; a new price
moves it to the back of the new level, and if that price would take liquidity the order
trades first (or, with ``post_only`` on the amend or the order, the amend is refused). A new
quantity at or below the filled quantity cancels the rest.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from krakenbox.domain.events import OrderAmended, OrderCanceled, OrderRejected, RejectReason
from krakenbox.domain.instruments import MarketStatus
from krakenbox.domain.orders import CancelReason, Order
from krakenbox.matching.placing import check_armed, place, work
from krakenbox.matching.validation import check_submit, valid_display

if TYPE_CHECKING:
    from krakenbox.domain.commands import AmendOrder, EditOrder, SubmitOrder
    from krakenbox.matching.state import BookState


def in_scope(order: Order, session_id: str | None) -> bool:
    """Whether a command limited to ``session_id`` (None: no limit) may touch ``order``."""
    return session_id is None or order.request.origin.session_id == session_id


def amend(state: BookState, command: AmendOrder) -> None:
    """Handle an AmendOrder."""
    order = state.find(command.account, command.order_id, command.client_order_id)
    if order is None or not in_scope(order, command.session_id):
        reason: RejectReason | None = RejectReason.UNKNOWN_ORDER
    elif state.status is MarketStatus.CANCEL_ONLY:
        reason = RejectReason.MARKET_CANCEL_ONLY
    else:
        reason = _check_amend(state, order, command)
    if reason is not None:
        state.events.append(OrderRejected(command, reason, command.timestamp))
        return
    assert order is not None
    _apply_amend(state, order, command)


def _check_amend(state: BookState, order: Order, command: AmendOrder) -> RejectReason | None:
    reason = _check_fields(state, order, command)
    if reason is not None:
        return reason
    quantity = order.quantity if command.quantity is None else command.quantity
    price = order.price if command.price is None else command.price
    if price != order.price and _is_live(order) and state.book.crosses(order.side, price):  # type: ignore[arg-type]
        post_only = command.post_only or order.request.post_only
        if post_only or state.status is MarketStatus.POST_ONLY:
            return RejectReason.POST_ONLY_WOULD_TAKE
    if state.funds is not None and (quantity > order.quantity or price != order.price):
        return state.funds.check_amend(order, quantity, price)
    return None


def _check_fields(state: BookState, order: Order, command: AmendOrder) -> RejectReason | None:
    """Each field given must apply to this order and be valid; something must change."""
    rules = state.rules
    untriggered = order.triggered is False
    changes = False
    if command.quantity is not None:
        if command.quantity <= 0:
            return RejectReason.INVALID_QUANTITY
        changes |= command.quantity != order.quantity
    if command.price is not None:
        if order.price is None:
            return RejectReason.NOT_AMENDABLE
        if command.price <= 0:
            return RejectReason.INVALID_PRICE
        if command.price % rules.tick:
            return RejectReason.TICK_SIZE
        changes |= command.price != order.price
    if command.trigger_price is not None:
        if not untriggered or order.order_type.is_trailing:
            return RejectReason.NOT_AMENDABLE
        if command.trigger_price <= 0:
            return RejectReason.INVALID_PRICE
        if command.trigger_price % rules.tick:
            return RejectReason.TICK_SIZE
        changes |= command.trigger_price != order.trigger_price
    if command.trailing_offset is not None:
        if not untriggered or not order.order_type.is_trailing:
            return RejectReason.NOT_AMENDABLE
        if command.trailing_offset.amount <= 0:
            return RejectReason.INVALID_ARGUMENTS
        changes |= command.trailing_offset != order.trailing_offset
    if command.display_quantity is not None:
        if order.display_quantity is None:
            return RejectReason.NOT_AMENDABLE
        quantity = order.quantity if command.quantity is None else command.quantity
        remaining = max(quantity - order.filled, 1)
        if not valid_display(
            rules, command.display_quantity, max(remaining, command.display_quantity)
        ):
            return RejectReason.INVALID_DISPLAY_QUANTITY
        changes |= command.display_quantity != order.display_quantity
    new_client_id = command.new_client_order_id
    if new_client_id is not None and new_client_id != order.client_order_id:
        if (order.account, new_client_id) in state.by_client_id:
            return RejectReason.DUPLICATE_CLIENT_ORDER_ID
        changes = True
    return None if changes else RejectReason.NO_AMENDABLE_PARAMETERS


def _is_live(order: Order) -> bool:
    """On the book or about to be: not a conditional order still waiting for its trigger."""
    return order.triggered is not False


def _apply_amend(state: BookState, order: Order, command: AmendOrder) -> None:
    now = command.timestamp
    quantity = order.quantity if command.quantity is None else command.quantity
    if quantity <= order.filled:
        state.close(order, OrderCanceled(order.order_id, CancelReason.AMENDED_BELOW_FILLED, now))
        return
    price = order.price if command.price is None else command.price
    trigger_price = order.trigger_price if command.trigger_price is None else command.trigger_price
    offset = order.trailing_offset if command.trailing_offset is None else command.trailing_offset
    display = (
        order.display_quantity if command.display_quantity is None else command.display_quantity
    )
    remaining = quantity - order.filled
    crossing = price != order.price and _is_live(order) and state.book.crosses(order.side, price)  # type: ignore[arg-type]
    visible = 0
    if order.resting and not crossing:
        visible = remaining if display is None or display > remaining else display
    rearm = command.trigger_price is not None or command.trailing_offset is not None
    priority_kept = (
        price == order.price
        and quantity <= order.quantity
        and visible <= order.visible
        and not rearm
    )
    client_order_id = command.new_client_order_id or order.client_order_id
    event = OrderAmended(
        order.order_id,
        quantity,
        price,
        trigger_price,
        offset,
        display,
        visible,
        priority_kept,
        client_order_id,
        now,
    )
    _refile_client_id(state, order, client_order_id)
    state.events.append(event)
    if order.resting:
        _amend_resting(state, order, event, crossing)
    else:
        order.apply_amended(event)
        if order.triggered is False and rearm:
            _rearm(state, order, now)
    if crossing:
        work(state, order, now)


def _amend_resting(state: BookState, order: Order, event: OrderAmended, crossing: bool) -> None:
    book = state.book
    previous_visible = order.visible
    if event.priority_kept:
        order.apply_amended(event)
        book.resize(order, order.visible - previous_visible)
    elif event.price != order.price or crossing:
        book.remove(order)
        order.apply_amended(event)
        if order.resting:
            book.add(order)
    else:
        order.apply_amended(event)
        book.requeue(order, previous_visible)


def _rearm(state: BookState, order: Order, now: int) -> None:
    """A conditional order's trigger moved: a static trigger is filed again (behind the
    others); a trailing one keeps its extreme and reads the new offset from the order. Either
    may fire at once."""
    if not order.order_type.is_trailing:
        triggers = state.triggers_for(order)
        triggers.disarm(order.order_id)
        reference = state.index_price if triggers is state.index_triggers else state.last_price
        triggers.arm(order, reference)
    check_armed(state, order, now)


def _refile_client_id(state: BookState, order: Order, client_order_id: str | None) -> None:
    if client_order_id == order.client_order_id:
        return
    if order.client_order_id is not None:
        state.by_client_id.pop((order.account, order.client_order_id), None)
    if client_order_id is not None:
        state.by_client_id[order.account, client_order_id] = order


def edit(state: BookState, command: EditOrder) -> None:
    """Handle an EditOrder: cancel the order and place its replacement under a new id."""
    order = state.find(command.account, command.order_id, None)
    reason: RejectReason | None = None
    if order is None or not in_scope(order, command.session_id):
        reason = RejectReason.UNKNOWN_ORDER
    elif order.order_type.is_conditional:
        reason = RejectReason.NOT_AMENDABLE
    elif command.quantity is not None and command.quantity <= order.filled:
        reason = RejectReason.INVALID_QUANTITY
    if reason is None:
        assert order is not None
        request = _replacement(order, command)
        reason = check_submit(state.rules, state.status, request)
        if reason is None and state.funds is not None:
            reason = state.funds.check_order(request, order)
    if reason is not None:
        state.events.append(OrderRejected(command, reason, command.timestamp))
        return
    assert order is not None
    state.close(order, OrderCanceled(order.order_id, CancelReason.REPLACED, command.timestamp))
    place(state, request, state.order_ids.next_id(), order.order_id)


def _replacement(order: Order, command: EditOrder) -> SubmitOrder:
    old = order.request
    origin = command.origin
    if origin is None:
        origin = replace(old.origin, client_order_id=None, user_reference=None)
    if command.user_reference is not None:
        origin = replace(origin, user_reference=command.user_reference)
    quantity = order.quantity if command.quantity is None else command.quantity
    return replace(
        old,
        quantity=quantity - order.filled,
        price=order.price if command.price is None else command.price,
        display_quantity=order.display_quantity
        if command.display_quantity is None
        else command.display_quantity,
        post_only=old.post_only if command.post_only is None else command.post_only,
        origin=origin,
        timestamp=command.timestamp,
    )
