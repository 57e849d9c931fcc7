"""Canceling orders on request (one, by user reference, all of an account, by session) and on
time (GTD expiry, the dead man's switch), and moving the engine's time.

Time is the commands' own: before any command acts, everything due by its timestamp fires, in
time order (expiries at their expiry time, dead man's switches at their trigger time), so a GTD
order never trades after it expired even when no :class:`AdvanceTime` came in between.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from krakenbox.domain.events import (
    CancelAllAfterSet,
    OrderCanceled,
    OrderExpired,
    OrderRejected,
    RejectReason,
)
from krakenbox.domain.orders import CancelReason
from krakenbox.matching.amending import in_scope

_USER_REQUESTED = CancelReason.USER_REQUESTED

if TYPE_CHECKING:
    from krakenbox.domain.commands import CancelAll, CancelAllAfter, CancelOrder, MassCancel
    from krakenbox.domain.orders import Order
    from krakenbox.matching.state import BookState


def cancel(state: BookState, command: CancelOrder) -> None:
    """Handle a CancelOrder: one order by id or client order id, or every open order of the
    account carrying ``user_reference``."""
    order_id = command.order_id
    if order_id is not None:  # the common case, kept short
        order = state.orders.get(order_id)
        session_id = command.session_id
        if (
            order is not None
            and order.account == command.account
            and (session_id is None or order.request.origin.session_id == session_id)  # in_scope
        ):
            state.close(order, OrderCanceled(order_id, _USER_REQUESTED, command.timestamp))
            return
        targets: list[Order] = []
    elif command.client_order_id is None and command.user_reference is not None:
        reference = command.user_reference
        targets = [
            order
            for order in state.orders_of(command.account)
            if order.request.origin.user_reference == reference
            and in_scope(order, command.session_id)
        ]
    else:
        order = state.find(command.account, None, command.client_order_id)
        targets = [order] if order is not None and in_scope(order, command.session_id) else []
    if not targets:
        state.events.append(OrderRejected(command, RejectReason.UNKNOWN_ORDER, command.timestamp))
        return
    cancel_orders(state, targets, _USER_REQUESTED, command.timestamp)


def cancel_all(state: BookState, command: CancelAll) -> None:
    """Handle a CancelAll: every open order of the account on this book."""
    cancel_orders(
        state, state.orders_of(command.account), CancelReason.USER_REQUESTED, command.timestamp
    )


def mass_cancel(state: BookState, command: MassCancel) -> None:
    """Handle a MassCancel: the account's open orders, or those one session placed."""
    targets = [
        order for order in state.orders_of(command.account) if in_scope(order, command.session_id)
    ]
    cancel_orders(state, targets, command.reason, command.timestamp)


def cancel_orders(state: BookState, orders: list[Order], reason: CancelReason, now: int) -> None:
    for order in orders:
        state.close(order, OrderCanceled(order.order_id, reason, now))


def cancel_all_after(state: BookState, command: CancelAllAfter) -> None:
    """Handle a CancelAllAfter: arm, re-arm or disarm the account's dead man's switch."""
    if command.timeout < 0:
        state.events.append(
            OrderRejected(command, RejectReason.INVALID_ARGUMENTS, command.timestamp)
        )
        return
    trigger_time: int | None = None
    if command.timeout == 0:
        state.dead_man_switches.pop(command.account, None)
    else:
        trigger_time = command.timestamp + command.timeout
        state.dead_man_switches[command.account] = trigger_time
    state.recompute_deadline()
    state.events.append(CancelAllAfterSet(command, trigger_time, command.timestamp))


def advance(state: BookState, now: int) -> None:
    """Fire every expiry and dead man's switch due by ``now``, in time order."""
    due: list[tuple[int, int, str]] = []
    expiries = state.expiries
    while expiries and expiries[0][0] <= now:
        expire_time, order_id = heapq.heappop(expiries)
        due.append((expire_time, 0, order_id))
    switches = state.dead_man_switches
    for account, trigger_time in list(switches.items()):
        if trigger_time <= now:
            del switches[account]
            due.append((trigger_time, 1, account))
    due.sort()
    for moment, kind, key in due:
        if kind == 0:
            order = state.orders.get(key)
            if order is not None and order.request.expire_time == moment:
                state.close(order, OrderExpired(key, moment))
        else:
            cancel_orders(state, state.orders_of(key), CancelReason.DEAD_MAN_SWITCH, moment)
    state.recompute_deadline()
