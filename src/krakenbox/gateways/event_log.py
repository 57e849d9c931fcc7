"""One log line per event worth a line: an order refused, a trade, an order canceled by a rule
(self-trade, post-only, cancel on disconnect, ...), a deposit or withdrawal. Each carries the
ids a log search needs as ``extra`` fields (``account``, ``order``, ``session``, ``pair``), so
``--log-format json`` gives them as keys. Order acceptance is DEBUG: busy venues make many."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from krakenbox.domain.account_events import (
    FundsDeposited,
    FundsTransferredToFutures,
    FundsWithdrawn,
    MoneyRejected,
)
from krakenbox.domain.events import OrderAccepted, OrderCanceled, OrderRejected, TradeExecuted
from krakenbox.domain.orders import CancelReason
from krakenbox.venue.spot import Listener, Published

if TYPE_CHECKING:
    from krakenbox.domain.orders import Order

log = logging.getLogger("krakenbox.venue")

_OWNER_CANCELS = frozenset({CancelReason.USER_REQUESTED, CancelReason.MASS_CANCEL})


_MONEY_KINDS = {
    FundsDeposited: "deposit",
    FundsWithdrawn: "withdrawal",
    FundsTransferredToFutures: "transfer to the Futures wallet",
}


class EventLog(Listener):
    def on_event(self, published: Published, event: Any, orders: tuple[Order, ...]) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        pair = published.pair
        if isinstance(event, OrderRejected):
            command = event.command
            log.info(
                "order refused: %s",
                event.reason.value,
                extra={
                    "account": command.account,
                    "pair": pair,
                    "session": getattr(getattr(command, "origin", None), "session_id", None),
                },
            )
        elif isinstance(event, TradeExecuted):
            log.info(
                "trade %s: %s lots at %s",
                event.execution_id,
                event.quantity,
                event.price,
                extra={
                    "pair": pair,
                    "taker": event.taker_account,
                    "maker": event.maker_account,
                    "taker_order": event.taker_order_id,
                    "maker_order": event.maker_order_id,
                },
            )
        elif isinstance(event, OrderCanceled) and event.reason not in _OWNER_CANCELS:
            for order in orders:
                log.info(
                    "order canceled: %s",
                    event.reason.value,
                    extra={
                        "account": order.account,
                        "order": order.order_id,
                        "pair": pair,
                        "session": order.request.origin.session_id,
                    },
                )
        elif isinstance(event, OrderAccepted) and log.isEnabledFor(logging.DEBUG):
            origin = event.request.origin
            log.debug(
                "order accepted",
                extra={
                    "account": event.request.account,
                    "order": event.order_id,
                    "pair": pair,
                    "session": origin.session_id,
                },
            )

    def on_published(self, published: Published) -> None:
        if published.pair is not None or not log.isEnabledFor(logging.INFO):
            return
        for event in published.events:
            if isinstance(event, (FundsDeposited, FundsWithdrawn, FundsTransferredToFutures)):
                kind = _MONEY_KINDS[type(event)]
                log.info(
                    "%s of %s %s",
                    kind,
                    event.amount,
                    event.asset,
                    extra={"account": event.account, "ledger": event.ledger_id},
                )
            elif isinstance(event, MoneyRejected):
                log.info(
                    "money refused: %s",
                    event.reason.value,
                    extra={"command": type(event.command).__name__},
                )
